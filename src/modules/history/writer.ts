import { once } from 'node:events';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/client.ts';

/**
 * Writes imported requests in batches, each batch one transaction: the batch goes into a temporary
 * staging table (COPY on a PostgreSQL server; one JSON parameter through `json_populate_recordset`
 * on PGlite), then one statement numbers the new ones, writes them with their timeline and moves
 * the tracking counters, skipping what an earlier run already wrote (same source and external id).
 * The checkpoint is written in the same transaction, so a run killed at any point resumes exactly.
 *
 * This module writes `service_requests`, `request_events`, `tracking_counters`, and (for unknown
 * service types) `services`/`departments` rows directly, rather than through the requests and
 * catalog modules' one-at-a-time functions: a bulk import at tens of thousands of rows a second
 * needs set-based SQL. What it writes is what intake writes for a request (see the statement below).
 */

/** A row of the staging table, as the importer makes it. Timestamps are ISO 8601 in UTC. */
export interface StagedRow {
  ord: number;
  external_id: string;
  service_id: number;
  department_id: string;
  status: string;
  channel: string;
  created_at: string;
  changed_at: string;
  closed_at: string | null;
  resolved_at: string | null;
  updated_at: string;
  year: number;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  district_id: string | null;
  closing_note: string | null;
  /** The `created` entry's data: where the record came from. */
  data: Record<string, unknown>;
}

const STAGING_COLUMNS: Array<[keyof StagedRow, string]> = [
  ['ord', 'integer NOT NULL'],
  ['external_id', 'text NOT NULL'],
  ['service_id', 'bigint NOT NULL'],
  ['department_id', 'text NOT NULL'],
  ['status', 'text NOT NULL'],
  ['channel', 'text NOT NULL'],
  ['created_at', 'timestamptz NOT NULL'],
  ['changed_at', 'timestamptz NOT NULL'],
  ['closed_at', 'timestamptz'],
  ['resolved_at', 'timestamptz'],
  ['updated_at', 'timestamptz NOT NULL'],
  ['year', 'integer NOT NULL'],
  ['description', 'text NOT NULL'],
  ['address', 'text'],
  ['lon', 'float8'],
  ['lat', 'float8'],
  ['district_id', 'text'],
  ['closing_note', 'text'],
  ['data', 'jsonb NOT NULL'],
];

const STAGING = 'frontdoor_import_staging';
const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS ${STAGING} (${STAGING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DELETE ROWS`;

/**
 * The set-based write of one staged batch. $1 source, $2 jurisdiction, $3 tracking-number prefix
 * ("PDX-"). New rows are numbered per year of creation in the jurisdiction's time zone, after the
 * counter's last value (the counter row is locked for this statement only, as in intake); rows
 * whose (source, external id) already exists are left out first, so numbers have no gaps, and
 * ON CONFLICT covers a concurrent run. Each request gets its `created` entry, and one that is no
 * longer new a `status_changed` entry at its close (or last update) date carrying the closing note.
 * No SLA due time (history has no future deadline), so neither the SLA sweep nor a notification
 * ever looks at them.
 */
const WRITE_BATCH = `
WITH fresh AS MATERIALIZED (
  -- One index probe per staged row (a LATERAL with LIMIT is never turned into a hash of every row
  -- already imported from the source, which would make each batch slower than the last).
  SELECT DISTINCT ON (st.external_id) st.*
    FROM ${STAGING} st
    LEFT JOIN LATERAL (SELECT true AS hit FROM service_requests r WHERE r.source = $1 AND r.external_id = st.external_id LIMIT 1) known ON true
   WHERE known.hit IS NULL
   ORDER BY st.external_id, st.ord
), numbered AS MATERIALIZED (
  SELECT f.*, row_number() OVER (PARTITION BY f.year ORDER BY f.created_at, f.ord) AS n,
         count(*) OVER (PARTITION BY f.year) AS c
    FROM fresh f
), counters AS (
  INSERT INTO tracking_counters AS tc (jurisdiction_id, year, last_value)
  SELECT $2, year, count(*) FROM fresh GROUP BY year
  ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_value = tc.last_value + excluded.last_value
  RETURNING year, last_value
), req AS (
  INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, description,
         location, address, district_id, department_id, attributes, confidential, resolved_at, closed_at,
         created_at, updated_at, source, external_id)
  SELECT $3 || nb.year || '-' || lpad(v.num::text, greatest(6, length(v.num::text)), '0'),
         $2, nb.service_id, nb.status, s.default_priority, nb.channel, nb.description,
         CASE WHEN nb.lon IS NULL OR nb.lat IS NULL THEN NULL ELSE point(nb.lon, nb.lat) END,
         nb.address, nb.district_id, nb.department_id, '{}'::jsonb, s.confidential, nb.resolved_at, nb.closed_at,
         nb.created_at, nb.updated_at, $1, nb.external_id
    FROM numbered nb
    JOIN counters c ON c.year = nb.year
    JOIN services s ON s.id = nb.service_id
    CROSS JOIN LATERAL (SELECT c.last_value - nb.c + nb.n AS num) v
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, external_id, status, created_at
), events AS (
  INSERT INTO request_events (request_id, at, actor, kind, from_status, to_status, public_note, data)
  SELECT req.id, req.created_at, 'import', 'created', NULL, 'new', NULL, nb.data
    FROM req JOIN numbered nb ON nb.external_id = req.external_id
  UNION ALL
  SELECT req.id, nb.changed_at, 'import', 'status_changed', 'new', req.status, nb.closing_note, '{"imported": true}'::jsonb
    FROM req JOIN numbered nb ON nb.external_id = req.external_id
   WHERE req.status <> 'new'
)
SELECT count(*)::int AS imported FROM req`;

/** What the import needs from a database session: plain SQL with parameters, and the staging fill. */
export interface Session {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** Fills the staging table (inside the current transaction). */
  stage(rows: StagedRow[]): Promise<void>;
  /** COPY of lines already in COPY's text format into `table` (PostgreSQL server only). */
  copy?(table: string, columns: string[], lines: string[]): Promise<void>;
}

/** Runs `work` as one transaction, with a session for it. */
export interface Writer {
  engine: 'copy' | 'insert';
  /**
   * How many batch transactions may be open at once: one per connection on a PostgreSQL server
   * (two by default: two batches are written at once), 1 on PGlite (one connection).
   */
  lanes: number;
  /** Takes a lock on `key` for as long as the writer is open; false when another process holds it. */
  lock(key: string): Promise<boolean>;
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Stages the batch, waits for `ready` (the commit of the batch before it: numbering and the
 * duplicate check must see it), then writes it; returns how many requests were new.
 */
export async function writeBatch(
  session: Session,
  rows: StagedRow[],
  target: { source: string; jurisdictionId: string; trackingPrefix: string },
  ready: Promise<unknown> = Promise.resolve(),
): Promise<number> {
  await session.query(CREATE_STAGING);
  if (rows.length > 0) await session.stage(rows);
  await ready;
  if (rows.length === 0) return 0;
  const [row] = await session.query<{ imported: number }>(WRITE_BATCH, [target.source, target.jurisdictionId, `${target.trackingPrefix}-`]);
  return Number(row?.imported ?? 0);
}

/** Where a batch's requests go, and the tracking-number prefix ("PDX"). */
export interface BatchTarget {
  source: string;
  jurisdictionId: string;
  trackingPrefix: string;
}

/** Tracking numbers reserved for one batch: per year, ranges [first, count] in ascending order. */
export type Reserved = Map<number, Array<[number, number]>>;

/**
 * Reserves tracking numbers for a batch (a PostgreSQL server; see migration 0024): `need` numbers per
 * year, first from ranges an interrupted run of the same import left (`usePool`), then by moving the
 * counters. Its own short transaction: the counter rows are locked only for it, so two batches can
 * be written at once; the ranges are recorded under the batch, and the batch's transaction deletes
 * them when it commits.
 */
export async function reserveNumbers(db: Db, runId: number, batch: number, jurisdictionId: string, need: Map<number, number>, usePool: boolean): Promise<Reserved> {
  const reserved: Reserved = new Map();
  return db.transaction().execute(async (trx) => {
    const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> => (await trx.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
    const rest = new Map(need);
    if (usePool) {
      const free = await query<{ year: number; first_value: number; count: number }>(
        `SELECT year, first_value, count FROM import_number_ranges WHERE run_id = $1 AND batch IS NULL AND year = ANY($2::int[]) ORDER BY year, first_value FOR UPDATE`,
        [runId, [...need.keys()]],
      );
      for (const r of free) {
        const k = rest.get(r.year) ?? 0;
        if (k === 0) continue;
        const take = Math.min(k, r.count);
        if (take === r.count) {
          await query(`UPDATE import_number_ranges SET batch = $2 WHERE run_id = $1 AND batch IS NULL AND year = $3 AND first_value = $4`, [runId, batch, r.year, r.first_value]);
        } else {
          await query(`UPDATE import_number_ranges SET first_value = first_value + $4, count = count - $4 WHERE run_id = $1 AND batch IS NULL AND year = $2 AND first_value = $3`, [runId, r.year, r.first_value, take]);
          await query(`INSERT INTO import_number_ranges (run_id, batch, year, first_value, count) VALUES ($1, $2, $3, $4, $5)`, [runId, batch, r.year, r.first_value, take]);
        }
        const list = reserved.get(r.year) ?? [];
        list.push([r.first_value, take]);
        reserved.set(r.year, list);
        rest.set(r.year, k - take);
      }
    }
    const years = [...rest].filter(([, k]) => k > 0);
    if (years.length > 0) {
      const rows = await query<{ year: number; first_value: number; count: number }>(
        `WITH want AS (SELECT * FROM unnest($3::int[], $4::int[]) AS w (year, k)),
         moved AS (
           INSERT INTO tracking_counters AS tc (jurisdiction_id, year, last_value)
           SELECT $2, year, k FROM want ORDER BY year
           ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_value = tc.last_value + excluded.last_value
           RETURNING year, last_value)
         INSERT INTO import_number_ranges (run_id, batch, year, first_value, count)
         SELECT $1, $5, m.year, m.last_value - w.k + 1, w.k FROM moved m JOIN want w ON w.year = m.year
         RETURNING year, first_value, count`,
        [runId, jurisdictionId, years.map(([y]) => y), years.map(([, k]) => k), batch],
      );
      for (const r of rows) {
        const list = reserved.get(r.year) ?? [];
        list.push([r.first_value, r.count]);
        reserved.set(r.year, list);
      }
    }
    return reserved;
  });
}

const REQUEST_COLUMNS = ['id', 'tracking_number', 'jurisdiction_id', 'service_id', 'status', 'priority', 'channel', 'description', 'location', 'address',
  'district_id', 'department_id', 'confidential', 'resolved_at', 'closed_at', 'created_at', 'updated_at', 'source', 'external_id'];
const EVENT_COLUMNS = ['request_id', 'at', 'actor', 'kind', 'from_status', 'to_status', 'public_note', 'data'];
const STATUS_CHANGED_DATA = '{"imported": true}';

/**
 * The direct write of one batch on a PostgreSQL server (two batches may be in it at once):
 * `fresh` are the batch's rows that are new (no duplicate in the file so far, none already in the
 * database), `reserved` their tracking numbers. Numbers go to the rows per year in order of
 * creation (then of the file), exactly as the set-based statement numbers them; the requests and
 * their timelines are then copied straight into their tables, with ids taken from the requests'
 * identity sequence. What is written is what `WRITE_BATCH` writes.
 */
export async function copyFreshRows(session: Session, fresh: StagedRow[], reserved: Reserved, target: BatchTarget): Promise<void> {
  if (fresh.length === 0) return;
  if (!session.copy) throw new Error('copyFreshRows needs a PostgreSQL server session');
  const byYear = new Map<number, StagedRow[]>();
  for (const r of fresh) {
    const list = byYear.get(r.year);
    if (list) list.push(r);
    else byYear.set(r.year, [r]);
  }
  const numberOf = new Map<StagedRow, number>();
  for (const [year, list] of byYear) {
    list.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.ord - b.ord));
    let i = 0;
    for (const [first, count] of reserved.get(year) ?? []) {
      for (let n = first; n < first + count && i < list.length; n++) numberOf.set(list[i++] as StagedRow, n);
    }
    if (i !== list.length) throw new Error(`tracking numbers reserved for ${year}: ${i}, needed ${list.length}`);
  }
  const serviceIds = [...new Set(fresh.map((r) => r.service_id))];
  const services = new Map(
    (await session.query<{ id: string; default_priority: string; confidential: boolean }>(`SELECT id::text, default_priority, confidential FROM services WHERE id = ANY($1::bigint[])`, [serviceIds]))
      .map((s) => [Number(s.id), s]),
  );
  // The new requests' ids, from their identity sequence, in one text value (one row, not thousands).
  const [taken] = await session.query<{ ids: string }>(
    `SELECT string_agg(nextval(pg_get_serial_sequence('service_requests', 'id'))::text, ',') AS ids FROM generate_series(1, $1::int)`, [fresh.length]);
  const ids = (taken?.ids ?? '').split(',');
  if (ids.length !== fresh.length) throw new Error(`ids taken: ${ids.length}, needed ${fresh.length}`);
  const prefix = copyField(`${target.trackingPrefix}-`);
  const jurisdiction = copyField(target.jurisdictionId);
  const source = copyField(target.source);
  const requests: string[] = new Array<string>(fresh.length);
  const events: string[] = [];
  for (let i = 0; i < fresh.length; i++) {
    const r = fresh[i] as StagedRow;
    const id = ids[i] as string;
    const service = services.get(r.service_id);
    if (!service) throw new Error(`service ${r.service_id} is gone`);
    const n = String(numberOf.get(r) as number);
    const location = r.lon === null || r.lat === null ? '\\N' : `(${r.lon},${r.lat})`;
    requests[i] =
      `${id}\t${prefix}${r.year}-${n.length < 6 ? n.padStart(6, '0') : n}\t${jurisdiction}\t${r.service_id}\t${r.status}\t${service.default_priority}\t${r.channel}\t` +
      `${copyField(r.description)}\t${location}\t${copyField(r.address)}\t${copyField(r.district_id)}\t${copyField(r.department_id)}\t${service.confidential ? 't' : 'f'}\t` +
      `${r.resolved_at ?? '\\N'}\t${r.closed_at ?? '\\N'}\t${r.created_at}\t${r.updated_at}\t${source}\t${copyField(r.external_id)}`;
    events.push(`${id}\t${r.created_at}\timport\tcreated\t\\N\tnew\t\\N\t${copyField(r.data)}`);
    if (r.status !== 'new') events.push(`${id}\t${r.changed_at}\timport\tstatus_changed\tnew\t${r.status}\t${copyField(r.closing_note)}\t${STATUS_CHANGED_DATA}`);
  }
  await session.copy('service_requests', REQUEST_COLUMNS, requests);
  await session.copy('request_events', EVENT_COLUMNS, events);
}

/** PGlite (or any Kysely database): transactions through Kysely, staging through one JSON parameter. */
export function kyselyWriter(db: Db): Writer {
  return {
    engine: 'insert',
    lanes: 1,
    // PGlite: the data directory belongs to one process (db/client.ts), so nobody else can be importing.
    lock: async () => true,
    transaction: (work) =>
      db.transaction().execute(async (trx) => {
        const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> => (await trx.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
        return work({
          query,
          stage: async (rows) => {
            await query(`INSERT INTO ${STAGING} SELECT * FROM json_populate_recordset(NULL::${STAGING}, $1::json)`, [JSON.stringify(rows)]);
          },
        });
      }),
    close: async () => {},
  };
}

/** COPY's text format: tab-separated, `\N` for NULL, backslash escapes. */
export function copyField(value: string | number | null | Record<string, unknown>): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  const v = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

/**
 * A PostgreSQL server: a connection of the import's own (COPY needs the driver's client, which the
 * Kysely pool does not hand out), in the same schema as `db` (tests work in a schema of their own).
 */
export async function copyWriter(db: Db, databaseUrl: string, connections = 2): Promise<Writer> {
  const lanes: Lane[] = [];
  try {
    while (lanes.length < Math.max(1, connections)) lanes.push(await copyLane(db, databaseUrl));
  } catch (error) {
    await Promise.all(lanes.map((l) => l.client.end()));
    throw error;
  }
  let turn = 0;
  return {
    engine: 'copy',
    lanes: lanes.length,
    // The session lock lives on the first connection, for as long as the writer is open. Advisory
    // locks belong to the whole database, so the key names the schema too: imports into two schemas
    // (two test runs side by side) never refuse each other.
    lock: async (key) => {
      const { rows } = await (lanes[0] as Lane).client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended('frontdoor-import:' || current_schema() || ':' || $1, 0)) AS locked`, [key]);
      return rows[0]?.locked === true;
    },
    // Transactions take the connections in turn; the importer never has more open than there are lanes.
    transaction: async (work) => {
      const { client, session } = lanes[turn++ % lanes.length] as Lane;
      // A commit lost in a crash is simply redone: the checkpoint commits with its batch, and the
      // run resumes from the last one that reached the disk.
      await client.query('BEGIN; SET LOCAL synchronous_commit = off');
      try {
        const result = await work(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    close: async () => {
      await Promise.all(lanes.map((l) => l.client.end()));
    },
  };
}

interface Lane {
  client: pg.Client;
  session: Session;
}

async function copyLane(db: Db, databaseUrl: string): Promise<Lane> {
  const { rows } = await db.executeQuery<{ path: string }>(CompiledQuery.raw("SELECT current_setting('search_path') AS path"));
  const searchPath = rows[0]?.path.replace(/\s+/g, '') ?? '';
  // The server's default path needs no option; a test's own schema (a plain identifier list) does.
  const options = searchPath && /^[a-z0-9_,]+$/i.test(searchPath) ? { options: `-c search_path=${searchPath}` } : {};
  const client = new pg.Client({ connectionString: databaseUrl, ...options });
  await client.connect();
  const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> => (await client.query(text, params)).rows as R[];
  const copy = async (table: string, columns: string[], lines: string[]): Promise<void> => {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([e]) => Promise.reject(e as Error))]);
    done.catch(() => {}); // awaited below
    // Into buffers of about 1 MB, each line encoded once (no joined string per slice).
    let buffer = Buffer.allocUnsafe(1 << 20);
    let at = 0;
    for (const line of lines) {
      if (at + line.length * 3 + 1 > buffer.length) {
        if (!stream.write(buffer.subarray(0, at))) await Promise.race([once(stream, 'drain'), done]);
        buffer = Buffer.allocUnsafe(Math.max(1 << 20, line.length * 3 + 1));
        at = 0;
      }
      at += buffer.write(line, at);
      buffer[at++] = 10; // \n
    }
    if (at > 0) stream.write(buffer.subarray(0, at));
    stream.end();
    await done;
  };
  const session: Session = {
    query,
    stage: async (batch) => copy(STAGING, STAGING_COLUMNS.map(([c]) => c), batch.map((r) => STAGING_COLUMNS.map(([c]) => copyField(r[c])).join('\t'))),
    copy,
  };
  return { client, session };
}
