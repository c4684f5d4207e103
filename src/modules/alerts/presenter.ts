import { localized, type Locale } from '../../i18n/index.ts';
import type { Notice } from './notices.ts';

/** What staff see of a notice: everything. */
export function presentNotice(n: Notice) {
  return {
    id: n.id,
    jurisdictionId: n.jurisdictionId,
    status: n.status,
    severity: n.severity,
    urgency: n.urgency,
    certainty: n.certainty,
    category: n.category,
    event: n.event,
    title: n.title,
    body: n.body,
    instruction: n.instruction,
    area: { kind: n.area.kind, districtId: n.area.districtId, description: n.area.description, coordinates: n.area.ring },
    startsAt: n.startsAt.toISOString(),
    expiresAt: n.expiresAt.toISOString(),
    version: n.version,
    createdBy: n.createdBy,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    publishedAt: n.publishedAt?.toISOString() ?? null,
    cancelledAt: n.cancelledAt?.toISOString() ?? null,
    messages: n.messages.map((m) => ({ msgType: m.msgType, identifier: m.identifier, sentAt: m.sentAt.toISOString(), recipients: m.recipients })),
  };
}

/** What the portal banner shows: one language (the visitor's, else English), nothing about who wrote it. */
export function presentBannerNotice(n: Notice, locale: Locale, publicUrl: string) {
  const lang: Locale = n.title[locale] ? locale : 'en';
  return {
    id: n.id,
    severity: n.severity,
    urgency: n.urgency,
    locale: lang,
    fallback: lang !== locale,
    event: localized(n.event, lang),
    title: localized(n.title, lang),
    body: localized(n.body, lang),
    instruction: localized(n.instruction, lang) || null,
    area: localized(n.area.description, lang),
    startsAt: n.startsAt.toISOString(),
    expiresAt: n.expiresAt.toISOString(),
    capUrl: `${publicUrl}/alerts/notices/${n.id}.cap`,
  };
}
