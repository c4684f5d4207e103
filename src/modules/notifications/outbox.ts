/**
 * The notification outbox (issue 8, part 1).
 *
 * API for every module that notifies someone (requests, SMS, alerts, notices):
 *
 *   enqueueNotifications(trx, items, at?) → Promise<number>
 *     Written inside the CALLER's transaction (`trx`), never its own: the notification exists iff
 *     the change does. Each item is { eventKey, channel: 'email' | 'sms', recipient, locale,
 *     template, data, scope? }. (eventKey, channel, recipient) is unique: a repeat is ignored, so
 *     code that runs twice notifies once. Recipients who unsubscribed (from `scope`, e.g.
 *     'request:123', or from everything), bounce, or texted STOP are left out. Returns how many
 *     rows were queued. Pass `at` = deps.clock.now() (it is the time the delivery job is due).
 *
 *   enqueueNotificationsFrom(trx, recipients, common, at?) → Promise<number>
 *     Bulk fan-out in ONE `INSERT … SELECT`: `recipients` is a Kysely `sql` query returning the
 *     columns (recipient, locale) and optionally (data, scope); `common` = { eventKey, channel,
 *     template, data }. 100,000 subscribers of an emergency notice are queued in one statement.
 *
 *   registerChannel(channel, deliver)  (or a ChannelRegistry passed to notificationJobHandlers)
 *     deliver(row: OutboxRow, deps) → Promise<{ providerId?, response? }>: send it, or throw —
 *     a PermanentDeliveryError dead-letters at once, any other error is retried with back-off.
 *
 *   notificationJobHandlers(registry?) — the job handlers to give the Worker (`src/jobs/queue.ts`).
 *   suppressRecipient / isSuppressed — unsubscribes, bounces, STOP.
 *   listDeadLetters / retryDeadLetter — what an administrator sees at /api/v1/notifications/dead-letters.
 *
 * Delivery: each outbox row has one job `notifications.deliver` in the durable job queue, inserted
 * by the same statement as the row. The job claims with a lease, retries with exponential back-off
 * (the queue's) up to MAX_ATTEMPTS, and the outbox row is marked `failed` (a dead letter) on the
 * last failed attempt or on a permanent failure. A delivered row is marked `delivered` in ONE
 * UPDATE that also records the provider's answer; a row that is no longer `pending` is never sent
 * again, so a job that runs twice (lease expired, restart) sends once.
 *
 * The at-least-once window: a crash after the provider accepted a message and before that UPDATE
 * commits leaves the row `pending`, and the retry sends it again. The window is the time between the
 * provider's "250 OK" and our commit (one round trip to the database). It is closed for the
 * receiving side by identity: every e-mail's Message-ID is derived from the outbox id
 * (`<n{id}.{eventHash}@host>`) and every SMS carries the outbox id as its idempotency key, so a
 * re-send after a crash is the same message, detectable and dropped as a duplicate by the
 * receiver (and by our own inbound threading). docs/notifications.md has the details.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { JobHandler } from '../../jobs/queue.ts';
import type { NotificationChannel, OutboxRow } from './tables.ts';

export type { NotificationChannel, OutboxRow } from './tables.ts';

export const DELIVER_JOB = 'notifications.deliver';
/** Attempts per notification: with the queue's back-off (5 s doubling) the last is ~10 minutes after the first. */
export const MAX_ATTEMPTS = 8;
export const LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;

export interface NotificationItem {
  /** The event that causes it, e.g. 'request:123:status:5' or 'notice:9'. */
  eventKey: string;
  channel: NotificationChannel;
  /** E-mail address or E.164 phone number. */
  recipient: string;
  /** en | es | vi | zh-Hant | ru (anything else is sent in English). */
  locale: string;
  /** e.g. 'request.received', 'notice.published'. */
  template: string;
  data: Record<string, unknown>;
  /** What the recipient can unsubscribe from besides everything, e.g. 'request:123'; default 'all'. */
  scope?: string;
}

/** Recipients are compared as written, except that e-mail addresses are lower-cased. */
export function normalizeRecipient(channel: NotificationChannel, recipient: string): string {
  const r = recipient.trim();
  return channel === 'email' ? r.toLowerCase() : r.replace(/[\s().-]/g, '');
}

function normalizeLocale(locale: string): string {
  return (LOCALES as readonly string[]).includes(locale) ? locale : 'en';
}

/**
 * Queues notifications inside the caller's transaction. Returns how many were queued (repeats of
 * an (eventKey, channel, recipient) and suppressed recipients are not).
 */
export async function enqueueNotifications(trx: Db, items: NotificationItem[], at: Date = new Date()): Promise<number> {
  if (!items.length) return 0;
  const rows = items.map((i) => ({
    event_key: i.eventKey,
    channel: i.channel,
    recipient: normalizeRecipient(i.channel, i.recipient),
    locale: normalizeLocale(i.locale),
    template: i.template,
    data: i.data,
    scope: i.scope ?? 'all',
  }));
  const input = sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
    AS i (event_key text, channel text, recipient text, locale text, template text, data jsonb, scope text)`;
  return insertFromSelect(trx, input, at);
}

/**
 * Bulk fan-out in one statement. `recipients` returns (recipient, locale) and optionally
 * (data jsonb — merged over common.data — and scope); e-mail recipients should be lower-case.
 */
export async function enqueueNotificationsFrom(
  trx: Db,
  recipients: RawBuilder<unknown>,
  common: { eventKey: string; channel: NotificationChannel; template: string; data: Record<string, unknown>; hasData?: boolean; hasScope?: boolean },
  at: Date = new Date(),
): Promise<number> {
  const input = sql`SELECT ${common.eventKey}::text AS event_key, ${common.channel}::text AS channel, r.recipient::text AS recipient,
      CASE WHEN r.locale IN ('en', 'es', 'vi', 'zh-Hant', 'ru') THEN r.locale ELSE 'en' END AS locale,
      ${common.template}::text AS template,
      ${JSON.stringify(common.data)}::jsonb ${common.hasData ? sql`|| coalesce(r.data, '{}'::jsonb)` : sql``} AS data,
      ${common.hasScope ? sql`coalesce(r.scope, 'all')` : sql`'all'`}::text AS scope
    FROM (${recipients}) AS r`;
  return insertFromSelect(trx, input, at);
}

async function insertFromSelect(trx: Db, input: RawBuilder<unknown>, at: Date): Promise<number> {
  const { rows } = await sql<{ queued: number }>`
    WITH input AS (${input}),
    queued AS (
      INSERT INTO notification_outbox (event_key, channel, recipient, locale, template, data, scope, created_at)
      SELECT i.event_key, i.channel, i.recipient, i.locale, i.template, i.data, i.scope, ${at}
        FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM notification_suppressions s
                          WHERE s.channel = i.channel AND s.recipient = i.recipient AND s.scope IN ('all', i.scope))
      ON CONFLICT (event_key, channel, recipient) DO NOTHING
      RETURNING id),
    jobs AS (
      INSERT INTO jobs (name, payload, run_at, max_attempts, created_at)
      SELECT ${DELIVER_JOB}, jsonb_build_object('outboxId', id), ${at}, ${MAX_ATTEMPTS}, ${at} FROM queued
      RETURNING 1)
    SELECT count(*)::int AS queued FROM jobs`.execute(trx);
  return Number(rows[0]?.queued ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Suppressions

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'stop' | 'complaint';

/** Stops a channel's messages to a recipient, for one scope ('request:123') or 'all'. Idempotent. */
export async function suppressRecipient(
  db: Db,
  s: { channel: NotificationChannel; recipient: string; scope?: string; reason: SuppressionReason; detail?: string | null },
  at: Date,
): Promise<void> {
  await db
    .insertInto('notification_suppressions')
    .values({ channel: s.channel, recipient: normalizeRecipient(s.channel, s.recipient), scope: s.scope ?? 'all', reason: s.reason, detail: s.detail ?? null, created_at: at })
    .onConflict((oc) => oc.columns(['channel', 'recipient', 'scope']).doUpdateSet({ reason: s.reason, detail: s.detail ?? null, created_at: at }))
    .execute();
}

/** Lifts a suppression (a resident who texted START, an address that works again). */
export async function unsuppressRecipient(db: Db, s: { channel: NotificationChannel; recipient: string; scope?: string }): Promise<void> {
  await db
    .deleteFrom('notification_suppressions')
    .where('channel', '=', s.channel)
    .where('recipient', '=', normalizeRecipient(s.channel, s.recipient))
    .where('scope', '=', s.scope ?? 'all')
    .execute();
}

/** Whether messages of `scope` to this recipient are suppressed (by that scope or by 'all'). */
export async function isSuppressed(db: Db, channel: NotificationChannel, recipient: string, scope = 'all'): Promise<boolean> {
  const row = await db
    .selectFrom('notification_suppressions')
    .select('reason')
    .where('channel', '=', channel)
    .where('recipient', '=', normalizeRecipient(channel, recipient))
    .where('scope', 'in', ['all', scope])
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Delivery

export interface DeliveryResult {
  /** The provider's id for the message (SMTP: the Message-ID; SMS: the provider's message SID). */
  providerId?: string;
  /** The provider's answer, kept for support (SMTP: "250 2.0.0 Ok: queued as …"). */
  response?: string;
}
export type DeliverFn = (row: OutboxRow, deps: Deps) => Promise<DeliveryResult>;

/** A failure that retrying will not fix (a refused address, a malformed number): dead-lettered at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The delivery function of each channel. */
export class ChannelRegistry {
  readonly #channels = new Map<NotificationChannel, DeliverFn>();
  register(channel: NotificationChannel, deliver: DeliverFn): void {
    this.#channels.set(channel, deliver);
  }
  get(channel: NotificationChannel): DeliverFn | undefined {
    return this.#channels.get(channel);
  }
}

/** The process's registry (the one `frontdoor serve` uses). */
export const channels = new ChannelRegistry();
export function registerChannel(channel: NotificationChannel, deliver: DeliverFn): void {
  channels.register(channel, deliver);
}

/** A stable fingerprint of an outbox row's identity, used in its Message-ID. */
export function deliveryKeyHash(row: Pick<OutboxRow, 'event_key' | 'channel' | 'recipient'>): string {
  return createHash('sha256').update(`${row.event_key}\u0000${row.channel}\u0000${row.recipient}`).digest('hex').slice(0, 16);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * Delivers one outbox row: once. A row that is not `pending` (already delivered, suppressed or
 * dead) is left alone; a recipient who unsubscribed since the row was queued is not sent to.
 */
export async function deliverOutboxRow(deps: Deps, registry: ChannelRegistry, outboxId: number, job: { attempts: number; max_attempts: number }): Promise<void> {
  const { db } = deps;
  const row = await db.selectFrom('notification_outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
  if (!row || row.status !== 'pending') return;
  const finish = (set: { status: 'delivered' | 'suppressed' | 'failed'; last_error?: string | null; provider_id?: string | null; provider_response?: string | null }) =>
    db
      .updateTable('notification_outbox')
      .set({ ...set, attempts: job.attempts, finished_at: deps.clock.now() })
      .where('id', '=', outboxId)
      .where('status', '=', 'pending')
      .execute();
  if (await isSuppressed(db, row.channel, row.recipient, row.scope)) {
    await finish({ status: 'suppressed' });
    return;
  }
  const deliver = registry.get(row.channel);
  try {
    if (!deliver) throw new Error(`no ${row.channel} channel is configured`);
    const result = await deliver(row, deps);
    await finish({ status: 'delivered', last_error: null, provider_id: result.providerId ?? null, provider_response: result.response?.slice(0, 500) ?? null });
  } catch (error) {
    if (error instanceof PermanentDeliveryError || job.attempts >= job.max_attempts) {
      await finish({ status: 'failed', last_error: errorText(error) });
      return;
    }
    await db.updateTable('notification_outbox').set({ attempts: job.attempts, last_error: errorText(error) }).where('id', '=', outboxId).execute();
    throw error;
  }
}

/** The Worker's handlers for notifications. */
export function notificationJobHandlers(registry: ChannelRegistry = channels): Record<string, JobHandler> {
  return {
    [DELIVER_JOB]: (deps, payload, job) => deliverOutboxRow(deps, registry, Number(payload.outboxId), job),
  };
}

// ---------------------------------------------------------------------------------------------
// Dead letters

export interface DeadLetter {
  id: number;
  eventKey: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  failedAt: Date | null;
}

const presentDeadLetter = (r: OutboxRow): DeadLetter => ({
  id: r.id,
  eventKey: r.event_key,
  channel: r.channel,
  recipient: r.recipient,
  template: r.template,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  failedAt: r.finished_at,
});

/** Notifications that could not be delivered, newest first, in pages (`before` = the last id seen). */
export async function listDeadLetters(db: Db, page: { limit?: number; before?: number } = {}): Promise<DeadLetter[]> {
  let q = db.selectFrom('notification_outbox').selectAll().where('status', '=', 'failed');
  if (page.before) q = q.where('id', '<', page.before);
  const rows = await q.orderBy('id', 'desc').limit(page.limit ?? 50).execute();
  return rows.map(presentDeadLetter);
}

/** Puts a dead letter back in the queue (a fresh set of attempts). Null if it is not a dead letter. */
export async function retryDeadLetter(trx: Db, id: number, at: Date): Promise<DeadLetter | null> {
  const row = await trx
    .updateTable('notification_outbox')
    .set({ status: 'pending', finished_at: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  await trx
    .insertInto('jobs')
    .values({ name: DELIVER_JOB, payload: JSON.stringify({ outboxId: id }), run_at: at, max_attempts: MAX_ATTEMPTS, created_at: at })
    .execute();
  return presentDeadLetter(row);
}

/** Counts by status (for the bench and the administrators' overview). */
export async function outboxCounts(db: Db, eventKey?: string): Promise<Record<string, number>> {
  let q = db.selectFrom('notification_outbox').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status');
  if (eventKey) q = q.where('event_key', '=', eventKey);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
