import { isLocale, localized, t, type Locale } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../web/ui/html.ts';
import type { OutboxRow } from './tables.ts';

/**
 * E-mail templates: a template name renders a row into a subject, plain text and HTML (every value
 * escaped) in the row's language, with the words from the message catalogs. Other modules add
 * their own templates with registerEmailTemplate (emergency notices, alerts).
 */
export interface EmailLinks {
  /** `FRONTDOOR_PUBLIC_URL`, without a trailing slash. */
  publicUrl: string;
  /** The one-click unsubscribe page of this message. */
  unsubscribeUrl: string;
  /** The satisfaction survey of this message (resolved requests, contacts). */
  surveyUrl: string;
  /** Confirms an anonymous follow (follow.confirm). */
  followUrl: string;
  /** Whether replies reach us (an inbound address is configured). */
  repliesWelcome: boolean;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContent {
  subject: string;
  /** Paragraphs of plain text; each becomes a <p> in the HTML. */
  paragraphs: string[];
  /** A link with its label, shown after the paragraphs. */
  links: Array<{ label: string; url: string }>;
  /** Why the recipient gets it (the footer). */
  reason: string;
}

export type EmailTemplate = (row: OutboxRow, locale: Locale, links: EmailLinks) => EmailContent;

const templates = new Map<string, EmailTemplate>();

export function registerEmailTemplate(name: string, template: EmailTemplate): void {
  templates.set(name, template);
}

export function hasEmailTemplate(name: string): boolean {
  return templates.has(name);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A status in plain words, in the recipient's language. */
export function statusWords(locale: Locale, status: string): string {
  const known = ['new', 'acknowledged', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled', 'duplicate', 'referred', 'reopened'];
  return known.includes(status) ? t(locale, `notify.statusName.${status}`) : status;
}

/** Renders a row with its template; throws for an unknown template (a programming error: dead-lettered). */
export function renderEmail(row: OutboxRow, links: EmailLinks): RenderedEmail {
  const template = templates.get(row.template);
  if (!template) throw new Error(`there is no e-mail template ${JSON.stringify(row.template)}`);
  const locale: Locale = isLocale(row.locale) ? row.locale : 'en';
  const c = template(row, locale, links);
  const unsubscribe = t(locale, 'notify.email.unsubscribe');
  const text = [
    ...c.paragraphs,
    ...c.links.map((l) => `${l.label}\n${l.url}`),
    '--',
    c.reason,
    `${unsubscribe}: ${links.unsubscribeUrl}`,
  ].join('\n\n');
  const body: SafeHtml = html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${c.subject}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1b1b;max-width:40rem;margin:0 auto;padding:1rem">
${c.paragraphs.map((p) => html`<p>${p}</p>\n`)}
${c.links.map((l) => html`<p><a href="${l.url}" style="color:#0b4f8a">${l.label}</a></p>\n`)}
<hr>
<p style="font-size:.9rem;color:#4a4a4a">${c.reason} <a href="${links.unsubscribeUrl}" style="color:#0b4f8a">${unsubscribe}</a></p>
</body>
</html>`;
  return { subject: c.subject, text, html: body.value };
}

// ---------------------------------------------------------------------------------------------
// Request templates

function requestContent(row: OutboxRow, locale: Locale, links: EmailLinks, subject: string, paragraphs: string[], withSurvey = false): EmailContent {
  const number = str(row.data.trackingNumber);
  const note = str(row.data.publicNote);
  const extra = [...paragraphs];
  if (note) extra.push(`${t(locale, 'notify.email.noteLabel')}\n${note}`);
  if (links.repliesWelcome) extra.push(t(locale, 'notify.email.replyHint'));
  const out: EmailContent = {
    subject,
    paragraphs: extra,
    links: [{ label: t(locale, 'notify.email.track', { trackingNumber: number }), url: `${links.publicUrl}/track/${encodeURIComponent(number)}` }],
    reason: t(locale, 'notify.email.reason', { trackingNumber: number }),
  };
  if (withSurvey) out.links.push({ label: t(locale, 'notify.email.survey'), url: links.surveyUrl });
  return out;
}

registerEmailTemplate('request.received', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  const service = localized(row.data.serviceName as Record<string, string> | undefined, locale);
  return requestContent(row, locale, links, t(locale, 'notify.received.subject', { trackingNumber: number }), [
    service ? t(locale, 'notify.received.body', { trackingNumber: number, service }) : t(locale, 'notify.received.bodyNoService', { trackingNumber: number }),
  ]);
});

registerEmailTemplate('request.status', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  const status = statusWords(locale, str(row.data.status));
  return requestContent(row, locale, links, t(locale, 'notify.status.subject', { trackingNumber: number, status }), [t(locale, 'notify.status.body', { trackingNumber: number, status })]);
});

registerEmailTemplate('request.note', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  return requestContent(row, locale, links, t(locale, 'notify.note.subject', { trackingNumber: number }), [t(locale, 'notify.note.body', { trackingNumber: number })]);
});

registerEmailTemplate('request.resolved', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  return requestContent(row, locale, links, t(locale, 'notify.resolved.subject', { trackingNumber: number }), [t(locale, 'notify.resolved.body', { trackingNumber: number })], true);
});

registerEmailTemplate('request.merged', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  const parent = str(row.data.mergedInto);
  const content = requestContent(row, locale, links, t(locale, 'notify.merged.subject', { trackingNumber: number, parent }), [
    t(locale, 'notify.merged.body', { trackingNumber: number, parent }),
  ]);
  content.links.push({ label: t(locale, 'notify.email.track', { trackingNumber: parent }), url: `${links.publicUrl}/track/${encodeURIComponent(parent)}` });
  return content;
});

registerEmailTemplate('follow.confirm', (row, locale, links) => {
  const number = str(row.data.trackingNumber);
  return {
    subject: t(locale, 'notify.follow.subject', { trackingNumber: number }),
    paragraphs: [t(locale, 'notify.follow.body', { trackingNumber: number })],
    links: [{ label: t(locale, 'notify.follow.confirm'), url: links.followUrl }],
    reason: t(locale, 'notify.follow.reason'),
  };
});

/** After a contact (issue 6 sends it with data.contactId): the same one-question survey. */
registerEmailTemplate('contact.survey', (_row, locale, links) => ({
  subject: t(locale, 'notify.survey.title'),
  paragraphs: [t(locale, 'notify.survey.questionContact')],
  links: [{ label: t(locale, 'notify.email.survey'), url: links.surveyUrl }],
  reason: t(locale, 'notify.contactSurvey.reason'),
}));
