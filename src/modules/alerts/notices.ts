import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { LOCALES } from '../../i18n/index.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { LonLat } from '../../lib/geo.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { enqueueNotificationsFrom } from '../notifications/outbox.ts';
import { closedRing, resolveArea } from './areas.ts';
import type { NoticeCreateInput, NoticeUpdateInput } from './schemas.ts';
import type { AlertNoticesTable } from './tables.ts';

/**
 * Emergency notices: staff (alerts:publish) write a notice — title and body per language,
 * severity, urgency and certainty (CAP's), an area (the jurisdiction, a district or a drawn
 * polygon), a start and an expiry — as a draft, publish it, update it and cancel it. Every
 * publication, update and cancellation is a CAP message (Alert, Update, Cancel) with its own
 * identifier, referencing the earlier ones. Publishing fans out to every confirmed subscriber whose
 * area intersects the notice's, in their language, by e-mail and SMS: one INSERT … SELECT into the
 * notification outbox per channel, in the publishing transaction.
 */

export const NOTICE_TEMPLATE = 'alerts.notice';

export type NoticeStatus = 'draft' | 'published' | 'cancelled' | 'expired';

export interface NoticeMessage {
  id: number;
  msgType: 'Alert' | 'Update' | 'Cancel';
  identifier: string;
  sentAt: Date;
  recipients: number;
}

export interface Notice {
  id: number;
  jurisdictionId: string;
  /** The stored status, with `expired` for a published notice past its expiry. */
  status: NoticeStatus;
  severity: AlertNoticesTable['severity'];
  urgency: AlertNoticesTable['urgency'];
  certainty: AlertNoticesTable['certainty'];
  category: AlertNoticesTable['category'];
  event: Record<string, string>;
  title: Record<string, string>;
  body: Record<string, string>;
  instruction: Record<string, string>;
  area: { kind: AlertNoticesTable['area_kind']; districtId: string | null; description: Record<string, string>; ring: LonLat[] };
  startsAt: Date;
  expiresAt: Date;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  messages: NoticeMessage[];
}

type NoticeRow = Selectable<AlertNoticesTable>;

function selectNoticeRows(db: Db) {
  return db.selectFrom('alert_notices').selectAll();
}

const statusOf = (row: { status: string; expires_at: Date }, now: Date): NoticeStatus =>
  row.status === 'published' && row.expires_at.getTime() <= now.getTime() ? 'expired' : (row.status as NoticeStatus);

function toNotice(row: NoticeRow, messages: NoticeMessage[], now: Date): Notice {
  return {
    id: Number(row.id),
    jurisdictionId: row.jurisdiction_id,
    status: statusOf(row, now),
    severity: row.severity,
    urgency: row.urgency,
    certainty: row.certainty,
    category: row.category,
    event: row.event,
    title: row.title,
    body: row.body,
    instruction: row.instruction,
    area: { kind: row.area_kind, districtId: row.district_id, description: row.area_desc, ring: closedRing(row.area) },
    startsAt: row.starts_at,
    expiresAt: row.expires_at,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    cancelledAt: row.cancelled_at,
    messages,
  };
}

async function messagesOf(db: Db, ids: number[]): Promise<Map<number, NoticeMessage[]>> {
  const out = new Map<number, NoticeMessage[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('alert_notice_messages').selectAll().where('notice_id', 'in', ids).orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(Number(r.notice_id)) ?? [];
    list.push({ id: Number(r.id), msgType: r.msg_type, identifier: r.identifier, sentAt: r.sent_at, recipients: Number(r.recipients) });
    out.set(Number(r.notice_id), list);
  }
  return out;
}

async function load(db: Db, id: number, now: Date, lock = false): Promise<Notice> {
  let q = selectNoticeRows(db).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Notice', id);
  return toNotice(row, (await messagesOf(db, [id])).get(id) ?? [], now);
}

export async function getNotice(deps: Deps, id: number): Promise<Notice> {
  return load(deps.db, id, deps.clock.now());
}

/** Notices newest first; `current` = published, started and not expired. */
export async function listNotices(deps: Deps, filter: { status?: NoticeStatus | 'current'; limit?: number } = {}): Promise<Notice[]> {
  const now = deps.clock.now();
  let q = selectNoticeRows(deps.db);
  switch (filter.status) {
    case 'current':
      q = q.where('status', '=', 'published').where('starts_at', '<=', now).where('expires_at', '>', now);
      break;
    case 'expired':
      q = q.where('status', '=', 'published').where('expires_at', '<=', now);
      break;
    case 'published':
      q = q.where('status', '=', 'published').where('expires_at', '>', now);
      break;
    case undefined:
      break;
    default:
      q = q.where('status', '=', filter.status);
  }
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 50).execute();
  const messages = await messagesOf(deps.db, rows.map((r) => Number(r.id)));
  return rows.map((r) => toNotice(r, messages.get(Number(r.id)) ?? [], now));
}

/** Published notices that are in force now (the portal banner), most severe first. */
export async function currentNotices(deps: Deps): Promise<Notice[]> {
  const order = { extreme: 0, severe: 1, moderate: 2, minor: 3 } as const;
  return (await listNotices(deps, { status: 'current', limit: 20 })).sort((a, b) => order[a.severity] - order[b.severity] || b.startsAt.getTime() - a.startsAt.getTime());
}

/** Published, cancelled and expired notices changed in the last `days` days (the feeds). */
export async function recentNotices(deps: Deps, days = 30, limit = 100): Promise<Notice[]> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000);
  const rows = await selectNoticeRows(deps.db).where('status', 'in', ['published', 'cancelled']).where('updated_at', '>=', since).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  const messages = await messagesOf(deps.db, rows.map((r) => Number(r.id)));
  const now = deps.clock.now();
  return rows.map((r) => toNotice(r, messages.get(Number(r.id)) ?? [], now));
}

const json = (v: Record<string, string | undefined> | undefined): string => JSON.stringify(Object.fromEntries(Object.entries(v ?? {}).filter(([, x]) => x !== undefined)));

function checkTimes(startsAt: Date, expiresAt: Date): void {
  if (expiresAt.getTime() <= startsAt.getTime()) throw new AppError('validation_failed', 400, 'expiresAt must be after startsAt', { field: 'body.expiresAt' });
}

export interface FanOut {
  email: number;
  sms: number;
}

/** Writes a CAP message of the notice and, when asked, queues it for every subscriber whose area meets the notice's. */
async function sendMessage(trx: Db, publicUrl: string, notice: { id: number; jurisdictionId: string; area: string; areaKind: string; districtId: string | null }, msgType: NoticeMessage['msgType'], at: Date, notify: boolean): Promise<FanOut> {
  const inserted = await trx
    .insertInto('alert_notice_messages')
    .values({ notice_id: notice.id, msg_type: msgType, identifier: `pending-${notice.id}-${at.getTime()}-${Math.random().toString(36).slice(2)}`, sent_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const messageId = Number(inserted.id);
  await trx.updateTable('alert_notice_messages').set({ identifier: `${notice.jurisdictionId}-notice-${notice.id}-${messageId}` }).where('id', '=', messageId).execute();
  const counts: FanOut = { email: 0, sms: 0 };
  if (!notify) return counts;
  const unsubscribe = `${publicUrl}/api/v1/alerts/subscriptions/unsubscribe?token=`;
  for (const channel of ['email', 'sms'] as const) {
    // E-mail templates render without the database, so an e-mail row carries the notice's words in
    // its recipient's language (English where there is no translation), built once per language
    // and joined; a text is rendered at delivery.
    const text = (column: string) => sql`coalesce(n.${sql.ref(column)} ->> l.locale, n.${sql.ref(column)} ->> 'en', '')`;
    const words =
      channel === 'email'
        ? sql`jsonb_build_object('title', ${text('title')}, 'body', ${text('body')}, 'instruction', ${text('instruction')}, 'event', ${text('event')},
                'area', ${text('area_desc')}, 'severity', n.severity, 'expiresAt', n.expires_at)`
        : sql`'{}'::jsonb`;
    // Everyone confirmed on this channel whose area meets the notice's: one row per address (their latest language).
    const recipients = sql`
      WITH words AS MATERIALIZED (
        SELECT l.locale, ${words} AS data
          FROM alert_notices n, unnest(${sql.raw(`ARRAY['${LOCALES.join("','")}']`)}::text[]) AS l (locale)
         WHERE n.id = ${notice.id})
      SELECT DISTINCT ON (s.address) s.address AS recipient, s.locale,
             w.data || jsonb_build_object('unsubscribeUrl', ${unsubscribe}::text || s.unsubscribe_token) AS data, 'alerts' AS scope
        FROM alert_subscriptions s
        JOIN words w ON w.locale = s.locale
       WHERE s.channel = ${channel} AND s.notices
         AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
         AND s.area && ${notice.area}::polygon
         -- Neighbouring districts share their border, and && counts a shared point as overlap:
         -- a district's subscribers hear of another district's notice only if they drew their own area.
         AND (s.area_kind <> 'district' OR ${notice.areaKind}::text <> 'district' OR s.district_id = ${notice.districtId})
       ORDER BY s.address, s.id DESC`;
    counts[channel] = await enqueueNotificationsFrom(
      trx,
      recipients,
      { eventKey: `notice:${notice.id}:${messageId}`, channel, template: NOTICE_TEMPLATE, data: { noticeId: notice.id, messageId, msgType }, hasData: true, hasScope: true },
      at,
    );
  }
  await trx.updateTable('alert_notice_messages').set({ recipients: counts.email + counts.sms }).where('id', '=', messageId).execute();
  return counts;
}

/** Who changes a notice (for the audit log) and where residents reach Frontdoor (the unsubscribe links). */
export type NoticeContext = AuditContext & { publicUrl: string };

export interface NoticeChange {
  notice: Notice;
  queued: FanOut;
}

/** Writes a notice, as a draft or published at once. */
export async function createNotice(deps: Deps, input: NoticeCreateInput, ctx: NoticeContext & { createdBy: string }): Promise<NoticeChange> {
  const now = deps.clock.now();
  const jurisdiction = await getJurisdiction(deps, input.jurisdictionId ? { id: input.jurisdictionId } : {});
  const area = await resolveArea(deps, jurisdiction.id, input.area);
  const startsAt = input.startsAt ?? now;
  checkTimes(startsAt, input.expiresAt);
  if (input.publish && input.expiresAt.getTime() <= now.getTime()) throw new AppError('validation_failed', 400, 'expiresAt is in the past: the notice would never show', { field: 'body.expiresAt' });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('alert_notices')
      .values({
        jurisdiction_id: jurisdiction.id,
        status: input.publish ? 'published' : 'draft',
        severity: input.severity,
        urgency: input.urgency,
        certainty: input.certainty,
        category: input.category,
        event: json(input.event),
        title: json(input.title),
        body: json(input.body),
        instruction: json(input.instruction),
        area_kind: area.kind === 'point' ? 'polygon' : area.kind,
        district_id: area.districtId,
        area_desc: JSON.stringify(area.description),
        area: area.polygon,
        starts_at: startsAt,
        expires_at: input.expiresAt,
        created_by: ctx.createdBy,
        created_at: now,
        updated_at: now,
        published_at: input.publish ? now : null,
      })
      .returning(['id', 'area', 'area_kind', 'district_id'])
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const queued = input.publish ? await sendMessage(trx, ctx.publicUrl, { id, jurisdictionId: jurisdiction.id, area: row.area, areaKind: row.area_kind, districtId: row.district_id }, 'Alert', now, true) : { email: 0, sms: 0 };
    await recordAudit(trx, { ...ctx, at: now, action: input.publish ? 'notice.published' : 'notice.created', target: { kind: 'notice', id }, data: { severity: input.severity, queued } });
    return { notice: await load(trx, id, now), queued };
  });
}

async function lockForChange(trx: Db, id: number, expectedVersion: number, now: Date): Promise<Notice> {
  const notice = await load(trx, id, now, true);
  if (notice.version !== expectedVersion) {
    throw conflict('stale_version', `Notice ${id} was changed since version ${expectedVersion}; it is now version ${notice.version}`, { field: 'expectedVersion', currentVersion: notice.version });
  }
  return notice;
}

/** Changes a draft or a published notice. A published notice's change is a CAP Update, sent to subscribers when `notify`. */
export async function updateNotice(deps: Deps, id: number, input: NoticeUpdateInput, ctx: NoticeContext): Promise<NoticeChange> {
  const now = deps.clock.now();
  const before = await getNotice(deps, id);
  const area = input.area ? await resolveArea(deps, before.jurisdictionId, input.area) : null;
  return deps.db.transaction().execute(async (trx) => {
    const notice = await lockForChange(trx, id, input.expectedVersion, now);
    if (notice.status === 'cancelled' || notice.status === 'expired') throw conflict('notice_closed', `Notice ${id} is ${notice.status}; write a new notice instead`, { field: 'status' });
    checkTimes(input.startsAt ?? notice.startsAt, input.expiresAt ?? notice.expiresAt);
    const merge = (old: Record<string, string>, next: Record<string, string | undefined> | undefined) => (next ? json(next) : JSON.stringify(old));
    const row = await trx
      .updateTable('alert_notices')
      .set({
        severity: input.severity ?? notice.severity,
        urgency: input.urgency ?? notice.urgency,
        certainty: input.certainty ?? notice.certainty,
        category: input.category ?? notice.category,
        event: merge(notice.event, input.event),
        title: merge(notice.title, input.title),
        body: merge(notice.body, input.body),
        instruction: merge(notice.instruction, input.instruction),
        ...(area && { area_kind: area.kind === 'point' ? 'polygon' : area.kind, district_id: area.districtId, area_desc: JSON.stringify(area.description), area: area.polygon }),
        starts_at: input.startsAt ?? notice.startsAt,
        expires_at: input.expiresAt ?? notice.expiresAt,
        version: notice.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .returning(['area', 'area_kind', 'district_id'])
      .executeTakeFirstOrThrow();
    const queued = notice.status === 'published' ? await sendMessage(trx, ctx.publicUrl, { id, jurisdictionId: notice.jurisdictionId, area: row.area, areaKind: row.area_kind, districtId: row.district_id }, 'Update', now, input.notify) : { email: 0, sms: 0 };
    await recordAudit(trx, { ...ctx, at: now, action: 'notice.updated', target: { kind: 'notice', id }, data: { fields: Object.keys(input).filter((k) => k !== 'expectedVersion'), queued } });
    return { notice: await load(trx, id, now), queued };
  });
}

/** Publishes a draft: a CAP Alert, sent to every subscriber in the area. */
export async function publishNotice(deps: Deps, id: number, expectedVersion: number, ctx: NoticeContext): Promise<NoticeChange> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const notice = await lockForChange(trx, id, expectedVersion, now);
    if (notice.status !== 'draft') throw conflict('invalid_transition', `Notice ${id} is ${notice.status}; only a draft can be published`, { field: 'status' });
    if (notice.expiresAt.getTime() <= now.getTime()) throw new AppError('validation_failed', 400, 'The notice expired before it was published; change expiresAt first', { field: 'expiresAt' });
    const row = await trx
      .updateTable('alert_notices')
      .set({ status: 'published', published_at: now, updated_at: now, version: notice.version + 1 })
      .where('id', '=', id)
      .returning(['area', 'area_kind', 'district_id'])
      .executeTakeFirstOrThrow();
    const queued = await sendMessage(trx, ctx.publicUrl, { id, jurisdictionId: notice.jurisdictionId, area: row.area, areaKind: row.area_kind, districtId: row.district_id }, 'Alert', now, true);
    await recordAudit(trx, { ...ctx, at: now, action: 'notice.published', target: { kind: 'notice', id }, data: { queued } });
    return { notice: await load(trx, id, now), queued };
  });
}

/** Cancels a draft or a published notice; a published one gets a CAP Cancel, sent to subscribers when `notify`. */
export async function cancelNotice(deps: Deps, id: number, expectedVersion: number, notify: boolean, ctx: NoticeContext): Promise<NoticeChange> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const notice = await lockForChange(trx, id, expectedVersion, now);
    if (notice.status === 'cancelled') throw conflict('invalid_transition', `Notice ${id} is already cancelled`, { field: 'status' });
    const row = await trx
      .updateTable('alert_notices')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now, version: notice.version + 1 })
      .where('id', '=', id)
      .returning(['area', 'area_kind', 'district_id'])
      .executeTakeFirstOrThrow();
    const wasSent = notice.status === 'published' || notice.status === 'expired';
    const queued = wasSent ? await sendMessage(trx, ctx.publicUrl, { id, jurisdictionId: notice.jurisdictionId, area: row.area, areaKind: row.area_kind, districtId: row.district_id }, 'Cancel', now, notify && notice.status === 'published') : { email: 0, sms: 0 };
    await recordAudit(trx, { ...ctx, at: now, action: 'notice.cancelled', target: { kind: 'notice', id }, data: { queued } });
    return { notice: await load(trx, id, now), queued };
  });
}
