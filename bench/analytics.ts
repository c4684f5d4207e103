/**
 * Analytics benchmark: dashboard tile latency over a loaded database, the full rebuild, and how fast
 * the refresh recomputes a busy hour (what decides whether the rollups keep up with creates).
 */
import { sql } from 'kysely';
import { civilRightsTile, contactsTile, requestsTile, resolveScope, summaryTile } from '../src/modules/analytics/metrics.ts';
import { equityTile } from '../src/modules/analytics/equity.ts';
import { forecastTile, staffingTile } from '../src/modules/analytics/planning.ts';
import { publicDashboard } from '../src/modules/analytics/public.ts';
import { rebuildRollups, refreshRollups } from '../src/modules/analytics/rollup.ts';
import { loadRequests, type BenchDb, type LoadResult } from './load.ts';
import type { SamplePoint } from './real-sample.ts';
import { latencyStats, msSince, type LatencyStats } from './stats.ts';

export interface AnalyticsBenchOptions {
  calls: number;
  warmup: number;
  /** Rows put into the current hour to time the refresh of a busy hour. */
  hourRows: number;
  deadline: number;
}

export interface AnalyticsBenchReport {
  rebuild: { seconds: number; requestRows: number; binRows: number; requestsPerSecond: number };
  rollupRows: number;
  tiles: Record<string, LatencyStats>;
  busyHour: { rows: number; insertSeconds: number; refreshSeconds: number; rowsPerSecond: number; sustainableCreatesPerSecond: number };
}

/**
 * The bulk load for this bench (a fixture, not the product path): the analytics triggers are off
 * and the secondary indexes of service_requests are dropped while the rows go in, then the indexes
 * are built again and the triggers switched back on. The rollups are then rebuilt from the rows
 * (runAnalyticsBench), as `frontdoor analytics rebuild` would. Roughly 10× the rate of a load that
 * keeps every index and trigger, which is what makes 10,000,000 requests practical.
 */
export async function loadForAnalytics(bench: BenchDb, points: SamplePoint[], n: number, log: (line: string) => void = console.log): Promise<LoadResult> {
  const db = bench.deps.db;
  const indexes = (
    await sql<{ name: string; def: string }>`
      SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = 'service_requests'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))`.execute(db)
  ).rows;
  for (const ix of indexes) await sql.raw(`DROP INDEX ${ix.name}`).execute(db);
  await sql`ALTER TABLE service_requests DISABLE TRIGGER service_requests_analytics_insert`.execute(db);
  const load = await loadRequests(bench, points, n, log);
  await sql`ALTER TABLE service_requests ENABLE TRIGGER service_requests_analytics_insert`.execute(db);
  const t = process.hrtime.bigint();
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(trx);
    for (const ix of indexes) await sql.raw(ix.def).execute(trx);
  });
  log(`  ${indexes.length} indexes built after the load in ${(msSince(t) / 1000).toFixed(1)} s`);
  return load;
}

/** The tiles the console draws, with the filters an analyst uses most. */
function tiles(bench: BenchDb): Record<string, () => Promise<unknown>> {
  const deps = bench.deps;
  const scope = (q: Record<string, string>) => resolveScope(deps, q);
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  return {
    'summary (30 days)': async () => summaryTile(deps, await scope({})),
    'summary (365 days)': async () => summaryTile(deps, await scope({ from: yearAgo, to: today })),
    'requests by day (365 days)': async () => requestsTile(deps, await scope({ from: yearAgo, to: today }), 'day'),
    'requests by service (90 days)': async () => requestsTile(deps, await scope({ from: new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10), to: today }), 'service'),
    'requests by department, one district (30 days)': async () => requestsTile(deps, await scope({ district: 'district-2' }), 'department'),
    'requests by hour, one service (30 days)': async () => requestsTile(deps, await scope({ service: 'POTHOLE' }), 'hour'),
    'civil-rights (365 days)': async () => civilRightsTile(deps, await scope({ from: yearAgo, to: today })),
    'equity (365 days)': async () => equityTile(deps, await scope({ from: yearAgo, to: today })),
    'contacts by channel (30 days)': async () => contactsTile(deps, await scope({}), 'channel'),
    'forecast (requests, daily)': () => forecastTile(deps, 'requests'),
    'staffing (next week)': () => staffingTile(deps),
    'public dashboard (90 days)': () => publicDashboard(deps, 90),
  };
}

/** Runs the analytics benchmark on a loaded database. */
export async function runAnalyticsBench(bench: BenchDb, o: AnalyticsBenchOptions): Promise<AnalyticsBenchReport> {
  const db = bench.deps.db;
  const requests = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM service_requests`.execute(db)).rows[0]?.n ?? 0);
  // A reused schema whose levels are filled is not rebuilt (at 10,000,000 requests that takes minutes).
  const filled = bench.reused && (await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_levels_zone`.execute(db)).rows[0]?.n === 1;
  let t = process.hrtime.bigint();
  let r = { requestRows: NaN, binRows: NaN, contactRows: NaN, contactLog: false };
  if (filled) {
    console.log('reusing the rollups and levels already built');
    await refreshRollups(bench.deps);
  } else {
    console.log('rebuilding the rollups from every request…');
    r = await rebuildRollups(bench.deps);
  }
  const rebuildSeconds = filled ? NaN : msSince(t) / 1000;
  const rollupRows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_request_hourly`.execute(db)).rows[0]?.n ?? 0);
  console.log(`  ${rebuildSeconds.toFixed(1)} s; ${rollupRows.toLocaleString('en-US')} rollup rows, ${r.binRows.toLocaleString('en-US')} bins`);
  const levelRows = Number((await sql<{ n: string }>`SELECT (SELECT count(*) FROM analytics_request_levels) + (SELECT count(*) FROM analytics_duration_levels) AS n`.execute(db)).rows[0]?.n ?? 0);
  console.log(`  ${levelRows.toLocaleString('en-US')} day and month level rows`);
  // VACUUM as well: a rebuild leaves the previous rows dead beside the new ones until autovacuum comes.
  for (const table of ['analytics_request_hourly', 'analytics_duration_bins', 'analytics_request_levels', 'analytics_duration_levels']) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);

  const out: Record<string, LatencyStats> = {};
  for (const [name, call] of Object.entries(tiles(bench))) {
    if (Date.now() > o.deadline) break;
    for (let i = 0; i < o.warmup; i++) await call();
    const samples: number[] = [];
    for (let i = 0; i < o.calls && Date.now() < o.deadline; i++) {
      const s = process.hrtime.bigint();
      await call();
      samples.push(msSince(s));
    }
    out[name] = latencyStats(samples);
    console.log(`  ${name}: p50 ${out[name].p50.toFixed(1)} ms, p95 ${out[name].p95.toFixed(1)} ms`);
  }

  if (o.hourRows === 0) {
    return {
      rebuild: { seconds: rebuildSeconds, requestRows: r.requestRows, binRows: r.binRows, requestsPerSecond: requests / rebuildSeconds },
      rollupRows,
      tiles: out,
      busyHour: { rows: 0, insertSeconds: NaN, refreshSeconds: NaN, rowsPerSecond: NaN, sustainableCreatesPerSecond: NaN },
    };
  }
  // A busy hour: copies of loaded requests created in the current hour, then one refresh of it.
  console.log(`putting ${o.hourRows.toLocaleString('en-US')} requests into the current hour…`);
  t = process.hrtime.bigint();
  await sql`INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id, location, created_at, updated_at)
    SELECT 'BENCH-' || r.id, r.jurisdiction_id, r.service_id, 'new', r.priority, r.channel, r.department_id, r.district_id, r.location,
      date_trunc('hour', now()) + random() * interval '59 minutes', now()
    FROM (SELECT * FROM service_requests WHERE tracking_number NOT LIKE 'BENCH-%' LIMIT ${o.hourRows}) r`.execute(db);
  const insertSeconds = msSince(t) / 1000;
  t = process.hrtime.bigint();
  await refreshRollups(bench.deps);
  const refreshSeconds = msSince(t) / 1000;
  const rowsPerSecond = o.hourRows / refreshSeconds;
  // At c creates/s the current hour ends with 3,600·c rows; a refresh every 15 s must recompute it in 15 s.
  const sustainable = (15 * rowsPerSecond) / 3600;
  console.log(`  refresh of that hour: ${refreshSeconds.toFixed(2)} s (${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s)`);
  // Leave a kept schema as it was loaded, so the next --reuse run starts from the same data.
  await sql`DELETE FROM service_requests WHERE tracking_number LIKE 'BENCH-%'`.execute(db);
  await refreshRollups(bench.deps);
  return {
    rebuild: { seconds: rebuildSeconds, requestRows: r.requestRows, binRows: r.binRows, requestsPerSecond: requests / rebuildSeconds },
    rollupRows,
    tiles: out,
    busyHour: { rows: o.hourRows, insertSeconds, refreshSeconds, rowsPerSecond, sustainableCreatesPerSecond: sustainable },
  };
}

/** The report printed at the end. */
export function formatAnalyticsReport(engine: string, requests: number, r: AnalyticsBenchReport): string {
  const lines = [
    `analytics on ${engine}, ${requests.toLocaleString('en-US')} requests loaded`,
    `  rebuild: ${r.rebuild.seconds.toFixed(1)} s (${Math.round(r.rebuild.requestsPerSecond).toLocaleString('en-US')} requests/s), ${r.rollupRows.toLocaleString('en-US')} rollup rows`,
    '  tile latency (ms)              p50      p95      p99',
    ...Object.entries(r.tiles).map(([name, s]) => `  ${name.padEnd(48)} ${s.p50.toFixed(1).padStart(7)} ${s.p95.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)}`),
    ...(r.busyHour.rows === 0 ? [] : [
    `  busy hour: ${r.busyHour.rows.toLocaleString('en-US')} rows refreshed in ${r.busyHour.refreshSeconds.toFixed(2)} s = ${Math.round(r.busyHour.rowsPerSecond).toLocaleString('en-US')} rows/s;` +
      ` a 15 s refresh keeps up with about ${Math.round(r.busyHour.sustainableCreatesPerSecond).toLocaleString('en-US')} creates/s sustained for a whole hour (target 500)`,
    ]),
  ];
  return lines.join('\n');
}
