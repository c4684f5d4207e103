import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { isLocale, localized } from '../../i18n/index.ts';
import type { JobHandler, Schedule } from '../../jobs/queue.ts';
import { enqueueNotifications, type NotificationItem } from '../notifications/outbox.ts';
import { NEW_REQUEST_TEMPLATE } from './subscriptions.ts';

/**
 * Area alerts: a message to each confirmed subscriber following a service in an area when a new
 * request of that service is made there. Intake is not touched (and not slowed): a scheduled job
 * reads the requests created since its cursor — after their statement committed — matches them to
 * subscriptions with the GiST-indexed `area @> location` in one query, queues the messages and moves
 * the cursor, all in one transaction (a failed run is retried from the same cursor; the outbox's
 * unique delivery key makes a repeat harmless). Confidential requests and requests without a
 * location never match. This is the one place the alerts module reads the requests table: read-only,
 * public columns only (the same ones Open311 publishes).
 */

export const AREA_ALERT_JOB = 'alerts.match-new-requests';
const BATCH = 2000;

export async function matchNewRequests(deps: Deps, publicUrl: string): Promise<{ requests: number; queued: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const cursor = await trx.selectFrom('alert_cursor').select('last_request_id').forUpdate().executeTakeFirst();
    const from = Number(cursor?.last_request_id ?? 0);
    const { rows: batch } = await sql<{ max_id: number | null; n: number }>`
      SELECT max(id)::bigint AS max_id, count(*)::int AS n FROM (SELECT id FROM service_requests WHERE id > ${from} ORDER BY id LIMIT ${BATCH}) b`.execute(trx);
    const to = batch[0]?.max_id === null || batch[0]?.max_id === undefined ? from : Number(batch[0].max_id);
    if (to === from) return { requests: 0, queued: 0 };
    const { rows } = await sql<{ request_id: number; tracking_number: string; service_code: string; service_name: Record<string, string>; address: string | null; channel: 'email' | 'sms'; recipient: string; locale: string; unsubscribe_token: string }>`
      SELECT DISTINCT ON (r.id, s.channel, s.address)
             r.id AS request_id, r.tracking_number, sv.service_code, sv.name AS service_name, r.address,
             s.channel, s.address AS recipient, s.locale, s.unsubscribe_token
        FROM service_requests r
        JOIN services sv ON sv.id = r.service_id
        JOIN alert_subscriptions s
          ON s.area @> r.location AND r.service_id = ANY (s.service_ids)
         AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
       WHERE r.id > ${from} AND r.id <= ${to}
         AND r.location IS NOT NULL AND NOT r.confidential AND r.status <> 'duplicate'
       ORDER BY r.id, s.channel, s.address, s.id DESC`.execute(trx);
    const items: NotificationItem[] = rows.map((r) => ({
      eventKey: `alerts:new-request:${r.request_id}`,
      channel: r.channel,
      recipient: r.recipient,
      locale: r.locale,
      template: NEW_REQUEST_TEMPLATE,
      scope: 'alerts',
      data: {
        requestId: Number(r.request_id),
        trackingNumber: r.tracking_number,
        serviceCode: r.service_code,
        serviceName: localized(r.service_name, isLocale(r.locale) ? r.locale : 'en') || r.service_code,
        address: r.address,
        unsubscribeUrl: `${publicUrl}/api/v1/alerts/subscriptions/unsubscribe?token=${r.unsubscribe_token}`,
      },
    }));
    const queued = await enqueueNotifications(trx, items, now);
    await trx.updateTable('alert_cursor').set({ last_request_id: to }).execute();
    return { requests: Number(batch[0]?.n ?? 0), queued };
  });
}

export function alertJobHandlers(publicUrl: string): Record<string, JobHandler> {
  return {
    [AREA_ALERT_JOB]: async (deps) => {
      // Drain: a burst of new requests is caught up in one run, a batch at a time.
      while ((await matchNewRequests(deps, publicUrl)).requests > 0);
    },
  };
}

/** Every 30 seconds: a new request's neighbours hear of it within a minute. */
export const alertSchedules: Schedule[] = [{ name: AREA_ALERT_JOB, everyMs: 30_000 }];
