import type { Localized } from '../../db/schema.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import type { AddressMatch, ReverseResult } from './service.ts';

/**
 * What leaves the server from the gazetteer: address labels, coordinates and district names —
 * places, never people (the gazetteer holds no personal data, and nothing about requests).
 */

export type DistrictNames = Map<string, Localized>;

function district(ids: string[], names: DistrictNames, locale: Locale): { id: string; name: string } | null {
  const id = ids.find((d) => names.has(d));
  return id ? { id, name: localized(names.get(id), locale) } : null;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** One search result. */
export function presentMatch(m: AddressMatch, names: DistrictNames, locale: Locale) {
  return { label: m.label, lat: round(m.lat), long: round(m.long), district: district(m.districtIds, names, locale) };
}

/** A reverse lookup; `message` says plainly when the point is outside the jurisdiction. */
export function presentReverse(r: ReverseResult, names: DistrictNames, locale: Locale, outsideMessage: string) {
  return {
    lat: round(r.lat),
    long: round(r.long),
    inside: r.inside,
    address: r.address ? { label: r.address.label, lat: round(r.address.lat), long: round(r.address.long), distance_meters: r.address.distanceMeters } : null,
    district: district(r.districtIds, names, locale),
    message: r.inside ? null : outsideMessage,
  };
}
