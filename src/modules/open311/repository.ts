import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';

/**
 * Open311 SQL. The GeoReport API is a public, read-mostly projection of service requests, so its
 * reads are written here against the request tables (one query a page, from the 0013 indexes)
 * rather than assembled from the staff module's per-request loads. It writes only its own tables
 * (`open311_submissions`, `open311_update_links`); requests and their timelines are written by the
 * requests module's services.
 */

const EARTH_RADIUS_M = 6_371_008.8;

export interface PublicRequestRow {
  id: number;
  tracking_number: string;
  status: string;
  description: string;
  address: string | null;
  created_at: Date;
  updated_at: Date;
  due_at: Date | null;
  lon: number | null;
  lat: number | null;
  service_id: number;
  department_id: string;
  media_url: string | null;
  address_id: string | null;
  status_notes: string | null;
  channel: string;
  priority: string;
  district_id: string | null;
  attributes: Record<string, unknown>;
  parent_tracking_number: string | null;
  support_count: number;
}

/** Who may be shown: a jurisdiction's requests that are not confidential, nor of a service that is now. */
export interface PublicScope {
  jurisdictionId: string;
  /** Services that are confidential now (their older requests may predate that). */
  confidentialServiceIds: number[];
}

export interface ListFilter extends PublicScope {
  /** Tracking numbers: when given, every other filter is ignored. */
  ids?: string[];
  serviceIds?: number[];
  createdFrom?: Date;
  createdTo?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
  /** Detailed statuses (from the fixed list, so they are written into the SQL and partial indexes apply). */
  statuses?: readonly string[];
  box?: { west: number; south: number; east: number; north: number };
  circle?: { lon: number; lat: number; radiusMeters: number };
  order: 'created_desc' | 'updated_asc';
  limit: number;
  offset: number;
}

// Catalog names (service, department, district) come from the catalog's cache, not from joins:
// fewer joins to plan on the hottest read.
const SELECT = sql`
  SELECT sr.id, sr.tracking_number, sr.status, sr.description, sr.address, sr.created_at, sr.updated_at, sr.due_at,
         (sr.location)[0] AS lon, (sr.location)[1] AS lat, sr.service_id, sr.department_id,
         coalesce(o.media_url, (SELECT '/media/' || m.id || CASE WHEN m.content_type = 'image/webp' THEN '.webp' ELSE '.jpg' END
                                  FROM request_media m WHERE m.request_id = sr.id AND m.public ORDER BY m.id LIMIT 1)) AS media_url,
         o.address_id, sr.channel, sr.priority, sr.district_id, sr.attributes,
         p.tracking_number AS parent_tracking_number, sr.support_count,
         (SELECT e.public_note FROM request_events e
           WHERE e.request_id = sr.id AND e.public_note IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS status_notes
    FROM service_requests sr
    LEFT JOIN service_requests p ON p.id = sr.parent_id
    LEFT JOIN open311_submissions o ON o.request_id = sr.id`;

function publicOnly(scope: PublicScope): RawBuilder<unknown>[] {
  const where = [sql`sr.jurisdiction_id = ${scope.jurisdictionId}`, sql`NOT sr.confidential`];
  if (scope.confidentialServiceIds.length) where.push(sql`sr.service_id <> ALL(${scope.confidentialServiceIds}::bigint[])`);
  return where;
}

const STATUS_LITERAL = /^[a-z_]+$/;

/** One public request by tracking number: the same columns and rules as SELECT + publicOnly, in a function whose plan is cached (0013). */
export async function selectPublicRequest(db: Db, scope: PublicScope, trackingNumber: string): Promise<PublicRequestRow | undefined> {
  const { rows } = await sql<PublicRequestRow>`
    SELECT * FROM open311_public_request(${trackingNumber}, ${scope.jurisdictionId}, ${scope.confidentialServiceIds}::bigint[])`.execute(db);
  return rows[0];
}

export async function selectPublicRequests(db: Db, f: ListFilter): Promise<PublicRequestRow[]> {
  const where: RawBuilder<unknown>[] = publicOnly(f);
  if (f.ids) {
    where.push(sql`sr.tracking_number = ANY(${f.ids}::text[])`);
  } else {
    if (f.serviceIds) where.push(f.serviceIds.length === 1 ? sql`sr.service_id = ${f.serviceIds[0]}` : sql`sr.service_id = ANY(${f.serviceIds}::bigint[])`);
    if (f.createdFrom) where.push(sql`sr.created_at >= ${f.createdFrom}::timestamptz`);
    if (f.createdTo) where.push(sql`sr.created_at <= ${f.createdTo}::timestamptz`);
    if (f.updatedAfter) where.push(sql`sr.updated_at > ${f.updatedAfter}::timestamptz`);
    if (f.updatedBefore) where.push(sql`sr.updated_at < ${f.updatedBefore}::timestamptz`);
    if (f.statuses) {
      if (!f.statuses.every((s) => STATUS_LITERAL.test(s))) throw new Error('statuses must be plain status names');
      where.push(sql`sr.status IN (${sql.raw(f.statuses.map((s) => `'${s}'`).join(', '))})`);
    }
    if (f.box) {
      const b = f.box;
      where.push(sql`sr.location <@ box(point(${b.west}::float8, ${b.south}::float8), point(${b.east}::float8, ${b.north}::float8))`);
    }
    if (f.circle) {
      const { lon, lat, radiusMeters } = f.circle;
      where.push(sql`${sql.raw(String(EARTH_RADIUS_M))} * 2 * asin(least(1, sqrt(
          power(sin(radians((sr.location)[1] - ${lat}::float8) / 2), 2) +
          cos(radians(${lat}::float8)) * cos(radians((sr.location)[1])) * power(sin(radians((sr.location)[0] - ${lon}::float8) / 2), 2))))
        <= ${radiusMeters}::float8`);
    }
  }
  const order = f.order === 'updated_asc' ? sql`sr.updated_at, sr.id` : sql`sr.created_at DESC, sr.id DESC`;
  const { rows } = await sql<PublicRequestRow>`${SELECT} WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return rows;
}

export interface PublicNoteRow {
  request_id: number;
  at: Date;
  public_note: string;
  to_status: string | null;
}

/** The public notes of some requests, oldest first (the `notes` extension). */
export async function selectPublicNotes(db: Db, requestIds: number[]): Promise<PublicNoteRow[]> {
  if (!requestIds.length) return [];
  const { rows } = await sql<PublicNoteRow>`
    SELECT request_id, at, public_note, to_status FROM request_events
     WHERE request_id = ANY(${requestIds}::bigint[]) AND public_note IS NOT NULL
     ORDER BY request_id, id`.execute(db);
  return rows;
}

export interface PublicUpdateRow {
  id: number;
  tracking_number: string;
  at: Date;
  kind: string;
  public_note: string | null;
  to_status: string | null;
  /** The request's detailed status right after this update. */
  status_after: string;
  media_url: string | null;
}

/** Public updates (public notes, status changes, merges) of a jurisdiction's public requests. */
export async function selectPublicUpdates(
  db: Db,
  f: PublicScope & { from?: Date; to?: Date; ids?: string[]; limit: number; offset: number },
): Promise<PublicUpdateRow[]> {
  const where: RawBuilder<unknown>[] = [
    sql`(e.public_note IS NOT NULL OR e.kind IN ('status_changed', 'merged_into'))`,
    ...publicOnly(f),
  ];
  if (f.from) where.push(sql`e.at >= ${f.from}::timestamptz`);
  if (f.to) where.push(sql`e.at <= ${f.to}::timestamptz`);
  if (f.ids) where.push(sql`sr.tracking_number = ANY(${f.ids}::text[])`);
  const { rows } = await sql<PublicUpdateRow>`
    SELECT e.id, sr.tracking_number, e.at, e.kind, e.public_note, e.to_status, l.media_url,
           coalesce((SELECT x.to_status FROM request_events x
                      WHERE x.request_id = e.request_id AND x.id <= e.id AND x.to_status IS NOT NULL
                      ORDER BY x.id DESC LIMIT 1), 'new') AS status_after
      FROM request_events e
      JOIN service_requests sr ON sr.id = e.request_id
      LEFT JOIN open311_update_links l ON l.event_id = e.id
     WHERE ${sql.join(where, sql` AND `)}
     ORDER BY e.at, e.id
     LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return rows;
}

export async function insertSubmission(
  db: Db,
  s: { requestId: number; token: string; mediaUrl: string | null; addressId: string | null; deviceId: string | null; accountId: string | null; apiKeyId: number | null; at: Date },
): Promise<void> {
  await sql`INSERT INTO open311_submissions (request_id, token, media_url, address_id, device_id, account_id, api_key_id, created_at)
    VALUES (${s.requestId}, ${s.token}, ${s.mediaUrl}, ${s.addressId}, ${s.deviceId}, ${s.accountId}, ${s.apiKeyId}, ${s.at}::timestamptz)`.execute(db);
}

/** The request a token was issued for, if it is a public request of the jurisdiction. */
export async function selectToken(db: Db, scope: PublicScope, token: string): Promise<{ tracking_number: string } | undefined> {
  const { rows } = await sql<{ tracking_number: string }>`
    SELECT sr.tracking_number FROM open311_submissions o JOIN service_requests sr ON sr.id = o.request_id
     WHERE o.token = ${token} AND ${sql.join(publicOnly(scope), sql` AND `)}`.execute(db);
  return rows[0];
}

/** The last timeline entry of a request: inside the change's transaction, the one just written. */
export async function selectLastEventId(db: Db, requestId: number): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT max(id) AS id FROM request_events WHERE request_id = ${requestId}`.execute(db);
  const id = rows[0]?.id;
  if (id === undefined || id === null) throw new Error(`request ${requestId} has no timeline`);
  return Number(id);
}

export async function insertUpdateLink(db: Db, l: { eventId: number; apiKeyId: number; externalUpdateId: string | null; mediaUrl: string | null; at: Date }): Promise<void> {
  await sql`INSERT INTO open311_update_links (event_id, api_key_id, external_update_id, media_url, created_at)
    VALUES (${l.eventId}, ${l.apiKeyId}, ${l.externalUpdateId}, ${l.mediaUrl}, ${l.at}::timestamptz)`.execute(db);
}

/** An update a partner already posted with its own update id (a retry returns it). */
export async function selectUpdateByExternalId(db: Db, apiKeyId: number, externalUpdateId: string): Promise<{ event_id: number } | undefined> {
  const { rows } = await sql<{ event_id: number }>`
    SELECT event_id FROM open311_update_links WHERE api_key_id = ${apiKeyId} AND external_update_id = ${externalUpdateId}`.execute(db);
  return rows[0];
}

/** When the jurisdiction's service list last changed (for Last-Modified). */
export async function selectServicesChangedAt(db: Db, jurisdictionId: string): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`SELECT max(updated_at) AS at FROM services WHERE jurisdiction_id = ${jurisdictionId}`.execute(db);
  return rows[0]?.at ?? null;
}

/** A request's internal id and confidentiality by tracking number, for partner updates. */
export async function selectRequestRef(db: Db, scope: PublicScope, trackingNumber: string): Promise<{ id: number; status: string } | undefined> {
  const { rows } = await sql<{ id: number; status: string }>`
    SELECT sr.id, sr.status FROM service_requests sr
     WHERE sr.tracking_number = ${trackingNumber} AND ${sql.join(publicOnly(scope), sql` AND `)}`.execute(db);
  return rows[0];
}
