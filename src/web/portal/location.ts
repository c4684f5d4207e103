import type { Deps } from '../../deps.ts';
import { t, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { parsePoints } from '../../lib/geo.ts';
import { listDistricts } from '../../modules/catalog/service.ts';
import { resolveAddress, type AddressMatch, type GeoSettings } from '../../modules/geo/index.ts';
import { html, SafeHtml } from '../ui/html.ts';
import { fieldError, fieldId, formText, type FormError } from './page.ts';

/**
 * The report form's location, without JavaScript first: a typed address with no coordinates is
 * looked up in the gazetteer; one good match places the report, several come back as "Which address
 * did you mean?", none keeps the text as it is (the resident is told it is not on the map).
 */

export const CHOICE = 'address_choice';
/** The choice that keeps the typed text without a position. */
const AS_TYPED = 'as-typed';
const MAX_LOOKUP = 200;

/** Where a report is, as the form decided it. */
export type PlacedAddress =
  | { kind: 'placed'; address: string; location: { lat: number; long: number } }
  | { kind: 'choose'; choices: AddressMatch[] }
  | { kind: 'unplaced'; address: string };

const choiceValue = (m: { lat: number; long: number }): string => `${m.lat.toFixed(6)},${m.long.toFixed(6)}`;

/**
 * What the posted address comes to. A choice from the list is checked against a fresh lookup of the
 * same text, so a forged value cannot place a report anywhere the gazetteer did not offer.
 */
export async function placeAddress(deps: Deps, geo: GeoSettings, body: Record<string, unknown>, address: string): Promise<PlacedAddress> {
  if (address.length > MAX_LOOKUP || !/[\p{L}\p{N}]/u.test(address)) return { kind: 'unplaced', address };
  const chosen = formText(body, CHOICE);
  if (chosen === AS_TYPED) return { kind: 'unplaced', address };
  let resolution;
  try {
    resolution = await resolveAddress(deps, address, geo.geocoder);
  } catch (error) {
    if (error instanceof AppError && error.status === 400) return { kind: 'unplaced', address };
    throw error;
  }
  if (resolution.kind === 'none') return { kind: 'unplaced', address };
  const offered = resolution.kind === 'one' ? [resolution.match] : resolution.matches;
  const picked = chosen ? offered.find((m) => choiceValue(m) === chosen) : undefined;
  if (picked) return { kind: 'placed', address: picked.label, location: { lat: picked.lat, long: picked.long } };
  if (resolution.kind === 'one') return { kind: 'placed', address: resolution.match.label, location: { lat: resolution.match.lat, long: resolution.match.long } };
  return { kind: 'choose', choices: resolution.matches };
}

/** The error-summary entry that asks which address was meant (links to the first choice). */
export function choiceError(locale: Locale): FormError {
  return { field: CHOICE, message: t(locale, 'portal.location.whichSummary') };
}

/**
 * The "Which address did you mean?" radio group (the first radio carries the id the error summary
 * links to), with "none of these" keeping the text as typed.
 */
export function addressChoices(locale: Locale, choices: AddressMatch[] | undefined, errors: FormError[]): SafeHtml | '' {
  if (!choices?.length) return '';
  const id = fieldId(CHOICE);
  return html`<fieldset class="field" aria-describedby="${id}-hint"><legend>${t(locale, 'portal.location.which')}</legend>
<p class="hint" id="${id}-hint">${t(locale, 'portal.location.whichHint')}</p>${fieldError(locale, errors, CHOICE)}
${choices.map(
  (m, i) => html`<div class="choice"><input type="radio" id="${i === 0 ? id : `${id}-${i}`}" name="${CHOICE}" value="${choiceValue(m)}"><label for="${i === 0 ? id : `${id}-${i}`}">${m.label}</label></div>`,
)}
<div class="choice"><input type="radio" id="${id}-none" name="${CHOICE}" value="${AS_TYPED}"><label for="${id}-none">${t(locale, 'portal.location.noneOfThese')}</label></div>
</fieldset>`;
}

/** South-west and north-east corners ([lat, long]) of the jurisdiction's districts: the map's first view. */
async function mapBounds(deps: Deps, jurisdictionId: string | null): Promise<[[number, number], [number, number]] | null> {
  if (!jurisdictionId) return null;
  const points = (await listDistricts(deps, jurisdictionId)).flatMap((d) => parsePoints(String(d.area)));
  if (!points.length) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [[Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]];
}

/** Strings and settings the location scripts need (map tiles and first view, messages), as inert JSON. */
export async function locationScriptData(deps: Deps, locale: Locale, geo: GeoSettings, jurisdictionId: string | null): Promise<SafeHtml> {
  const keys = ['useMyLocation', 'locating', 'denied', 'unavailable', 'outside', 'found', 'chooseOnMap', 'mapHelp', 'mapLabel', 'mapNearby', 'noAddressHere', 'suggestions', 'closeMap', 'pointChosen'];
  const data = {
    tileUrl: geo.mapTileUrl,
    attribution: t(locale, 'portal.location.attribution'),
    locale,
    bounds: await mapBounds(deps, jurisdictionId),
    messages: Object.fromEntries(keys.map((k) => [k, t(locale, `portal.location.${k}`)])),
  };
  // JSON inside <script>: '<' escaped so no text can close the element.
  return new SafeHtml(`<script type="application/json" id="portal-geo">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}
