import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

/** Gazetteer SQL: the only place that reads or writes `address_points`. */

export interface AddressRow {
  id: number;
  number: string;
  street: string;
  unit: string;
  city: string;
  postcode: string;
  place_name: string;
  label: string;
  search_label: string;
  lon: number;
  lat: number;
  district_ids: string[];
}

const COLUMNS = sql`a.id, a.number, a.street, a.unit, a.city, a.postcode, a.place_name, a.label, a.search_label,
  (a.location)[0] AS lon, (a.location)[1] AS lat, a.district_ids`;

/** Points with a house number, most similar labels first. */
export async function selectByNumber(db: Db, query: string, houseNumber: string, limit: number): Promise<AddressRow[]> {
  const { rows } = await sql<AddressRow>`SELECT ${COLUMNS} FROM address_points a WHERE a.number = ${houseNumber}
    ORDER BY public.word_similarity(${query}, a.search_label) DESC, a.id LIMIT ${limit}`.execute(db);
  return rows.map(numeric);
}

/**
 * Points whose label holds every one of `words` as a whole word (the last one as a word start, for
 * typing in progress), found through the trigram index's regular-expression support. No ORDER BY:
 * every row found holds all the words, and ordering would make the planner walk the table.
 */
export async function selectByWords(db: Db, words: string[], lastIsPrefix: boolean, limit: number): Promise<AddressRow[]> {
  if (!words.length) return [];
  const patterns = words.map((w, i) => `\\m${w}${lastIsPrefix && i === words.length - 1 ? '' : '\\M'}`);
  const { rows } = await sql<AddressRow>`SELECT ${COLUMNS} FROM address_points a
    WHERE ${sql.join(patterns.map((p) => sql`a.search_label ~ ${p}`), sql` AND `)} LIMIT ${limit}`.execute(db);
  return rows.map(numeric);
}

/** The typo path: trigram word similarity above pg_trgm's threshold (0.6), on the GIN index. */
export async function selectBySimilarity(db: Db, query: string, limit: number): Promise<AddressRow[]> {
  const { rows } = await sql<AddressRow>`SELECT ${COLUMNS} FROM address_points a WHERE ${query} OPERATOR(public.<%) a.search_label
    ORDER BY public.word_similarity(${query}, a.search_label) DESC, a.id LIMIT ${limit}`.execute(db);
  return rows.map(numeric);
}

/** The points nearest to a position by planar distance on the GiST index (re-ranked by the caller). */
export async function selectNearest(db: Db, lon: number, lat: number, limit: number): Promise<AddressRow[]> {
  const { rows } = await sql<AddressRow>`SELECT ${COLUMNS} FROM address_points a
    ORDER BY a.location <-> point(${lon}::float8, ${lat}::float8) LIMIT ${limit}`.execute(db);
  return rows.map(numeric);
}

function numeric(r: AddressRow): AddressRow {
  return { ...r, id: Number(r.id), lon: Number(r.lon), lat: Number(r.lat), district_ids: r.district_ids ?? [] };
}

/** One point to write: the normalised key and label, the position and where it came from. */
export interface NewAddressPoint {
  address_key: string;
  number: string;
  street: string;
  unit: string;
  city: string;
  region: string;
  postcode: string;
  place_name: string;
  label: string;
  search_label: string;
  lon: number;
  lat: number;
  source: string;
  source_id: string | null;
  approximate: boolean;
  /** Districts containing the point (the import looks them up from the catalog's districts). */
  district_ids: string[];
}

/**
 * Writes a batch (keys unique within it) in one statement: new addresses are inserted, known ones
 * updated only when something changed. Returns how many were inserted and updated.
 */
export async function upsertAddressPoints(db: Db, points: NewAddressPoint[], now: Date): Promise<{ inserted: number; updated: number }> {
  if (!points.length) return { inserted: 0, updated: 0 };
  const { rows } = await sql<{ inserted: boolean }>`
    INSERT INTO address_points AS a (address_key, number, street, unit, city, region, postcode, place_name, label, search_label,
                                     location, district_ids, source, source_id, approximate, updated_at)
    SELECT v.address_key, v.number, v.street, v.unit, v.city, v.region, v.postcode, v.place_name, v.label, v.search_label,
           point(v.lon, v.lat),
           v.district_ids,
           v.source, v.source_id, v.approximate, ${now}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(points)}::jsonb) AS v(address_key text, number text, street text, unit text, city text,
           region text, postcode text, place_name text, label text, search_label text, lon float8, lat float8, source text,
           source_id text, approximate boolean, district_ids text[])
    ON CONFLICT (address_key) DO UPDATE SET
      number = excluded.number, street = excluded.street, unit = excluded.unit, city = excluded.city, region = excluded.region,
      postcode = excluded.postcode, place_name = excluded.place_name, label = excluded.label, search_label = excluded.search_label,
      location = excluded.location, district_ids = excluded.district_ids, source = excluded.source, source_id = excluded.source_id,
      approximate = excluded.approximate, updated_at = excluded.updated_at
    WHERE (a.label, a.place_name, a.region, (a.location)[0], (a.location)[1], a.district_ids, a.source, a.source_id, a.approximate)
          IS DISTINCT FROM (excluded.label, excluded.place_name, excluded.region, (excluded.location)[0], (excluded.location)[1],
                            excluded.district_ids, excluded.source, excluded.source_id, excluded.approximate)
    RETURNING (xmax = 0) AS inserted`.execute(db);
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

/** How many address points the gazetteer holds. */
export async function countAddressPoints(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM address_points`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
