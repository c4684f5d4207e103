import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { OPEN_STATUSES } from '../requests/index.ts';

/**
 * Open data: every service request the public may know about, as CSV or GeoJSON, streamed in
 * keyset batches (bounded memory however many rows). What leaves is decided here and documented
 * column by column in docs/open-data.md:
 *
 * - no personal data: requester name, e-mail and phone, supporters, followers, staff and assignees
 *   never leave; neither do descriptions, notes or question answers, which residents and staff write
 *   freely and which can name people, phone numbers or addresses of homes;
 * - no confidential request (the request's or its service's flag): such rows are not in the export;
 * - sensitive services (a catalog flag, `coarse_public_location`, or a group in SENSITIVE_GROUPS,
 *   e.g. campsite reports, civil-rights complaints) are published with the location snapped to the
 *   centre of a grid cell (COARSE_CELL) and no street address.
 */

export const EXPORT_FORMATS = ['csv', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Service groups whose requests are published with a coarsened location, whatever their flag. */
export const SENSITIVE_GROUPS: readonly string[] = ['homelessness-social', 'civil-rights'];
/** Grid cell of coarsened locations, in degrees: 0.0015° of latitude (~167 m) × 0.002° of longitude (~157 m at 45°N). */
export const COARSE_CELL = { lat: 0.0015, lon: 0.002 } as const;

const BATCH = 1000;

/** The published columns, in order (GeoJSON carries the same minus latitude/longitude, in its geometry). */
export const COLUMNS = [
  'service_request_id',
  'jurisdiction_id',
  'service_code',
  'service_name',
  'service_group',
  'status',
  'open311_status',
  'priority',
  'channel',
  'department_id',
  'department_name',
  'district_id',
  'parent_service_request_id',
  'support_count',
  'created_at',
  'updated_at',
  'resolved_at',
  'closed_at',
  'address',
  'latitude',
  'longitude',
  'location_precision',
  'source',
] as const;
type Column = (typeof COLUMNS)[number];
export type OpenDataRow = Record<Column, string | number | null>;

export interface ExportOptions {
  format: ExportFormat;
  /** Only requests created or changed at or after this instant. */
  since?: Date;
}

/** Reads `since` as given on a command line or in a query: a date (UTC midnight) or an ISO 8601 instant with a zone. */
export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const t = ok ? Date.parse(/T/.test(value) ? value : `${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new AppError('invalid_since', 400, `since must be a date (2024-05-01) or an ISO 8601 time with a zone (2024-05-01T08:00:00-07:00); got ${JSON.stringify(value.slice(0, 60))}`, { field: 'since' });
  }
  return new Date(t);
}

const snap = (v: number, cell: number): number => Math.round((Math.floor(v / cell) * cell + cell / 2) * 1e6) / 1e6;
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

interface Cursor {
  updatedAt: Date;
  id: number;
}

async function batch(deps: Deps, since: Date | undefined, after: Cursor | null) {
  let q = deps.db
    .selectFrom('service_requests as sr')
    .innerJoin('services as s', 's.id', 'sr.service_id')
    .innerJoin('departments as d', 'd.id', 'sr.department_id')
    .leftJoin('service_requests as p', 'p.id', 'sr.parent_id')
    .select([
      'sr.id',
      'sr.tracking_number',
      'sr.jurisdiction_id',
      's.service_code',
      sql<string>`s.name->>'en'`.as('service_name'),
      's.group_code',
      'sr.status',
      'sr.priority',
      'sr.channel',
      'sr.department_id',
      sql<string>`d.name->>'en'`.as('department_name'),
      'sr.district_id',
      'p.tracking_number as parent_tracking_number',
      'sr.support_count',
      'sr.created_at',
      'sr.updated_at',
      'sr.resolved_at',
      'sr.closed_at',
      'sr.address',
      sql<number | null>`(sr.location)[0]`.as('lon'),
      sql<number | null>`(sr.location)[1]`.as('lat'),
      sql<boolean>`(s.coarse_public_location OR coalesce(s.group_code IN (${sql.join(SENSITIVE_GROUPS.map((g) => sql`${g}`))}), false))`.as('sensitive'),
      'sr.source',
    ])
    // Confidential requests never leave, whether the request or its service is marked.
    .where('sr.confidential', '=', false)
    .where('s.confidential', '=', false);
  if (since) q = q.where('sr.updated_at', '>=', since);
  if (after) q = q.where((eb) => eb.or([eb('sr.updated_at', '>', after.updatedAt), eb.and([eb('sr.updated_at', '=', after.updatedAt), eb('sr.id', '>', after.id)])]));
  return q.orderBy('sr.updated_at').orderBy('sr.id').limit(BATCH).execute();
}

/** Every publishable request, batch by batch, as the published row. */
export async function* openDataRows(deps: Deps, since?: Date): AsyncGenerator<OpenDataRow> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await batch(deps, since, after);
    for (const r of rows) {
      const hasPoint = r.lon !== null && r.lat !== null;
      const coarse = r.sensitive && hasPoint;
      yield {
        service_request_id: r.tracking_number,
        jurisdiction_id: r.jurisdiction_id,
        service_code: r.service_code,
        service_name: r.service_name,
        service_group: r.group_code,
        status: r.status,
        open311_status: (OPEN_STATUSES as readonly string[]).includes(r.status) ? 'open' : 'closed',
        priority: r.priority,
        channel: r.channel,
        department_id: r.department_id,
        department_name: r.department_name,
        district_id: r.district_id,
        parent_service_request_id: r.parent_tracking_number,
        support_count: r.support_count,
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
        resolved_at: iso(r.resolved_at),
        closed_at: iso(r.closed_at),
        address: r.sensitive ? null : r.address,
        latitude: !hasPoint ? null : coarse ? snap(Number(r.lat), COARSE_CELL.lat) : Number(r.lat),
        longitude: !hasPoint ? null : coarse ? snap(Number(r.lon), COARSE_CELL.lon) : Number(r.lon),
        location_precision: !hasPoint ? 'none' : coarse ? 'coarse' : 'exact',
        source: r.source,
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = { updatedAt: last.updated_at, id: last.id };
  }
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The export as text chunks: CSV (header, CRLF line ends) or a GeoJSON FeatureCollection (RFC 7946). */
export async function* exportOpenData(deps: Deps, options: ExportOptions): AsyncGenerator<string> {
  const CHUNK = 64 * 1024;
  if (options.format === 'csv') {
    let buffer = COLUMNS.join(',') + '\r\n';
    for await (const row of openDataRows(deps, options.since)) {
      buffer += COLUMNS.map((c) => csvField(row[c])).join(',') + '\r\n';
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    yield buffer;
    return;
  }
  let buffer = '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const row of openDataRows(deps, options.since)) {
    const { latitude, longitude, ...properties } = row;
    const geometry = latitude === null || longitude === null ? null : { type: 'Point', coordinates: [longitude, latitude] };
    buffer += (first ? '\n' : ',\n') + JSON.stringify({ type: 'Feature', id: row.service_request_id, geometry, properties });
    first = false;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + '\n]}\n';
}
