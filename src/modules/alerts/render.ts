import type { Deps } from '../../deps.ts';
import { localized, t, type Locale } from '../../i18n/index.ts';
import { getJurisdiction, getService } from '../catalog/service.ts';
import { registerEmailTemplate } from '../notifications/templates.ts';
import { getNotice, NOTICE_TEMPLATE } from './notices.ts';
import { CONFIRM_TEMPLATE, NEW_REQUEST_TEMPLATE } from './subscriptions.ts';

export const ALERT_TEMPLATES = [NOTICE_TEMPLATE, CONFIRM_TEMPLATE, NEW_REQUEST_TEMPLATE] as const;

export interface AlertText {
  /** The e-mail's subject (SMS ignores it). */
  subject: string;
  /** Plain text: the SMS, or the e-mail's body (with its unsubscribe link). */
  text: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/**
 * The text of an alerts notification (an outbox row's template and data) in the recipient's
 * language, each field falling back to English; null for a template this module does not own. The
 * SMS channel and the e-mail channel both render through here, so the wording lives in the
 * message catalogs only.
 */
export async function renderAlertText(deps: Deps, template: string, locale: Locale, data: Record<string, unknown>, channel: 'email' | 'sms'): Promise<AlertText | null> {
  const footer = (text: string) => (channel === 'email' && data.unsubscribeUrl ? `${text}\n\n${t(locale, 'alerts.unsubscribeFooter', { url: str(data.unsubscribeUrl) })}` : text);
  switch (template) {
    case NOTICE_TEMPLATE: {
      const notice = await getNotice(deps, Number(data.noticeId));
      const values = {
        severity: notice.severity,
        kind: str(data.msgType) || 'Alert',
        title: localized(notice.title, locale),
        body: localized(notice.body, locale),
        instruction: localized(notice.instruction, locale),
        area: localized(notice.area.description, locale),
        expires: notice.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      };
      const subject = t(locale, 'alerts.noticeSubject', values);
      if (channel === 'sms') return { subject, text: t(locale, 'alerts.noticeSms', values) };
      const instruction = values.instruction ? `\n\n${values.instruction}` : '';
      return { subject, text: footer(`${t(locale, 'alerts.noticeEmail', values)}${instruction}`) };
    }
    case CONFIRM_TEMPLATE: {
      const values = { area: str(data.area), url: str(data.confirmUrl) };
      if (channel === 'sms') return { subject: '', text: t(locale, 'alerts.confirmSms', values) };
      return { subject: t(locale, 'alerts.confirmSubject', values), text: footer(t(locale, 'alerts.confirmEmail', values)) };
    }
    case NEW_REQUEST_TEMPLATE: {
      let service = str(data.serviceName) || str(data.serviceCode);
      if (!data.serviceName) {
        try {
          service = localized((await getService(deps, (await getJurisdiction(deps)).id, service)).name, locale) || service;
        } catch {
          // a service removed since: its code will do
        }
      }
      const values = { service, tracking: str(data.trackingNumber), address: str(data.address) || '—' };
      const subject = t(locale, 'alerts.newRequestSubject', values);
      if (channel === 'sms') return { subject, text: t(locale, 'alerts.newRequestSms', values) };
      return { subject, text: footer(t(locale, 'alerts.newRequestEmail', values)) };
    }
    default:
      return null;
  }
}

// E-mail: the notifications module renders e-mails synchronously from the row, so the rows carry
// what the text needs (the notice's words in the recipient's language, the service's name).
const EXPIRES = (v: unknown): string => (str(v) ? new Date(str(v)).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '');

registerEmailTemplate(NOTICE_TEMPLATE, (row, locale) => {
  const d = row.data;
  const values = { severity: str(d.severity), kind: str(d.msgType) || 'Alert', title: str(d.title), body: str(d.body), area: str(d.area), expires: EXPIRES(d.expiresAt) };
  return {
    subject: t(locale, 'alerts.noticeSubject', values),
    paragraphs: [t(locale, 'alerts.noticeEmail', values), str(d.instruction)].filter(Boolean),
    links: d.unsubscribeUrl ? [{ label: t(locale, 'alerts.stopLink'), url: str(d.unsubscribeUrl) }] : [],
    reason: t(locale, 'alerts.emailReason', { area: values.area }),
  };
});

registerEmailTemplate(CONFIRM_TEMPLATE, (row, locale) => {
  const d = row.data;
  return {
    subject: t(locale, 'alerts.confirmSubject'),
    paragraphs: [t(locale, 'alerts.confirmEmail', { area: str(d.area), url: str(d.confirmUrl) })],
    links: [{ label: t(locale, 'alerts.confirmLink'), url: str(d.confirmUrl) }],
    reason: t(locale, 'alerts.confirmReason'),
  };
});

registerEmailTemplate(NEW_REQUEST_TEMPLATE, (row, locale, links) => {
  const d = row.data;
  const values = { service: str(d.serviceName) || str(d.serviceCode), tracking: str(d.trackingNumber), address: str(d.address) || '—' };
  return {
    subject: t(locale, 'alerts.newRequestSubject', values),
    paragraphs: [t(locale, 'alerts.newRequestEmail', values)],
    links: [
      { label: t(locale, 'notify.email.track', { trackingNumber: values.tracking }), url: `${links.publicUrl}/track/${encodeURIComponent(values.tracking)}` },
      ...(d.unsubscribeUrl ? [{ label: t(locale, 'alerts.stopLink'), url: str(d.unsubscribeUrl) }] : []),
    ],
    reason: t(locale, 'alerts.newRequestReason'),
  };
});
