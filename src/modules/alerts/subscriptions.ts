import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { normalizeEmail, normalizePhone } from '../../lib/validate.ts';
import { getJurisdiction, listServices } from '../catalog/service.ts';
import { enqueueNotifications, type NotificationItem } from '../notifications/outbox.ts';
import { resolveArea } from './areas.ts';
import type { SubscribeInput } from './schemas.ts';

/**
 * Residents' subscriptions: emergency notices for an area (a district, a drawn polygon, a point
 * and a radius, or the whole jurisdiction) and/or area alerts (each new request of chosen services
 * in that area). A subscription receives nothing until confirmed: e-mail by a one-time link
 * (double opt-in; only the token's SHA-256 is stored), SMS by replying YES. Every message carries
 * the subscription's unsubscribe link.
 */

export const CONFIRM_TEMPLATE = 'alerts.confirm';
export const NEW_REQUEST_TEMPLATE = 'alerts.new-request';
/** An unconfirmed subscription can be confirmed for a week. */
export const CONFIRM_WITHIN_MS = 7 * 86_400_000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const token = (): string => randomBytes(32).toString('base64url');

export interface SubscribeResult {
  /** One subscription per address given (e-mail, phone). */
  subscriptions: Array<{ id: number; channel: 'email' | 'sms' }>;
}

export async function subscribe(deps: Deps, input: SubscribeInput, publicUrl: string): Promise<SubscribeResult> {
  const problems: FieldProblem[] = [];
  const email = input.email?.trim() ? normalizeEmail('email', input.email) : null;
  const phone = input.phone?.trim() ? normalizePhone('phone', input.phone) : null;
  if (email?.problem) problems.push(email.problem);
  if (phone?.problem) problems.push(phone.problem);
  if (phone?.value && !/^\+[1-9]\d{6,14}$/.test(phone.value)) {
    problems.push({ field: 'phone', code: 'invalid_phone', message: 'phone must be a mobile number in international form, e.g. +15035550100' });
  }
  const jurisdiction = await getJurisdiction(deps, input.jurisdictionId ? { id: input.jurisdictionId } : {});
  const services = await listServices(deps, jurisdiction.id);
  const serviceIds: number[] = [];
  for (const code of input.services) {
    const s = services.find((x) => x.code === code);
    if (!s || s.confidential || s.handling !== 'intake') problems.push({ field: 'services', code: 'unknown_service', message: `services: ${code} is not a service whose new requests can be followed` });
    else serviceIds.push(s.id);
  }
  if (problems.length) throw new ValidationError(problems);
  const area = await resolveArea(deps, jurisdiction.id, input.area);
  const now = deps.clock.now();
  const areaName = area.description[input.locale] ?? area.description.en ?? '';

  return deps.db.transaction().execute(async (trx) => {
    const out: SubscribeResult['subscriptions'] = [];
    const items: NotificationItem[] = [];
    // E-mail addresses are compared in lower case, as the outbox and its suppressions do.
    for (const [channel, address] of [['email', email?.value?.toLowerCase()], ['sms', phone?.value]] as const) {
      if (!address) continue;
      const confirm = token();
      const unsubscribe = token();
      const row = await trx
        .insertInto('alert_subscriptions')
        .values({
          channel,
          address,
          locale: input.locale,
          area_kind: area.kind,
          district_id: area.districtId,
          area: area.polygon,
          notices: input.notices,
          service_ids: serviceIds,
          confirm_token_hash: channel === 'email' ? sha256(confirm) : null,
          unsubscribe_token: unsubscribe,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      out.push({ id, channel });
      items.push({
        eventKey: `alerts:subscription:${id}:confirm`,
        channel,
        recipient: address,
        locale: input.locale,
        template: CONFIRM_TEMPLATE,
        data: {
          area: areaName,
          ...(channel === 'email' && { confirmUrl: `${publicUrl}/api/v1/alerts/subscriptions/confirm?token=${confirm}` }),
          unsubscribeUrl: `${publicUrl}/api/v1/alerts/subscriptions/unsubscribe?token=${unsubscribe}`,
        },
      });
    }
    await enqueueNotifications(trx, items, now);
    return { subscriptions: out };
  });
}

/** Confirms an e-mail subscription from its link; the link works once, within a week. */
export async function confirmSubscription(deps: Deps, confirmToken: string): Promise<{ id: number }> {
  const now = deps.clock.now();
  const row = await deps.db
    .updateTable('alert_subscriptions')
    .set({ confirmed_at: now, confirm_token_hash: null })
    .where('confirm_token_hash', '=', sha256(confirmToken))
    .where('confirmed_at', 'is', null)
    .where('unsubscribed_at', 'is', null)
    .where('created_at', '>', new Date(now.getTime() - CONFIRM_WITHIN_MS))
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('invalid_token', 404, 'This confirmation link is not valid: it was used already, expired (after 7 days) or mistyped', { field: 'token' });
  return { id: Number(row.id) };
}

/** Confirms a phone's unconfirmed SMS subscriptions (the resident replied YES); how many. */
export async function confirmSmsSubscriptions(deps: Deps, phone: string): Promise<number> {
  const now = deps.clock.now();
  const rows = await deps.db
    .updateTable('alert_subscriptions')
    .set({ confirmed_at: now })
    .where('channel', '=', 'sms')
    .where('address', '=', phone)
    .where('confirmed_at', 'is', null)
    .where('unsubscribed_at', 'is', null)
    .where('created_at', '>', new Date(now.getTime() - CONFIRM_WITHIN_MS))
    .returning('id')
    .execute();
  return rows.length;
}

/** Ends a subscription from the link in any of its messages. Using the link again is fine. */
export async function unsubscribe(deps: Deps, unsubscribeToken: string): Promise<{ id: number }> {
  const row = await deps.db
    .updateTable('alert_subscriptions')
    .set({ unsubscribed_at: sql`coalesce(unsubscribed_at, ${deps.clock.now()})` })
    .where('unsubscribe_token', '=', unsubscribeToken)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('invalid_token', 404, 'This unsubscribe link is not valid; check that it was copied whole', { field: 'token' });
  return { id: Number(row.id) };
}
