/**
 * A fresh benchmark database: migrated, seeded with the demo city, and bulk-loaded with requests
 * resampled (with replacement) from the real NYC/LA sample moved into Portland.
 *
 * PostgreSQL: a new schema `bench_<timestamp>`, dropped at the end unless kept. PGlite: a temporary
 * data directory, removed at the end unless kept. The bulk load runs in SQL, 100k rows a statement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoCity } from '../src/db/seed/index.ts';
import type { Deps } from '../src/deps.ts';
import { systemClock } from '../src/lib/clock.ts';
import type { SamplePoint } from './real-sample.ts';

export type Engine = 'postgres' | 'pglite';

export interface BenchDbOptions {
  engine: Engine;
  /** PostgreSQL server; only 127.0.0.1 / localhost is accepted. */
  databaseUrl: string;
  poolSize: number;
  /** Keep the schema or data directory afterwards (its name is printed). */
  keep: boolean;
  /** Use an existing, already loaded schema (PostgreSQL) or data directory (PGlite) instead of a new one. */
  reuse?: string;
}

export interface BenchDb {
  handle: DbHandle;
  deps: Deps;
  engine: Engine;
  /** The schema or data directory. */
  location: string;
  /** Whether it was reused, i.e. already migrated, seeded and loaded. */
  reused: boolean;
  close(): Promise<void>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rowsPerSecond: number;
  analyzeSeconds: number;
  openRequests: number;
  openInLast30Days: number;
}

const CHUNK = 100_000;
const JITTER_M = 15;

export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`benchmarks only talk to this machine; ${host} is not local`);
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Opens (and unless reused, creates, migrates and seeds) the benchmark database. */
export async function openBenchDb(o: BenchDbOptions): Promise<BenchDb> {
  const deps = (handle: DbHandle): Deps => ({ db: handle.db, clock: systemClock });
  if (o.engine === 'pglite') {
    const dir = o.reuse ?? mkdtempSync(join(tmpdir(), 'frontdoor-bench-'));
    const handle = await openDatabase({ dataDir: dir });
    if (!o.reuse) await prepare(handle, deps(handle));
    return {
      handle, deps: deps(handle), engine: 'pglite', location: dir, reused: o.reuse !== undefined,
      close: async () => {
        await handle.close();
        if (!o.keep && !o.reuse) rmSync(dir, { recursive: true, force: true });
        else console.log(`kept PGlite data directory ${dir}`);
      },
    };
  }
  assertLocal(o.databaseUrl);
  const schema = o.reuse ?? `bench_${stamp()}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  const admin = await openDatabase({ databaseUrl: o.databaseUrl, poolSize: 1 });
  if (!o.reuse) await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  const handle = await openDatabase({ databaseUrl: o.databaseUrl, schema, poolSize: o.poolSize });
  try {
    if (!o.reuse) await prepare(handle, deps(handle));
  } catch (error) {
    await handle.close();
    if (!o.keep) await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.db);
    await admin.close();
    throw error;
  }
  return {
    handle, deps: deps(handle), engine: 'postgres', location: schema, reused: o.reuse !== undefined,
    close: async () => {
      await handle.close();
      if (!o.keep && !o.reuse) await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.db);
      else console.log(`kept PostgreSQL schema ${schema}`);
      await admin.close();
    },
  };
}

async function prepare(handle: DbHandle, deps: Deps): Promise<void> {
  await migrate(handle);
  await seedDemoCity(deps);
}

/** Source open share, per sample row, so each generated request is open with its source's real odds. */
function openShares(points: SamplePoint[]): Record<string, number> {
  const share: Record<string, number> = {};
  for (const source of new Set(points.map((p) => p.source))) {
    const rows = points.filter((p) => p.source === source);
    share[source] = rows.filter((p) => p.open).length / rows.length;
  }
  return share;
}

/** Puts the sample in a scratch table joined to its services, so the bulk load is one SQL statement a chunk. */
async function loadSampleTable(db: Deps['db'], points: SamplePoint[]): Promise<void> {
  await sql`DROP TABLE IF EXISTS bench_sample`.execute(db);
  await sql`CREATE UNLOGGED TABLE bench_sample (
    i integer PRIMARY KEY, service_id bigint NOT NULL, department_id text NOT NULL, confidential boolean NOT NULL,
    priority text NOT NULL, sla_hours numeric, lon float8 NOT NULL, lat float8 NOT NULL, open_share float8 NOT NULL,
    channel text NOT NULL, description text NOT NULL)`.execute(db);
  const share = openShares(points);
  for (let start = 0; start < points.length; start += 5000) {
    const rows = points.slice(start, start + 5000).map((p, k) => ({
      i: start + k, code: p.serviceCode, lon: p.lon, lat: p.lat, open_share: share[p.source] ?? 0, channel: p.channel, description: p.description,
    }));
    await sql`INSERT INTO bench_sample
      SELECT x.i, s.id, s.department_id, s.confidential, s.default_priority, s.sla_hours, x.lon, x.lat, x.open_share, x.channel, x.description
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS x(i integer, code text, lon float8, lat float8, open_share float8, channel text, description text)
        JOIN services s ON s.jurisdiction_id = 'portland' AND s.service_code = x.code`.execute(db);
  }
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_sample`.execute(db);
  if (rows[0]?.n !== points.length) throw new Error(`bench_sample has ${rows[0]?.n} rows, expected ${points.length}: a service code is missing`);
  await sql`ANALYZE bench_sample`.execute(db);
}

/** One chunk of requests, numbered `from`…`to`, resampled from bench_sample. */
async function insertChunk(db: Deps['db'], from: number, to: number, sampleSize: number): Promise<void> {
  const mPerDegLat = 111_320;
  await sql`
    INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, description, location,
                                  district_id, department_id, confidential, due_at, resolved_at, closed_at, created_at, updated_at)
    SELECT 'PDX-2025-' || lpad(g.n::text, greatest(7, length(g.n::text)), '0'), 'portland', s.service_id, st.status, s.priority, s.channel, s.description, p.pt,
           (SELECT d.id FROM districts d WHERE d.jurisdiction_id = 'portland' AND d.area @> p.pt ORDER BY d.kind, d.id LIMIT 1),
           s.department_id, s.confidential,
           g.created + coalesce(s.sla_hours, 120) * interval '1 hour',
           CASE WHEN st.status IN ('resolved', 'closed') THEN least(now(), g.created + g.r_close * interval '10 days') END,
           CASE WHEN st.status = 'closed' THEN least(now(), g.created + g.r_close * interval '12 days') END,
           g.created,
           CASE WHEN st.status IN ('resolved', 'closed') THEN least(now(), g.created + g.r_close * interval '12 days') ELSE g.created END
      FROM (SELECT n, floor(random() * ${sampleSize})::int AS pick, random() AS r_status, random() AS r_kind, random() AS r_close,
                   random() * 2 - 1 AS jx, random() * 2 - 1 AS jy, now() - random() * interval '365 days' AS created
              FROM generate_series(${from}::int, ${to}::int) AS n) g
      JOIN bench_sample s ON s.i = g.pick
      CROSS JOIN LATERAL (SELECT point(s.lon + g.jx * ${JITTER_M}::float8 / (${mPerDegLat}::float8 * cos(radians(s.lat))),
                                       s.lat + g.jy * ${JITTER_M}::float8 / ${mPerDegLat}::float8) AS pt) p
      CROSS JOIN LATERAL (SELECT CASE WHEN g.r_status < s.open_share
                                      THEN (ARRAY['new', 'acknowledged', 'in_progress'])[1 + floor(g.r_kind * 3)::int]
                                      ELSE (ARRAY['resolved', 'closed'])[1 + floor(g.r_kind * 2)::int] END AS status) st`.execute(db);
}

/** Bulk-loads `n` requests resampled from the real sample, then ANALYZEs. */
export async function loadRequests(bench: BenchDb, points: SamplePoint[], n: number, log: (line: string) => void = console.log): Promise<LoadResult> {
  const { db } = bench.deps;
  await loadSampleTable(db, points);
  const t0 = process.hrtime.bigint();
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    const c0 = process.hrtime.bigint();
    await insertChunk(db, from, to, points.length);
    const s = Number(process.hrtime.bigint() - c0) / 1e9;
    log(`  loaded ${to.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} (${Math.round((to - from + 1) / s).toLocaleString('en-US')} rows/s)`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const a0 = process.hrtime.bigint();
  await sql`ANALYZE`.execute(db);
  const analyzeSeconds = Number(process.hrtime.bigint() - a0) / 1e9;
  await sql`DROP TABLE bench_sample`.execute(db);
  const counts = await countOpen(bench);
  return { requests: n, seconds, rowsPerSecond: n / seconds, analyzeSeconds, ...counts };
}

export async function countOpen(bench: BenchDb): Promise<{ openRequests: number; openInLast30Days: number }> {
  const { rows } = await sql<{ open: number; recent: number }>`
    SELECT count(*)::int AS open, count(*) FILTER (WHERE created_at >= now() - interval '30 days')::int AS recent
      FROM service_requests WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened')`.execute(bench.deps.db);
  return { openRequests: rows[0]?.open ?? 0, openInLast30Days: rows[0]?.recent ?? 0 };
}

export async function countRequests(bench: BenchDb): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM service_requests`.execute(bench.deps.db);
  return rows[0]?.n ?? 0;
}
