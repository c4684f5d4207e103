import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import { DELIVER_JOB, LOCALES, MAX_ATTEMPTS, enqueueNotifications, normalizeRecipient, type NotificationItem } from './outbox.ts';

/**
 * Notifications about service requests, written by the requests module inside its own changes:
 * received (at intake), status changed, public note added, resolved (with the survey link). They go
 * to the requester and to every follower by e-mail, each in their language, each once per change.
 */

/** What the e-mails about a request may say: never the description, the address or anyone's contact details. */
export interface RequestNotice {
  requestId: number;
  trackingNumber: string;
  serviceName?: Record<string, string> | null;
}

export const requestScope = (requestId: number): string => `request:${requestId}`;

/**
 * CTEs for intake's single statement: the "request received" e-mail to the requester, queued by the
 * same statement that writes the request (`req` must be a CTE returning id and tracking_number).
 * Starts with a comma; empty when the requester gave no e-mail address.
 */
export function receivedNotificationCtes(
  requester: { email: string | null; locale?: string | null },
  serviceName: Record<string, string> | null,
  at: Date,
): RawBuilder<unknown> {
  if (!requester.email) return sql``;
  const email = normalizeRecipient('email', requester.email);
  const locale = (LOCALES as readonly string[]).includes(requester.locale ?? '') ? requester.locale : 'en';
  return sql`, notify_outbox AS (
      INSERT INTO notification_outbox (event_key, channel, recipient, locale, template, data, scope, created_at)
      SELECT 'request:' || req.id || ':received', 'email', ${email}, ${locale}, 'request.received',
             jsonb_build_object('requestId', req.id, 'trackingNumber', req.tracking_number, 'serviceName', ${JSON.stringify(serviceName ?? {})}::jsonb),
             'request:' || req.id, ${at}::timestamptz
        FROM req
       WHERE NOT EXISTS (SELECT 1 FROM notification_suppressions s
                          WHERE s.channel = 'email' AND s.recipient = ${email} AND s.scope IN ('all', 'request:' || req.id))
      ON CONFLICT (event_key, channel, recipient) DO NOTHING
      RETURNING id
    ), notify_jobs AS (
      INSERT INTO jobs (name, payload, run_at, max_attempts, created_at)
      SELECT ${DELIVER_JOB}, jsonb_build_object('outboxId', id), ${at}::timestamptz, ${MAX_ATTEMPTS}, ${at}::timestamptz FROM notify_outbox
    )`;
}

/** The language a requester chose at intake (kept with the "received" notification), or English. */
export async function requesterLocale(trx: Db, requestId: number, email: string): Promise<string> {
  const row = await trx
    .selectFrom('notification_outbox')
    .select('locale')
    .where('event_key', '=', `request:${requestId}:received`)
    .where('channel', '=', 'email')
    .where('recipient', '=', normalizeRecipient('email', email))
    .executeTakeFirst();
  return row?.locale ?? 'en';
}

export interface RequestChange {
  request: RequestNotice & { requesterEmail: string | null };
  /** The request's version after the change: with the request id, it names the change. */
  version: number;
  kind: 'status' | 'note';
  /** The status after the change. */
  status: string;
  publicNote: string | null;
  /** A merge: the tracking number of the request this one duplicates. */
  mergedInto?: string;
  followers: Array<{ email: string | null; locale: string }>;
  at: Date;
}

/**
 * Queues the e-mails about one change inside its transaction (`trx`). A status change to
 * `resolved` uses the template with the satisfaction survey; a note without public text and a
 * change nobody follows notify nobody.
 */
export async function notifyRequestChange(trx: Db, change: RequestChange): Promise<number> {
  if (change.kind === 'note' && !change.publicNote) return 0;
  const template =
    change.kind === 'note' ? 'request.note' : change.mergedInto ? 'request.merged' : change.status === 'resolved' ? 'request.resolved' : 'request.status';
  const { requestId, trackingNumber, serviceName } = change.request;
  const data = { requestId, trackingNumber, serviceName: serviceName ?? {}, status: change.status, publicNote: change.publicNote, ...(change.mergedInto && { mergedInto: change.mergedInto }) };
  const eventKey = `request:${requestId}:v${change.version}:${change.kind}`;
  const recipients = new Map<string, string>();
  if (change.request.requesterEmail) recipients.set(normalizeRecipient('email', change.request.requesterEmail), await requesterLocale(trx, requestId, change.request.requesterEmail));
  for (const f of change.followers) {
    if (f.email && !recipients.has(normalizeRecipient('email', f.email))) recipients.set(normalizeRecipient('email', f.email), f.locale);
  }
  const items: NotificationItem[] = [...recipients].map(([recipient, locale]) => ({
    eventKey,
    channel: 'email',
    recipient,
    locale,
    template,
    data,
    scope: requestScope(requestId),
  }));
  return enqueueNotifications(trx, items, change.at);
}
