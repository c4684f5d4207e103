import { sql, type Updateable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { NewRequestEvent, ServiceRequestsTable } from '../../db/schema.ts';
import { OPEN_STATUSES, type Status } from './status.ts';
import { receivedNotificationCtes } from '../notifications/index.ts';

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
  'sr.assigned_to',
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

/** A new request as intake writes it. */
export interface NewRequest {
  jurisdictionId: string;
  trackingPrefix: string;
  year: number;
  serviceId: number;
  priority: string;
  channel: string;
  description: string;
  lon: number | null;
  lat: number | null;
  address: string | null;
  districtId: string | null;
  departmentId: string;
  routingRuleId: number | null;
  attributes: Record<string, unknown>;
  requester: { name: string | null; email: string | null; phone: string | null };
  confidential: boolean;
  dueAt: Date | null;
  at: Date;
  actor: string;
  createdData: Record<string, unknown>;
  routedData: Record<string, unknown>;
  idempotency: { scope: string; key: string; bodyHash: string } | null;
  /** The requester's language for the "received" e-mail queued with the request. */
  locale?: string;
  serviceName?: Record<string, string>;
}

/** PostgreSQL's unique_violation, raised when an Idempotency-Key is already taken. */
export const isIdempotencyConflict = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'idempotency_keys_pkey';

/**
 * Writes a new request in one statement, so it is all or nothing without a client-side transaction:
 * the next number of the jurisdiction's yearly sequence (the counter row stays locked only for this
 * one statement), the request, its `created` and `routed` timeline entries, and its idempotency key.
 * A key already taken makes the whole statement fail with a unique violation (see isIdempotencyConflict).
 */
export async function insertNewRequest(db: Db, r: NewRequest): Promise<{ id: number; trackingNumber: string }> {
  const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
  const { rows } = await sql<{ id: number; tracking_number: string }>`
    WITH n AS (
      INSERT INTO tracking_counters (jurisdiction_id, year, last_value) VALUES (${r.jurisdictionId}, ${r.year}, 1)
      ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_value = tracking_counters.last_value + 1
      RETURNING last_value
    ), req AS (
      INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, description,
             location, address, district_id, department_id, routing_rule_id, attributes, requester_name, requester_email,
             requester_phone, confidential, due_at, created_at, updated_at)
      SELECT ${`${r.trackingPrefix}-${r.year}-`} || lpad(n.last_value::text, greatest(6, length(n.last_value::text)), '0'),
             ${r.jurisdictionId}, ${r.serviceId}, 'new', ${r.priority}, ${r.channel}, ${r.description},
             ${r.lon === null || r.lat === null ? null : sql`point(${r.lon}::float8, ${r.lat}::float8)`}, ${r.address}, ${r.districtId},
             ${r.departmentId}, ${r.routingRuleId}::bigint, ${json(r.attributes)}, ${r.requester.name}, ${r.requester.email},
             ${r.requester.phone}, ${r.confidential}, ${r.dueAt}::timestamptz, ${r.at}::timestamptz, ${r.at}::timestamptz
        FROM n
      RETURNING id, tracking_number
    ), events AS (
      INSERT INTO request_events (request_id, at, actor, kind, to_status, data)
      SELECT id, ${r.at}::timestamptz, ${r.actor}, 'created', 'new', ${json(r.createdData)} FROM req
      UNION ALL
      SELECT id, ${r.at}::timestamptz, 'system', 'routed', NULL, ${json(r.routedData)} FROM req
    ), idem AS (
      INSERT INTO idempotency_keys (scope, key, body_hash, request_id, created_at)
      SELECT ${r.idempotency?.scope ?? null}::text, ${r.idempotency?.key ?? null}::text, ${r.idempotency?.bodyHash ?? null}::text, id, ${r.at}::timestamptz
        FROM req WHERE ${r.idempotency !== null}
    )${receivedNotificationCtes({ email: r.requester.email, locale: r.locale ?? null }, r.serviceName ?? null, r.at)}
    SELECT id, tracking_number FROM req`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('the new request was not written');
  return { id: row.id, trackingNumber: row.tracking_number };
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

export async function selectIdempotencyKey(db: Db, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

const EARTH_RADIUS_M = 6371008.8;
/** Inlined, not bound, so the planner can match the partial indexes' `status IN (...)` predicate. */
const OPEN_STATUS_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));
/** Open statuses whose SLA clock runs (on hold stops it). */
const RUNNING_CLOCK_LIST = sql.raw(OPEN_STATUSES.filter((s) => s !== 'on_hold').map((s) => `'${s}'`).join(', '));

/**
 * Open, non-confidential requests of one service near a point, nearest first. The materialised box
 * cut makes the planner use the partial GiST index over open requests alone (a few dozen rows) rather
 * than combine it with the service's every recent request; then the exact great-circle distance
 * filters and orders.
 */
export async function selectNearbyOpen(
  db: Db,
  q: { serviceId: number; lon: number; lat: number; box: { west: number; south: number; east: number; north: number }; radiusMeters: number; since: Date; limit: number; excludeId?: number },
) {
  const lat = sql`${q.lat}::float8`;
  const lon = sql`${q.lon}::float8`;
  const { rows } = await sql<{ id: number; tracking_number: string; status: string; support_count: number; created_at: Date; lon: number; lat: number; distance_m: number }>`
    WITH in_box AS MATERIALIZED (
      SELECT id, tracking_number, status, support_count, created_at, service_id, confidential,
             (location)[0] AS lon, (location)[1] AS lat
        FROM service_requests
       WHERE location <@ box(point(${q.box.west}::float8, ${q.box.south}::float8), point(${q.box.east}::float8, ${q.box.north}::float8))
         AND status IN (${OPEN_STATUS_LIST})
    ), near AS (
      SELECT id, tracking_number, status, support_count, created_at, lon, lat,
             ${sql.raw(String(EARTH_RADIUS_M))} * 2 * asin(least(1, sqrt(
               power(sin(radians(lat - ${lat}) / 2), 2) +
               cos(radians(${lat})) * cos(radians(lat)) * power(sin(radians(lon - ${lon}) / 2), 2)))) AS distance_m
        FROM in_box
       WHERE service_id = ${q.serviceId} AND created_at >= ${q.since} AND NOT confidential AND id <> ${q.excludeId ?? 0}
    )
    SELECT * FROM near WHERE distance_m <= ${q.radiusMeters}::float8
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

// ---- the staff list ----

/** What the staff list may show and what it is asked for; `'all'` = no department limit. */
export interface RequestListQuery {
  departments: 'all' | string[];
  confidentialDepartments: 'all' | string[];
  statuses?: string[];
  serviceCode?: string;
  departmentId?: string;
  districtId?: string;
  assignee?: number | 'none';
  overdueAt?: Date;
  text?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
}

export type RequestSortKey = 'created' | 'updated' | 'due';
export interface RequestPageQuery extends RequestListQuery {
  sort: RequestSortKey;
  descending: boolean;
  after?: { value: Date | null; id: number };
  limit: number;
}

const SORT_EXPR: Record<RequestSortKey, ReturnType<typeof sql.raw>> = {
  created: sql.raw('sr.created_at'),
  updated: sql.raw('sr.updated_at'),
  due: sql.raw(`coalesce(sr.due_at, 'infinity'::timestamptz)`),
};

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The list's filters as SQL. The caller's scope (departments, confidentiality) is applied here, in SQL, so no count or page can reveal a hidden request. */
function filtered(db: Db, q: RequestListQuery) {
  let query = db.selectFrom('service_requests as sr').innerJoin('services as s', 's.id', 'sr.service_id');
  if (q.departments !== 'all') query = q.departments.length ? query.where('sr.department_id', 'in', q.departments) : query.where(sql<boolean>`false`);
  if (q.confidentialDepartments !== 'all') {
    const allowed = q.confidentialDepartments;
    query = query.where((eb) => (allowed.length ? eb.or([eb('sr.confidential', '=', false), eb('sr.department_id', 'in', allowed)]) : eb('sr.confidential', '=', false)));
  }
  if (q.statuses?.length) query = query.where('sr.status', 'in', q.statuses);
  if (q.serviceCode) query = query.where('s.service_code', '=', q.serviceCode);
  if (q.departmentId) query = query.where('sr.department_id', '=', q.departmentId);
  if (q.districtId) query = query.where('sr.district_id', '=', q.districtId);
  if (q.assignee === 'none') query = query.where('sr.assigned_to', 'is', null);
  else if (q.assignee !== undefined) query = query.where('sr.assigned_to', '=', q.assignee);
  if (q.overdueAt) {
    const now = q.overdueAt;
    query = query
      .where('sr.status', 'in', OPEN_STATUSES)
      .where((eb) => eb.or([eb('sr.breached_at', 'is not', null), eb('sr.due_at', '<', now)]));
  }
  if (q.text) {
    const pattern = likePattern(q.text);
    const tracking = q.text.trim().toUpperCase();
    query = query.where((eb) =>
      eb.or([eb('sr.tracking_number', '=', tracking), sql<boolean>`sr.description ILIKE ${pattern}`, sql<boolean>`sr.address ILIKE ${pattern}`]),
    );
  }
  if (q.createdAfter) query = query.where('sr.created_at', '>=', q.createdAfter);
  if (q.createdBefore) query = query.where('sr.created_at', '<', q.createdBefore);
  if (q.updatedAfter) query = query.where('sr.updated_at', '>=', q.updatedAfter);
  if (q.updatedBefore) query = query.where('sr.updated_at', '<', q.updatedBefore);
  return query;
}

/** How many requests match (within the caller's scope). */
export async function countRequests(db: Db, q: RequestListQuery): Promise<number> {
  const row = await filtered(db, q)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many requests match, counting no further than `cap`. It walks the page's own order (the same
 * index as the page), so it costs at most `cap` index entries however many requests match; an exact
 * count of tens of thousands of scattered rows would visit every one of their heap pages.
 */
export async function countRequestsUpTo(db: Db, q: RequestListQuery & { sort: RequestSortKey }, cap: number): Promise<number> {
  const key = SORT_EXPR[q.sort];
  const inner = filtered(db, q).select('sr.id').orderBy(key).orderBy('sr.id').limit(cap);
  const row = await db
    .selectFrom(inner.as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ids of one page, in order, after the keyset cursor; one more than `limit` tells there is a next page. */
export async function selectRequestPageIds(db: Db, q: RequestPageQuery): Promise<number[]> {
  const key = SORT_EXPR[q.sort];
  const direction = sql.raw(q.descending ? 'DESC' : 'ASC');
  let query = filtered(db, q).select('sr.id');
  if (q.after) {
    const value = q.after.value === null ? sql`'infinity'::timestamptz` : sql`${q.after.value}::timestamptz`;
    query = query.where(q.descending ? sql<boolean>`(${key}, sr.id) < (${value}, ${q.after.id}::bigint)` : sql<boolean>`(${key}, sr.id) > (${value}, ${q.after.id}::bigint)`);
  }
  const rows = await query
    .orderBy(sql`${key} ${direction}`)
    .orderBy(sql`sr.id ${direction}`)
    .limit(q.limit + 1)
    .execute();
  return rows.map((r) => r.id);
}

/** Full records for ids, in no particular order. */
export async function selectRequestsByIds(db: Db, ids: number[]): Promise<RequestRecord[]> {
  if (!ids.length) return [];
  return selectRequests(db).where('sr.id', 'in', ids).execute();
}

/** Requests made with an e-mail address or followed by it, newest first (for a resident who proved the address). */
export async function selectRequestsOfEmail(db: Db, email: string, limit: number) {
  const { rows } = await sql<{
    tracking_number: string; service_code: string; status: Status; description: string; address: string | null;
    created_at: Date; updated_at: Date; due_at: Date | null; mine: boolean;
  }>`
    SELECT sr.tracking_number, s.service_code, sr.status, sr.description, sr.address, sr.created_at, sr.updated_at, sr.due_at,
           lower(sr.requester_email) = lower(${email}) AS mine
      FROM service_requests sr JOIN services s ON s.id = sr.service_id
     WHERE lower(sr.requester_email) = lower(${email})
        OR sr.id IN (SELECT request_id FROM request_followers WHERE lower(email) = lower(${email}))
     ORDER BY sr.created_at DESC, sr.id DESC
     LIMIT ${limit}`.execute(db);
  return rows;
}

export async function deleteFollower(db: Db, requestId: number, email: string): Promise<void> {
  await db.deleteFrom('request_followers').where('request_id', '=', requestId).where(sql`lower(email)`, '=', email.toLowerCase()).execute();
}

/** Forgets idempotency keys older than `before`: a retry comes within minutes, not days. */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
