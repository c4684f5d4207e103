import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { isLocale, t, type Locale } from '../../i18n/index.ts';
import { renderAlertText } from '../alerts/index.ts';
import { PermanentDeliveryError, type DeliverFn, type NotificationItem, type OutboxRow } from '../notifications/outbox.ts';
import { PermanentSmsError, sendSms, type SmsSettings } from './provider.ts';
import * as repo from './repository.ts';
import { fitSms } from './segments.ts';

/** Templates of SMS notifications this module renders (besides the alerts module's). */
export const REQUEST_UPDATE_TEMPLATE = 'sms.request-update';

/** The text of an outbox row for the SMS channel, in the row's language, fitted to two segments. */
export async function renderSms(deps: Deps, row: Pick<OutboxRow, 'template' | 'locale' | 'data'>): Promise<string> {
  const locale: Locale = isLocale(row.locale) ? row.locale : 'en';
  const data = row.data;
  if (row.template === REQUEST_UPDATE_TEMPLATE) {
    const note = typeof data.note === 'string' && data.note.trim() ? data.note.trim() : '';
    return fitSms(t(locale, note ? 'sms.updateWithNote' : 'sms.update', { tracking: String(data.trackingNumber ?? ''), status: String(data.status ?? ''), note }));
  }
  const alert = await renderAlertText(deps, row.template, locale, data, 'sms');
  if (alert === null) throw new PermanentDeliveryError(`no SMS text for template ${row.template}`);
  return fitSms(alert.text);
}

/**
 * The SMS channel's delivery function for the notification outbox: renders the row, sends it
 * through the provider, and records the text. A 4xx from the provider is permanent (the outbox
 * dead-letters it at once); 5xx, 429, timeouts and refused connections are retried.
 */
export function smsDelivery(settings: SmsSettings): DeliverFn {
  return async (row, deps) => {
    const body = await renderSms(deps, row);
    try {
      const sent = await sendSms(settings, { to: row.recipient, body, idempotencyKey: `outbox-${row.id}` });
      await repo.insertMessage(deps.db, { direction: 'out', phone: row.recipient, body, providerSid: sent.sid, requestId: null, at: deps.clock.now() });
      return { providerId: sent.sid, response: sent.status };
    } catch (error) {
      if (error instanceof PermanentSmsError) throw new PermanentDeliveryError(error.message);
      throw error;
    }
  };
}

/** The locale a phone number last texted in (for status updates by SMS); English if it never texted. */
export async function localeOfPhone(db: Db, phone: string): Promise<Locale> {
  const row = await repo.selectConversation(db, phone);
  return (row?.locale as Locale | undefined) ?? 'en';
}

/** A change to a request that its requester may hear about. */
export interface RequestChange {
  request: { id: number; trackingNumber: string; channel: string; requester: { phone: string | null } | null };
  /** A stable id of the change, e.g. the timeline event's id: one text per change. */
  eventId: number | string;
  kind: 'status' | 'note';
  /** The new status (for 'status'), or the request's status. */
  status: string;
  publicNote?: string | null;
}

/**
 * The SMS notifications a request change causes: a text to the requester when they reported by
 * SMS (the channel they chose), in the language they texted in. Enqueue the result with
 * enqueueNotifications in the change's transaction (`db` may be that transaction).
 */
export async function smsItemsForRequestChange(db: Db, change: RequestChange): Promise<NotificationItem[]> {
  const phone = change.request.requester?.phone;
  if (change.request.channel !== 'sms' || !phone) return [];
  if (change.kind === 'note' && !change.publicNote?.trim()) return [];
  return [
    {
      eventKey: `request:${change.request.id}:${change.kind}:${change.eventId}`,
      channel: 'sms',
      recipient: phone,
      locale: await localeOfPhone(db, phone),
      template: REQUEST_UPDATE_TEMPLATE,
      data: { trackingNumber: change.request.trackingNumber, status: change.status, note: change.publicNote?.slice(0, 300) ?? null },
      scope: `request:${change.request.id}`,
    },
  ];
}
