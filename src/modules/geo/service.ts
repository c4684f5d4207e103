import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { haversineMeters, isValidLonLat } from '../../lib/geo.ts';
import { getJurisdiction, locatePoint } from '../catalog/service.ts';
import type { Geocoder } from './geocoder.ts';
import { houseNumberOf, matchScore, normalizeWords } from './normalize.ts';
import * as repo from './repository.ts';

/** What geocoding needs besides the database: the optional outside geocoder and the map's tiles. */
export interface GeoSettings {
  /** A Nominatim-compatible server asked when the gazetteer has no answer; null = never asked. */
  geocoder: Geocoder | null;
  /** Map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png */
  mapTileUrl: string;
}

export const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_GEO_SETTINGS: GeoSettings = { geocoder: null, mapTileUrl: DEFAULT_MAP_TILE_URL };

/** One place an address search found. */
export interface AddressMatch {
  label: string;
  lat: number;
  long: number;
  /** Districts containing it (council district first), when known. */
  districtIds: string[];
  /** How well it matches the words typed, 0–1 (1: every word found). */
  score: number;
  source: 'gazetteer' | 'geocoder';
}

export const MAX_QUERY_LENGTH = 200;
/** Below this score a gazetteer candidate is not offered at all. */
const MIN_SCORE = 0.5;
/** The form offers a partial match as a choice only above this score. */
const OFFER_SCORE = 0.7;
/** "SE Division St & SE 50th Ave", "5th and Main", "Division y 50", "Main / Oak", "Main at Oak". */
const INTERSECTION = /\s(?:&|and|y|at|@|\/|и|và|與|和)\s|\s&|&\s/i;

/** Whether the text names an intersection rather than an address. */
export function isIntersection(text: string): boolean {
  return INTERSECTION.test(` ${text.trim()} `);
}

/** Every word typed was found in the address. */
const FULL_MATCH = 0.999;
/** A reverse lookup farther than this from every address point names no address. */
export const MAX_REVERSE_METERS = 150;
const UNIT_WORDS = new Set(['apt', 'ste', 'unit', 'rm', 'fl', 'bldg']);
/** Words left out of the word search (they say nothing about the address). */
const NOISE_WORDS = new Set(['usa', 'us', 'united', 'states', 'america', 'oregon']);

/** The trimmed query, or a 400 naming the field. */
function checkQuery(text: string, field: string): string {
  const q = text.trim();
  if (!q) throw new AppError('required', 400, `${field} is required: the address to look for`, { field });
  if (q.length > MAX_QUERY_LENGTH) throw new AppError('too_long', 400, `${field} must be at most ${MAX_QUERY_LENGTH} characters`, { field });
  if (!/[\p{L}\p{N}]/u.test(q)) throw new AppError('invalid', 400, `${field} must contain letters or numbers`, { field });
  return q;
}

/**
 * Addresses matching what a resident typed, best first: the gazetteer's points scored word by word
 * (suffixes, directionals and ordinals normalised, small typos forgiven; with `prefix`, the last
 * word may be unfinished, as while typing); units of one building are folded into one answer unless
 * a unit was typed. Only when the gazetteer has nothing is the outside
 * geocoder (if any) asked.
 */
export async function searchAddresses(deps: Deps, text: string, options: { limit?: number; geocoder?: Geocoder | null; field?: string; prefix?: boolean } = {}): Promise<AddressMatch[]> {
  const q = checkQuery(text, options.field ?? 'q');
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 20);
  const words = normalizeWords(q);
  const houseNumber = houseNumberOf(q);
  const matches: AddressMatch[] = [];
  if (words.length) {
    const query = words.join(' ');
    const wantsUnit = words.some((w) => UNIT_WORDS.has(w));
    const prefix = options.prefix ?? false;
    const best = new Map<string, { row: repo.AddressRow; score: number }>();
    const consider = (rows: repo.AddressRow[]) => {
      for (const row of rows) {
        const score = matchScore(words, row.search_label.split(' '), houseNumber, row.number, prefix);
        if (score < MIN_SCORE) continue;
        const key = wantsUnit ? String(row.id) : `${row.number}|${row.street}|${row.city}`.toLowerCase();
        const seen = best.get(key);
        // Prefer the higher score; between units of one building, the building itself.
        if (!seen || score > seen.score || (score === seen.score && !row.unit && seen.row.unit)) best.set(key, { row, score });
      }
    };
    const good = () => [...best.values()].some((b) => b.score >= OFFER_SCORE);
    // Cheapest first: the house number (b-tree), then every word (trigram index, exact words), and
    // only when neither found a good match, trigram similarity (typos; slower on a big gazetteer).
    if (houseNumber) consider(await repo.selectByNumber(deps.db, query, houseNumber, 50));
    const textWords = words.filter((w) => !/^\d+$/.test(w) && !NOISE_WORDS.has(w));
    if (!good() && textWords.some((w) => w.length >= 3)) consider(await repo.selectByWords(deps.db, textWords, prefix, 200));
    if (!good()) consider(await repo.selectBySimilarity(deps.db, query, 50));
    for (const { row, score } of best.values()) {
      matches.push({ label: row.label, lat: row.lat, long: row.lon, districtIds: row.district_ids, score: Math.round(score * 1000) / 1000, source: 'gazetteer' });
    }
    // Equal scores: the label holding the words as typed, in order ("Portland Building"), first.
    const phrase = words.join(' ');
    const inOrder = (m: AddressMatch) => (normalizeWords(m.label).join(' ').includes(phrase) ? 1 : 0);
    matches.sort((a, b) => b.score - a.score || inOrder(b) - inOrder(a) || a.label.localeCompare(b.label, 'en', { numeric: true }));
  }
  if (matches.length || !options.geocoder) return matches.slice(0, limit);
  const outside = await options.geocoder.search(q);
  const located: AddressMatch[] = [];
  for (const p of outside.slice(0, limit)) located.push({ label: p.label, lat: p.lat, long: p.long, districtIds: (await placeOf(deps, p.long, p.lat)).districtIds, score: 1, source: 'geocoder' });
  return located;
}

/** What an address typed into the report form comes to: one place, a choice, or nothing found. */
export type AddressResolution = { kind: 'one'; match: AddressMatch } | { kind: 'several'; matches: AddressMatch[] } | { kind: 'none' };

/**
 * Resolves a typed address for the report form: a single full match is taken; several full
 * matches, or only partial ones, are offered as a choice; nothing found is "none" (the address is
 * kept as free text).
 */
export async function resolveAddress(deps: Deps, text: string, geocoder: Geocoder | null, field = 'address'): Promise<AddressResolution> {
  // The gazetteer holds addresses, not intersections: never snap "5th & Main" to a house.
  if (isIntersection(text)) return { kind: 'none' };
  const matches = (await searchAddresses(deps, text, { limit: 8, geocoder, field })).filter((m) => m.score >= OFFER_SCORE);
  if (!matches.length) return { kind: 'none' };
  const full = matches.filter((m) => m.score >= FULL_MATCH);
  if (full.length === 1 && (full[0] as AddressMatch).source === 'gazetteer') return { kind: 'one', match: full[0] as AddressMatch };
  if (matches.length === 1 && full.length === 1) return { kind: 'one', match: full[0] as AddressMatch };
  return { kind: 'several', matches: full.length > 1 ? full : matches };
}

async function placeOf(deps: Deps, lon: number, lat: number): Promise<{ jurisdictionId: string | null; inside: boolean; districtIds: string[] }> {
  const jurisdiction = await getJurisdiction(deps).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'no_jurisdiction') return null;
    throw error;
  });
  if (!jurisdiction) return { jurisdictionId: null, inside: false, districtIds: [] };
  const place = await locatePoint(deps, jurisdiction.id, lon, lat);
  return { jurisdictionId: jurisdiction.id, inside: place.inside, districtIds: place.districtIds };
}

/** What is at a position: the nearest address (if one is close), and whether the city serves it. */
export interface ReverseResult {
  lat: number;
  long: number;
  address: { label: string; lat: number; long: number; distanceMeters: number; source: 'gazetteer' | 'geocoder' } | null;
  /** Inside the (default) jurisdiction's boundary. */
  inside: boolean;
  jurisdictionId: string | null;
  districtIds: string[];
}

/**
 * Reverse geocoding: the nearest gazetteer point (exact great-circle distance among the ten
 * nearest on the index), or the outside geocoder's answer when none is within 150 m; and the
 * jurisdiction's districts containing the position.
 */
export async function reverseGeocode(deps: Deps, lat: number, long: number, options: { geocoder?: Geocoder | null } = {}): Promise<ReverseResult> {
  if (!isValidLonLat(long, lat)) throw new AppError('invalid_location', 400, 'lat must be from -90 to 90 and long from -180 to 180', { field: Number.isFinite(lat) && Math.abs(lat) <= 90 ? 'long' : 'lat' });
  const place = await placeOf(deps, long, lat);
  const nearest = (await repo.selectNearest(deps.db, long, lat, 10))
    .map((r) => ({ r, d: haversineMeters([long, lat], [r.lon, r.lat]) }))
    .sort((a, b) => a.d - b.d)[0];
  let address: ReverseResult['address'] = null;
  if (nearest && nearest.d <= MAX_REVERSE_METERS) {
    address = { label: nearest.r.label, lat: nearest.r.lat, long: nearest.r.lon, distanceMeters: Math.round(nearest.d), source: 'gazetteer' };
  } else if (options.geocoder) {
    const found = await options.geocoder.reverse(lat, long);
    if (found) address = { ...found, distanceMeters: Math.round(haversineMeters([long, lat], [found.long, found.lat])), source: 'geocoder' };
  }
  return { lat, long, address, ...place };
}
