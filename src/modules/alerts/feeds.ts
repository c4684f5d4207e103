import { DateTime } from 'luxon';
import { localized, type Locale } from '../../i18n/index.ts';
import type { Notice } from './notices.ts';

/**
 * The public feeds of emergency notices, written here as text: an Atom 1.0 feed (RFC 4287) and a
 * CAP 1.2 message per notice (OASIS Common Alerting Protocol), with elements in the order the CAP
 * schema requires.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export const escapeXml = (text: string): string =>
  // Characters XML 1.0 cannot carry at all are dropped; the five special ones are escaped.
  text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

const el = (name: string, text: string, attrs = ''): string => `<${name}${attrs}>${escapeXml(text)}</${name}>`;

/** CAP's dateTime: seconds, a numeric zone, and UTC written -00:00 ("Z" is not allowed). */
export function capTime(at: Date, zone: string): string {
  const text = DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
  return text.endsWith('+00:00') ? `${text.slice(0, -6)}-00:00` : text;
}

const CAP_WORD = {
  severity: { extreme: 'Extreme', severe: 'Severe', moderate: 'Moderate', minor: 'Minor' },
  urgency: { immediate: 'Immediate', expected: 'Expected', future: 'Future', past: 'Past', unknown: 'Unknown' },
  certainty: { observed: 'Observed', likely: 'Likely', possible: 'Possible', unlikely: 'Unlikely', unknown: 'Unknown' },
} as const;

/** A ring of [lon, lat] as CAP's polygon: "lat,lon lat,lon …", closed (first point repeated last). */
export function capPolygon(ring: Array<[number, number]>): string {
  const closed = ring.length && (ring[0]?.[0] !== ring.at(-1)?.[0] || ring[0]?.[1] !== ring.at(-1)?.[1]) ? [...ring, ring[0] as [number, number]] : ring;
  const n = (x: number) => String(Math.round(x * 1e6) / 1e6);
  return closed.map(([lon, lat]) => `${n(lat)},${n(lon)}`).join(' ');
}

export interface FeedContext {
  publicUrl: string;
  /** The jurisdiction's name and time zone. */
  senderName: string;
  timeZone: string;
}

/** The sender of our CAP messages: an address-like name without spaces or commas (CAP 1.2 §3.2.1). */
export const capSender = (publicUrl: string): string => `311@${new URL(publicUrl).host}`.replace(/[\s,<&]/g, '');

/** The CAP 1.2 message of a published, expired or cancelled notice: its latest message, referencing the earlier ones. */
export function capDocument(notice: Notice, ctx: FeedContext): string {
  const messages = notice.messages;
  const latest = messages.at(-1);
  if (!latest) throw new Error(`notice ${notice.id} has sent no message`);
  const sender = capSender(ctx.publicUrl);
  const references = messages.slice(0, -1).map((m) => `${sender},${m.identifier},${capTime(m.sentAt, ctx.timeZone)}`);
  const languages = Object.keys(notice.title);
  const infos = languages.map((lang) => {
    const l = lang as Locale;
    const parts = [
      el('language', lang),
      el('category', notice.category),
      el('event', localized(notice.event, l)),
      el('urgency', CAP_WORD.urgency[notice.urgency]),
      el('severity', CAP_WORD.severity[notice.severity]),
      el('certainty', CAP_WORD.certainty[notice.certainty]),
      el('effective', capTime(notice.startsAt, ctx.timeZone)),
      el('expires', capTime(notice.expiresAt, ctx.timeZone)),
      el('senderName', ctx.senderName),
      el('headline', localized(notice.title, l)),
      el('description', localized(notice.body, l)),
      ...(Object.keys(notice.instruction).length ? [el('instruction', localized(notice.instruction, l))] : []),
      el('web', `${ctx.publicUrl}/alerts/notices/${notice.id}.cap`),
      `<area>${el('areaDesc', localized(notice.area.description, l))}${el('polygon', capPolygon(notice.area.ring))}</area>`,
    ];
    return `<info>${parts.join('')}</info>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${CAP_NAMESPACE}">`,
    el('identifier', latest.identifier),
    el('sender', sender),
    el('sent', capTime(latest.sentAt, ctx.timeZone)),
    el('status', 'Actual'),
    el('msgType', latest.msgType),
    el('scope', 'Public'),
    ...(references.length ? [el('references', references.join(' '))] : []),
    ...infos,
    '</alert>',
  ].join('');
}

const rfc3339 = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Atom 1.0 feed of recent notices in one language (each entry says which language it is in). */
export function atomFeed(notices: Notice[], locale: Locale, ctx: FeedContext & { title: string; now: Date }): string {
  const updated = notices.reduce((max, n) => (n.updatedAt > max ? n.updatedAt : max), notices.length ? new Date(0) : ctx.now);
  const self = `${ctx.publicUrl}/alerts/feed.atom?locale=${encodeURIComponent(locale)}`;
  const entries = notices.map((n) => {
    const lang = n.title[locale] ? locale : 'en';
    const prefix = n.status === 'cancelled' ? '[cancelled] ' : n.status === 'expired' ? '[expired] ' : '';
    const summary = [localized(n.body, lang), localized(n.instruction, lang)].filter(Boolean).join('\n\n');
    return [
      `<entry xml:lang="${escapeXml(lang)}">`,
      el('id', `${ctx.publicUrl}/alerts/notices/${n.id}#${lang}`),
      el('title', `${prefix}${localized(n.title, lang)}`),
      el('updated', rfc3339(n.updatedAt)),
      ...(n.publishedAt ? [el('published', rfc3339(n.publishedAt))] : []),
      `<category term="${escapeXml(n.severity)}" scheme="${escapeXml(`${ctx.publicUrl}/alerts/severity`)}"/>`,
      `<link rel="alternate" type="application/cap+xml" href="${escapeXml(`${ctx.publicUrl}/alerts/notices/${n.id}.cap`)}"/>`,
      el('summary', summary, ' type="text"'),
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}" xml:lang="${escapeXml(locale)}">`,
    el('id', self),
    el('title', ctx.title),
    el('updated', rfc3339(updated)),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(`${ctx.publicUrl}/`)}"/>`,
    `<author>${el('name', ctx.senderName)}</author>`,
    ...entries,
    '</feed>',
  ].join('');
}
