import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { isValidLonLat, parsePoints, ringContains, type LonLat } from '../../lib/geo.ts';
import { listDistricts, listJurisdictions } from '../catalog/service.ts';
import { normalizeAddress } from './normalize.ts';
import * as repo from './repository.ts';

/** An address point as a source gives it (OpenAddresses columns, or the demo city's list). */
export interface AddressInput {
  lon: number;
  lat: number;
  number: string;
  street: string;
  unit?: string;
  city?: string;
  region?: string;
  postcode?: string;
  placeName?: string;
  sourceId?: string | null;
  approximate?: boolean;
}

const DIRECTIONAL = /^(N|S|E|W|NE|NW|SE|SW)$/i;

/** "SW 5TH AVE" → "SW 5th Ave"; text in mixed case is kept as written. */
function tidy(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t !== t.toUpperCase() || !/[A-Z]/.test(t)) return t;
  return t
    .split(' ')
    .map((w) => (DIRECTIONAL.test(w) ? w : /^\d/.test(w) ? w.toLowerCase() : w.charAt(0) + w.slice(1).toLowerCase()))
    .join(' ');
}

/** Finds the districts containing a point (council districts first, as the catalog orders kinds). */
export type DistrictLocator = (lon: number, lat: number) => string[];

/**
 * Every jurisdiction's districts from the catalog, tested in memory (bounding box, then the ring):
 * an import of 300,000 points asks the catalog once instead of once a row.
 */
export async function districtLocator(deps: Deps): Promise<DistrictLocator> {
  const districts: Array<{ id: string; kind: string; ring: LonLat[]; box: [number, number, number, number] }> = [];
  for (const j of await listJurisdictions(deps)) {
    for (const d of await listDistricts(deps, j.id)) {
      const ring = parsePoints(String(d.area));
      const lons = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      districts.push({ id: d.id, kind: d.kind, ring, box: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] });
    }
  }
  districts.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (lon, lat) => districts.filter((d) => lon >= d.box[0] && lon <= d.box[2] && lat >= d.box[1] && lat <= d.box[3] && ringContains(d.ring, [lon, lat])).map((d) => d.id);
}

/** The row to write for an input: display label, normalised key, search text and districts. */
export function toAddressPoint(input: AddressInput, source: string, districtsOf: DistrictLocator = () => []): repo.NewAddressPoint {
  const number = input.number.trim();
  const street = tidy(input.street);
  const unit = tidy(input.unit ?? '');
  const city = tidy(input.city ?? '');
  const region = (input.region ?? '').trim().toUpperCase();
  const postcode = (input.postcode ?? '').trim();
  const placeName = (input.placeName ?? '').trim();
  const line = `${number} ${street}${unit ? ` ${/^\d/.test(unit) ? `#${unit}` : unit}` : ''}`;
  const tail = [city, [region, postcode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const label = `${placeName ? `${placeName}, ` : ''}${line}${tail ? `, ${tail}` : ''}`.slice(0, 300);
  return {
    address_key: [normalizeAddress(`${number} ${street}`), normalizeAddress(unit), normalizeAddress(city), postcode.toLowerCase()].join('|'),
    number,
    street,
    unit,
    city,
    region,
    postcode,
    place_name: placeName,
    label,
    search_label: normalizeAddress(`${number} ${street} ${unit} ${city} ${postcode} ${placeName}`),
    lon: input.lon,
    lat: input.lat,
    source,
    source_id: input.sourceId ?? null,
    approximate: input.approximate ?? false,
    district_ids: districtsOf(input.lon, input.lat),
  };
}

/** Writes address points from code (the demo city): idempotent, in batches. */
export async function upsertAddresses(deps: Deps, inputs: AddressInput[], source: string): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const districtsOf = await districtLocator(deps);
  const byKey = new Map(inputs.map((i) => toAddressPoint(i, source, districtsOf)).map((p) => [p.address_key, p]));
  const points = [...byKey.values()];
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < points.length; i += BATCH) {
    const r = await repo.upsertAddressPoints(deps.db, points.slice(i, i + BATCH), deps.clock.now());
    inserted += r.inserted;
    updated += r.updated;
  }
  return { inserted, updated, unchanged: points.length - inserted - updated };
}

const BATCH = 1000;
const OPENADDRESSES_COLUMNS = ['LON', 'LAT', 'NUMBER', 'STREET', 'UNIT', 'CITY', 'DISTRICT', 'REGION', 'POSTCODE', 'ID', 'HASH'] as const;
const REQUIRED = ['LON', 'LAT', 'NUMBER', 'STREET'];

export interface AddressImportSummary {
  file: string;
  format: 'openaddresses';
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows repeating an address earlier in the same file (the last one wins). */
  repeated: number;
  skipped: number;
  skips: Record<string, { count: number; examples: string[] }>;
  durationMs: number;
}

/**
 * Imports an OpenAddresses CSV (LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH),
 * read as a stream in batches of 1,000 rows, each written in one statement. Re-importing a file
 * changes nothing; a changed row updates its address. Rows without a usable position, number or
 * street are skipped and counted by reason, with line numbers.
 */
export async function importOpenAddresses(deps: Deps, file: string, options: { source?: string } = {}): Promise<AddressImportSummary> {
  const started = Date.now();
  await stat(file).catch(() => {
    throw new AppError('file_not_found', 400, `${file}: no such file`, { field: 'file' });
  });
  const source = options.source ?? `openaddresses:${basename(file)}`;
  const districtsOf = await districtLocator(deps);
  const summary: AddressImportSummary = { file, format: 'openaddresses', read: 0, inserted: 0, updated: 0, unchanged: 0, repeated: 0, skipped: 0, skips: {}, durationMs: 0 };
  const skip = (reason: string, line: number) => {
    summary.skipped++;
    const s = (summary.skips[reason] ??= { count: 0, examples: [] });
    s.count++;
    if (s.examples.length < 3) s.examples.push(`line ${line}`);
  };
  let batch = new Map<string, repo.NewAddressPoint>();
  const flush = async () => {
    const r = await repo.upsertAddressPoints(deps.db, [...batch.values()], deps.clock.now());
    summary.inserted += r.inserted;
    summary.updated += r.updated;
    summary.unchanged += batch.size - r.inserted - r.updated;
    batch = new Map();
  };
  const seenKeys = new Set<string>();
  const parser = createReadStream(file).pipe(
    parse({ bom: true, columns: (header: string[]) => header.map((h) => h.trim().toUpperCase()), relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
  );
  let checked = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checked) {
        const missing = REQUIRED.filter((c) => !(c in record));
        if (missing.length) throw new AppError('bad_header', 400, `${file}: not an OpenAddresses CSV — the header lacks ${missing.join(', ')} (expected ${OPENADDRESSES_COLUMNS.join(',')})`, { field: 'file' });
        checked = true;
      }
      summary.read++;
      const line = info.lines;
      const lon = Number(record.LON);
      const lat = Number(record.LAT);
      if (!record.LON || !record.LAT || !isValidLonLat(lon, lat)) skip('no usable LON/LAT', line);
      else if (!record.NUMBER || record.NUMBER.length > 20) skip('no house NUMBER', line);
      else if (!record.STREET || record.STREET.length > 200) skip('no STREET', line);
      else {
        const point = toAddressPoint({ lon, lat, number: record.NUMBER, street: record.STREET, unit: record.UNIT, city: record.CITY, region: record.REGION, postcode: record.POSTCODE, sourceId: record.ID || record.HASH || null }, source, districtsOf);
        if (seenKeys.has(point.address_key)) summary.repeated++;
        seenKeys.add(point.address_key);
        if (batch.has(point.address_key)) batch.delete(point.address_key);
        batch.set(point.address_key, point);
        if (batch.size >= BATCH) await flush();
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new AppError('bad_csv', 400, `${file}: ${(error as Error).message}`, { field: 'file' });
    throw error;
  }
  if (!checked && summary.read === 0) throw new AppError('empty_file', 400, `${file}: no rows (an OpenAddresses CSV starts with the header ${OPENADDRESSES_COLUMNS.join(',')})`, { field: 'file' });
  if (batch.size) await flush();
  // An address repeated across batches was written twice: count each address once.
  summary.unchanged = Math.max(0, seenKeys.size - summary.inserted - summary.updated);
  summary.durationMs = Date.now() - started;
  return summary;
}
