import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { NewRequestEvent, ServiceRequestsTable } from '../../db/schema.ts';
import { OPEN_STATUSES } from './status.ts';

/** Service-request SQL: the only file that touches the request tables. */

const requestColumns = [
  'sr.id',
  'sr.tracking_number',
  'sr.jurisdiction_id',
  'sr.service_id',
  'sr.status',
  'sr.priority',
  'sr.channel',
  'sr.description',
  'sr.address',
  'sr.district_id',
  'sr.department_id',
  'sr.routing_rule_id',
  'sr.attributes',
  'sr.requester_name',
  'sr.requester_email',
  'sr.requester_phone',
  'sr.confidential',
  'sr.parent_id',
  'sr.referred_to',
  'sr.support_count',
  'sr.due_at',
  'sr.first_response_at',
  'sr.resolved_at',
  'sr.closed_at',
  'sr.breached_at',
  'sr.hold_started_at',
  'sr.version',
  'sr.created_at',
  'sr.updated_at',
] as const;

function selectRequests(db: Db) {
  return db
    .selectFrom('service_requests as sr')
    .innerJoin('services as s', 's.id', 'sr.service_id')
    .leftJoin('service_requests as p', 'p.id', 'sr.parent_id')
    .select(requestColumns)
    .select([
      's.service_code',
      'p.tracking_number as parent_tracking_number',
      sql<number | null>`(sr.location)[0]`.as('lon'),
      sql<number | null>`(sr.location)[1]`.as('lat'),
    ]);
}
export type RequestRecord = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

export async function selectRequest(db: Db, ref: { id: number } | { trackingNumber: string }): Promise<RequestRecord | undefined> {
  const q = selectRequests(db);
  return ('id' in ref ? q.where('sr.id', '=', ref.id) : q.where('sr.tracking_number', '=', ref.trackingNumber)).executeTakeFirst();
}

/** Locks the requests (in id order, so two merges never deadlock) for the rest of the transaction. */
export async function lockRequests(db: Db, ids: number[]): Promise<void> {
  await db.selectFrom('service_requests').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** Next number in the jurisdiction's yearly sequence; the row lock serialises concurrent creates. */
export async function nextTrackingValue(db: Db, jurisdictionId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('tracking_counters')
    .values({ jurisdiction_id: jurisdictionId, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'year']).doUpdateSet({ last_value: sql`tracking_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export async function insertRequest(
  db: Db,
  values: Omit<Insertable<ServiceRequestsTable>, 'location'> & { lon: number | null; lat: number | null },
): Promise<number> {
  const { lon, lat, ...rest } = values;
  const row = await db
    .insertInto('service_requests')
    .values({ ...rest, location: lon === null || lat === null ? null : sql<string>`point(${lon}, ${lat})` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applies a change only if nobody changed the request since `expectedVersion`; false when stale. */
export async function updateRequestVersioned(
  db: Db,
  id: number,
  expectedVersion: number | null,
  set: Updateable<ServiceRequestsTable>,
): Promise<boolean> {
  let q = db
    .updateTable('service_requests')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id);
  if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function insertEvents(db: Db, events: NewRequestEvent[]): Promise<void> {
  if (events.length) await db.insertInto('request_events').values(events).execute();
}

export async function selectTimeline(db: Db, requestId: number) {
  return db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

/** Records the key unless another create already holds it; false means it is taken. */
export async function claimIdempotencyKey(db: Db, row: { scope: string; key: string; bodyHash: string; requestId: number; at: Date }): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope: row.scope, key: row.key, body_hash: row.bodyHash, request_id: row.requestId, created_at: row.at })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function selectIdempotencyKey(db: Db, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

const EARTH_RADIUS_M = 6371008.8;
/** Inlined, not bound, so the planner can match the partial indexes' `status IN (...)` predicate. */
const OPEN_STATUS_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));
/** Open statuses whose SLA clock runs (on hold stops it). */
const RUNNING_CLOCK_LIST = sql.raw(OPEN_STATUSES.filter((s) => s !== 'on_hold').map((s) => `'${s}'`).join(', '));

/**
 * Open, non-confidential requests of one service near a point, nearest first: the GiST index cuts
 * to the bounding box, then the exact great-circle distance filters and orders.
 */
export async function selectNearbyOpen(
  db: Db,
  q: { serviceId: number; lon: number; lat: number; box: { west: number; south: number; east: number; north: number }; radiusMeters: number; since: Date; limit: number; excludeId?: number },
) {
  const lat = sql`${q.lat}::float8`;
  const lon = sql`${q.lon}::float8`;
  const distance = sql<number>`${sql.raw(String(EARTH_RADIUS_M))} * 2 * asin(least(1, sqrt(
      power(sin(radians((sr.location)[1] - ${lat}) / 2), 2) +
      cos(radians(${lat})) * cos(radians((sr.location)[1])) * power(sin(radians((sr.location)[0] - ${lon}) / 2), 2))))`;
  const { rows } = await sql<{ id: number; tracking_number: string; status: string; support_count: number; created_at: Date; lon: number; lat: number; distance_m: number }>`
    SELECT * FROM (
      SELECT sr.id, sr.tracking_number, sr.status, sr.support_count, sr.created_at,
             (sr.location)[0] AS lon, (sr.location)[1] AS lat, ${distance} AS distance_m
        FROM service_requests sr
       WHERE sr.location <@ box(point(${q.box.west}, ${q.box.south}), point(${q.box.east}, ${q.box.north}))
         AND sr.status IN (${OPEN_STATUS_LIST})
         AND sr.service_id = ${q.serviceId}
         AND sr.created_at >= ${q.since}
         AND NOT sr.confidential
         AND sr.id <> ${q.excludeId ?? 0}
    ) near
    WHERE distance_m <= ${q.radiusMeters}::float8
    ORDER BY distance_m, id
    LIMIT ${q.limit}`.execute(db);
  return rows;
}

export async function incrementSupport(db: Db, id: number, at: Date): Promise<void> {
  await db
    .updateTable('service_requests')
    .set({ support_count: sql`support_count + 1`, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertSupporter(
  db: Db,
  s: { requestId: number; channel: string; name: string | null; email: string | null; phone: string | null; comment: string | null; at: Date },
): Promise<number> {
  const row = await db
    .insertInto('request_supporters')
    .values({ request_id: s.requestId, channel: s.channel, name: s.name, email: s.email, phone: s.phone, comment: s.comment, created_at: s.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function supporterEmailExists(db: Db, requestId: number, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('request_supporters')
    .select('id')
    .where('request_id', '=', requestId)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves a merged child's supporters to the parent and recounts the parent's support. */
export async function moveSupporters(db: Db, fromId: number, toId: number, at: Date): Promise<number> {
  await db.updateTable('request_supporters').set({ request_id: toId }).where('request_id', '=', fromId).execute();
  const row = await db
    .updateTable('service_requests')
    .set({ support_count: sql`(SELECT count(*) FROM request_supporters WHERE request_id = ${toId})`, updated_at: at })
    .where('id', '=', toId)
    .returning('support_count')
    .executeTakeFirstOrThrow();
  return row.support_count;
}

export async function insertFollower(db: Db, f: { requestId: number; email: string | null; phone: string | null; locale: string; at: Date }): Promise<void> {
  await sql`INSERT INTO request_followers (request_id, email, phone, locale, created_at)
            VALUES (${f.requestId}, ${f.email}, ${f.phone}, ${f.locale}, ${f.at})
            ON CONFLICT DO NOTHING`.execute(db);
}

/** Moves followers from a merged child to its parent; someone following both keeps one follow. */
export async function moveFollowers(db: Db, fromId: number, toId: number): Promise<void> {
  await sql`INSERT INTO request_followers (request_id, email, phone, locale, created_at)
            SELECT ${toId}, email, phone, locale, created_at FROM request_followers WHERE request_id = ${fromId}
            ON CONFLICT DO NOTHING`.execute(db);
  await db.deleteFrom('request_followers').where('request_id', '=', fromId).execute();
}

export async function selectFollowers(db: Db, requestId: number) {
  return db.selectFrom('request_followers').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

export async function selectSupporters(db: Db, requestId: number) {
  return db.selectFrom('request_supporters').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

/** Requests already merged into `fromId` now point at `toId`, so duplicates never form chains. */
export async function repointChildren(db: Db, fromId: number, toId: number, at: Date): Promise<number[]> {
  const rows = await db
    .updateTable('service_requests')
    .set({ parent_id: toId, updated_at: at })
    .where('parent_id', '=', fromId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Marks open requests (not on hold) past their due time as breached, a batch at a time, and writes a timeline
 * entry for each, in one statement. Returns how many were marked.
 */
export async function markBreached(db: Db, now: Date, batchSize: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH due AS (
      SELECT id FROM service_requests
       WHERE due_at < ${now} AND breached_at IS NULL AND due_at IS NOT NULL AND status IN (${RUNNING_CLOCK_LIST})
       ORDER BY due_at LIMIT ${batchSize}
       FOR UPDATE SKIP LOCKED
    ), marked AS (
      UPDATE service_requests sr SET breached_at = ${now}
        FROM due WHERE sr.id = due.id
      RETURNING sr.id, sr.due_at, sr.status
    ), logged AS (
      INSERT INTO request_events (request_id, at, actor, kind, data)
      SELECT id, ${now}, 'system', 'sla_breached', jsonb_build_object('due_at', due_at, 'status', status) FROM marked
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM logged`.execute(db);
  return rows[0]?.n ?? 0;
}
