/**
 * Analytics upkeep benchmark: do the rollups keep up with a sustained stream of creates?
 *
 *   flock /tmp/frontdoor-bench.lock node --import tsx bench/analytics-upkeep.ts --rates 500,1000 --seconds 90
 *
 * On PostgreSQL, in a schema of its own (dropped afterwards): migrates and seeds the demo city,
 * preloads requests, then
 *  1. the cost the analytics triggers add to one intake: single-row inserts and status updates (in a
 *     server-side loop, so the client round trip does not hide it) timed with the triggers off, with the delta triggers (migration 0026) and with the earlier dirty-hour
 *     triggers (migration 0022's function, put back for the comparison), rounds interleaved; and one
 *     bulk INSERT … SELECT over a year of hours (as the history import writes) with each;
 *  2. for each rate: writers insert requests one row per statement (as intake does; the same
 *     triggers fire; `--batch k` puts k rows in each statement, to reach rates one-row statements
 *     cannot on a small machine — rows fall in random cells, so the deltas stay about one per row) at that rate, acknowledge each one and resolve every other one, while the refresh
 *     runs every 15 s as the worker does. Reports the rate reached, each refresh's duration and the
 *     lag — the longest a change waited before a refresh made it visible (end of the refresh that
 *     folded it minus the start of the one before, an upper bound) — then stops the writers, refreshes
 *     and checks the rollup totals against the raw rows;
 *  3. the fold's own ceiling: a backlog of delta rows (one per created request, as single-row inserts
 *     write them) folded by one refresh; a create with its acknowledgement and half a resolution
 *     writes 4 delta rows (the two updates also a histogram row each), so rows/s ÷ 4 ≈ creates/s.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { refreshLevels } from '../src/modules/analytics/levels.ts';
import { rebuildRollups, refreshRollups } from '../src/modules/analytics/rollup.ts';
import { openBenchDb, type BenchDb } from './load.ts';
import { latencyStats, msSince, seededRandom, type LatencyStats } from './stats.ts';

const INTERVAL_MS = 15_000;
const CHANNELS = ['web', 'phone', 'app', 'open311', 'email', 'walk_in'];

interface Cell {
  serviceId: number;
  departmentId: string;
  priority: string;
}

interface Catalog {
  services: Cell[];
  districts: string[];
}

async function catalog(bench: BenchDb): Promise<Catalog> {
  const db = bench.deps.db;
  const services = (
    await sql<{ id: number; department_id: string; default_priority: string }>`SELECT id, department_id, default_priority FROM services WHERE jurisdiction_id = 'portland' AND active ORDER BY id`.execute(db)
  ).rows.map((r) => ({ serviceId: Number(r.id), departmentId: r.department_id, priority: r.default_priority }));
  const districts = (await sql<{ id: string }>`SELECT id FROM districts WHERE jurisdiction_id = 'portland' ORDER BY id`.execute(db)).rows.map((r) => r.id);
  if (!services.length) throw new Error('no services in the demo city');
  return { services, districts };
}

/** Requests created over the past `days` (service, district and channel varying independently: 320 cells), a quarter acknowledged, a third resolved; one statement. */
async function preload(bench: BenchDb, n: number, days: number, prefix = 'PRE'): Promise<number> {
  const t = process.hrtime.bigint();
  await sql`INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id,
      created_at, updated_at, first_response_at, resolved_at, due_at)
    SELECT ${prefix} || '-' || g, 'portland', s.id, CASE WHEN g % 3 = 0 THEN 'resolved' WHEN g % 4 = 0 THEN 'acknowledged' ELSE 'new' END, s.default_priority,
      (ARRAY['web', 'phone', 'app', 'open311'])[1 + (g / 80) % 4], s.department_id, d.id, c.at, c.at,
      CASE WHEN g % 3 = 0 OR g % 4 = 0 THEN c.at + (g % 97) * interval '7 minutes' END,
      CASE WHEN g % 3 = 0 THEN c.at + (g % 89) * interval '1 hour' END,
      c.at + interval '5 days'
    FROM generate_series(1, ${n}) g
    CROSS JOIN LATERAL (SELECT now() - random() * ${days} * interval '1 day' - interval '3 days' AS at) c
    JOIN LATERAL (SELECT id, department_id, default_priority FROM services WHERE jurisdiction_id = 'portland' AND active ORDER BY id OFFSET g % 20 LIMIT 1) s ON true
    LEFT JOIN LATERAL (SELECT id FROM districts WHERE jurisdiction_id = 'portland' ORDER BY id OFFSET (g / 20) % 4 LIMIT 1) d ON true`.execute(bench.deps.db);
  return msSince(t) / 1000;
}

/** One writer's statements, one row each: create, acknowledge an earlier request, resolve another. */
class Writer {
  readonly fresh: number[] = [];
  readonly acked: number[] = [];
  statements = 0;
  creates = 0;
  private seq = 0;

  constructor(
    private readonly bench: BenchDb,
    private readonly cat: Catalog,
    private readonly id: string,
    private readonly random: () => number,
  ) {}

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  private take(xs: number[]): number | undefined {
    if (xs.length < 50) return undefined;
    const i = Math.floor(this.random() * xs.length);
    const v = xs[i]!;
    xs[i] = xs[xs.length - 1]!;
    xs.pop();
    return v;
  }

  /** One INSERT of `k` requests (k = 1: as intake writes one). */
  async create(k = 1): Promise<void> {
    const rows = Array.from({ length: k }, () => {
      const s = this.pick(this.cat.services);
      return { t: `UPK-${this.id}-${this.seq++}`, s: s.serviceId, p: s.priority, c: this.pick(CHANNELS), d: s.departmentId, di: this.cat.districts.length ? this.pick(this.cat.districts) : null };
    });
    const r = await sql<{ id: number }>`INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id,
        created_at, updated_at, due_at)
      SELECT x.t, 'portland', x.s, 'new', x.p, x.c, x.d, x.di, now(), now(), now() + interval '3 days'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x (t text, s bigint, p text, c text, d text, di text) RETURNING id`.execute(this.bench.deps.db);
    for (const row of r.rows) this.fresh.push(Number(row.id));
    this.statements++;
    this.creates += k;
  }

  private takeMany(xs: number[], k: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const id = this.take(xs);
      if (id === undefined) break;
      out.push(id);
    }
    return out;
  }

  /** One UPDATE acknowledging `k` earlier requests. */
  async acknowledge(k = 1): Promise<void> {
    const ids = this.takeMany(this.fresh, k);
    if (!ids.length) return;
    await sql`UPDATE service_requests SET status = 'acknowledged', first_response_at = now(), updated_at = now(), version = version + 1
      WHERE id = ANY(${ids}::bigint[])`.execute(this.bench.deps.db);
    this.acked.push(...ids);
    this.statements++;
  }

  /** One UPDATE resolving `k` acknowledged requests. */
  async resolve(k = 1): Promise<void> {
    const ids = this.takeMany(this.acked, k);
    if (!ids.length) return;
    await sql`UPDATE service_requests SET status = 'resolved', resolved_at = now(), updated_at = now(), version = version + 1
      WHERE id = ANY(${ids}::bigint[])`.execute(this.bench.deps.db);
    this.statements++;
  }

  /**
   * Creates at `rate`/s until `until`, `batch` rows per statement; each create is followed by one
   * acknowledgement and, every other time, a resolution.
   */
  async run(rate: number, until: number, batch = 1): Promise<void> {
    const start = Date.now();
    let i = 0;
    while (Date.now() < until) {
      const due = start + (i * batch * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await this.create(batch);
      await this.acknowledge(batch);
      if (batch > 1) await this.resolve(Math.ceil(batch / 2));
      else if (i % 2 === 1) await this.resolve();
      i++;
    }
  }
}

type Variant = 'off' | 'delta' | 'dirty-hour';

/** Switches the request triggers: off, the delta triggers, or migration 0022's dirty-hour function. */
async function useTriggers(bench: BenchDb, v: Variant, deltaFunction: string, dirtyFunction: string): Promise<void> {
  const db = bench.deps.db;
  const able = v === 'off' ? 'DISABLE' : 'ENABLE';
  await sql.raw(`ALTER TABLE service_requests ${able} TRIGGER service_requests_analytics_insert`).execute(db);
  await sql.raw(`ALTER TABLE service_requests ${able} TRIGGER service_requests_analytics_update`).execute(db);
  if (v !== 'off') await sql.raw(v === 'delta' ? deltaFunction : dirtyFunction).execute(db);
}

/** `CREATE … FUNCTION analytics_mark_requests() … $$;` from a migration, as CREATE OR REPLACE. */
function triggerFunction(migration: string): string {
  const text = readFileSync(new URL(`../src/db/migrations/${migration}`, import.meta.url), 'utf8');
  const m = /CREATE (?:OR REPLACE )?FUNCTION analytics_mark_requests\(\)[\s\S]*?\n\$\$;/.exec(text);
  if (!m) throw new Error(`no analytics_mark_requests() in ${migration}`);
  return m[0].replace(/^CREATE (OR REPLACE )?FUNCTION/, 'CREATE OR REPLACE FUNCTION');
}

interface TriggerCost {
  /** Microseconds per single-row statement, server side (no client round trip), median of the rounds. */
  insertUs: Record<Variant, number>;
  updateUs: Record<Variant, number>;
  /** Rows/s of one bulk INSERT … SELECT spread over a year. */
  bulkRowsPerSecond: Record<Variant, number>;
}

/**
 * Single-row statements in a server-side loop, so the client round trip does not drown the trigger's
 * cost: `n` inserts (as intake writes a request), then an acknowledgement of each (one update each).
 */
async function costFunctions(bench: BenchDb): Promise<void> {
  await sql`CREATE FUNCTION bench_cost_inserts(tag text, n integer, svc bigint, dept text, district text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      FOR i IN 1..n LOOP
        INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id, created_at, updated_at, due_at)
        VALUES ('COST-' || tag || '-' || i, 'portland', svc, 'new', 'normal', 'web', dept, district, now(), now(), now() + interval '3 days');
      END LOOP;
    END $$`.execute(bench.deps.db);
  await sql`CREATE FUNCTION bench_cost_updates(tag text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT id FROM service_requests WHERE tracking_number LIKE 'COST-' || tag || '-%' LOOP
        UPDATE service_requests SET status = 'acknowledged', first_response_at = now(), updated_at = now(), version = version + 1 WHERE id = r.id;
      END LOOP;
    END $$`.execute(bench.deps.db);
}

async function triggerCost(bench: BenchDb, cat: Catalog, rounds: number, perRound: number, bulkRows: number): Promise<TriggerCost> {
  const db = bench.deps.db;
  const delta = triggerFunction('0026_analytics_deltas.sql');
  const dirty = triggerFunction('0022_analytics.sql');
  await costFunctions(bench);
  const variants: Variant[] = ['off', 'delta', 'dirty-hour'];
  const ins: Record<Variant, number[]> = { off: [], delta: [], 'dirty-hour': [] };
  const upd: Record<Variant, number[]> = { off: [], delta: [], 'dirty-hour': [] };
  const s = cat.services[0]!;
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 ? [...variants].reverse() : variants) {
      await useTriggers(bench, v, delta, dirty);
      const tag = `${r}${v}`;
      let t = process.hrtime.bigint();
      await sql`SELECT bench_cost_inserts(${tag}, ${perRound}, ${s.serviceId}, ${s.departmentId}, ${cat.districts[0] ?? null})`.execute(db);
      ins[v].push((msSince(t) * 1000) / perRound);
      t = process.hrtime.bigint();
      await sql`SELECT bench_cost_updates(${tag})`.execute(db);
      upd[v].push((msSince(t) * 1000) / perRound);
    }
  }
  // A bulk load (as the history import writes: one statement, rows over a year of hours).
  const bulk: Record<Variant, number> = { off: 0, delta: 0, 'dirty-hour': 0 };
  for (const v of variants) {
    await useTriggers(bench, v, delta, dirty);
    bulk[v] = bulkRows / (await preload(bench, bulkRows, 365, `BULK-${v}`));
  }
  await useTriggers(bench, 'delta', delta, dirty);
  await sql`DELETE FROM analytics_dirty`.execute(db);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    insertUs: { off: median(ins.off), delta: median(ins.delta), 'dirty-hour': median(ins['dirty-hour']) },
    updateUs: { off: median(upd.off), delta: median(upd.delta), 'dirty-hour': median(upd['dirty-hour']) },
    bulkRowsPerSecond: bulk,
  };
}

interface RefreshSample {
  start: number;
  end: number;
  ms: number;
  deltaRows: number;
}

interface RatePhase {
  rate: number;
  seconds: number;
  creates: number;
  statements: number;
  createsPerSecond: number;
  statementsPerSecond: number;
  refresh: LatencyStats;
  maxDeltaRows: number;
  maxLagSeconds: number;
  keepsUp: boolean;
  totalsMatch: boolean;
  /** 1-minute load average at the end of the phase. */
  load: number;
  /** The day and month levels' upkeep for the current hour, alone, after the phase. */
  levelsMs: number;
}

async function deltaBacklog(bench: BenchDb): Promise<number> {
  return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_request_delta`.execute(bench.deps.db)).rows[0]?.n ?? 0);
}

/** The rollup totals against the raw rows: every request opened, responded to and resolved is counted once. */
async function totalsMatch(bench: BenchDb): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT
      (SELECT coalesce(sum(opened), 0) FROM analytics_request_hourly) = (SELECT count(*) FROM service_requests)
      AND (SELECT coalesce(sum(first_responses), 0) FROM analytics_request_hourly) = (SELECT count(first_response_at) FROM service_requests)
      AND (SELECT coalesce(sum(resolutions), 0) FROM analytics_request_hourly) = (SELECT count(resolved_at) FROM service_requests)
      AND (SELECT coalesce(sum(n), 0) FROM analytics_duration_bins) = (SELECT count(first_response_at) + count(resolved_at) FROM service_requests) AS ok`.execute(bench.deps.db);
  return r.rows[0]?.ok === true;
}

async function sustain(bench: BenchDb, cat: Catalog, rate: number, seconds: number, writers: number, batch: number): Promise<RatePhase> {
  const ws = Array.from({ length: writers }, (_, i) => new Writer(bench, cat, `${rate}-${i}`, seededRandom(rate * 31 + i)));
  const start = Date.now();
  const until = start + seconds * 1000;
  const samples: RefreshSample[] = [];
  let stop = false;
  const refresher = (async () => {
    let next = start + INTERVAL_MS;
    while (!stop) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 250)));
      if (Date.now() < next) continue;
      next += INTERVAL_MS;
      const deltaRows = await deltaBacklog(bench);
      const s = Date.now();
      const t = process.hrtime.bigint();
      await refreshRollups(bench.deps);
      samples.push({ start: s, end: Date.now(), ms: msSince(t), deltaRows });
      const last = samples[samples.length - 1]!;
      console.log(`    refresh: ${last.deltaRows.toLocaleString('en-US')} delta rows folded in ${last.ms.toFixed(0)} ms`);
    }
  })();
  await Promise.all(ws.map((w) => w.run(rate / writers, until, batch)));
  const elapsed = (Date.now() - start) / 1000;
  stop = true;
  await refresher;
  const load = loadavg()[0]!;
  const creates = ws.reduce((n, w) => n + w.creates, 0);
  const statements = ws.reduce((n, w) => n + w.statements, 0);
  await refreshRollups(bench.deps);
  const match = await totalsMatch(bench);
  // Of a refresh's time, the part that keeps the day and month levels: today's levels redone alone.
  const hourNow = `${new Date().toISOString().slice(0, 13)}:00:00Z`;
  const lt = process.hrtime.bigint();
  await bench.deps.db.transaction().execute((trx) => refreshLevels(trx, [hourNow]));
  const levelsMs = msSince(lt);
  const lags = samples.map((s, i) => (s.end - (i === 0 ? start : samples[i - 1]!.start)) / 1000);
  const ms = samples.map((s) => s.ms);
  const maxLag = lags.length ? Math.max(...lags) : NaN;
  return {
    rate,
    seconds: elapsed,
    creates,
    statements,
    createsPerSecond: creates / elapsed,
    statementsPerSecond: statements / elapsed,
    refresh: latencyStats(ms),
    maxDeltaRows: Math.max(0, ...samples.map((s) => s.deltaRows)),
    maxLagSeconds: maxLag,
    keepsUp: ms.every((m) => m < INTERVAL_MS) && maxLag < 60,
    load,
    levelsMs,
    totalsMatch: match,
  };
}

/** `rows` delta rows in the current hour over the existing cells, as that many single-row creates write; one refresh folds them. */
async function foldCeiling(bench: BenchDb, rows: number): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const db = bench.deps.db;
  await sql`INSERT INTO analytics_request_delta (hour, service_id, district_id, channel, department_id, opened)
    SELECT date_trunc('hour', now(), 'UTC'), c.service_id, c.district_id, c.channel, c.department_id, 1
    FROM generate_series(1, ${rows}) g
    JOIN (SELECT row_number() OVER () - 1 AS k, service_id, district_id, channel, department_id
          FROM (SELECT DISTINCT service_id, district_id, channel, department_id FROM analytics_request_hourly) x) c
      ON c.k = g % (SELECT count(*) FROM (SELECT DISTINCT service_id, district_id, channel, department_id FROM analytics_request_hourly) y)`.execute(db);
  const t = process.hrtime.bigint();
  await refreshRollups(bench.deps);
  const seconds = msSince(t) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '500,1000' },
      seconds: { type: 'string', default: '90' },
      writers: { type: 'string', default: '8' },
      batch: { type: 'string', default: '1' },
      preload: { type: 'string', default: '200000' },
      'cost-rounds': { type: 'string', default: '6' },
      'cost-ops': { type: 'string', default: '2000' },
      'fold-rows': { type: 'string', default: '300000' },
      'bulk-rows': { type: 'string', default: '100000' },
      url: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('node --import tsx bench/analytics-upkeep.ts [--rates 500,1000] [--seconds 90] [--writers 8] [--batch 1] [--preload 200000] [--cost-rounds 6] [--cost-ops 2000] [--fold-rows 300000] [--bulk-rows 100000] [--url postgres://…] [--keep]');
    return;
  }
  const int = (v: string | undefined, name: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
    return n;
  };
  const rates = (values.rates ?? '').split(',').filter((r) => r.trim() !== '').map((r) => int(r.trim(), 'rates'));
  const writers = int(values.writers, 'writers');
  const batch = Math.max(1, int(values.batch, 'batch'));
  const bench = await openBenchDb({
    engine: 'postgres',
    databaseUrl: values.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    poolSize: writers + 2,
    keep: values.keep ?? false,
  });
  try {
    const cat = await catalog(bench);
    const preloadRows = int(values.preload, 'preload');
    console.log(`preloading ${preloadRows.toLocaleString('en-US')} requests over 30 days (one statement, triggers on)…`);
    const preloadSeconds = await preload(bench, preloadRows, 30);
    let t = process.hrtime.bigint();
    await refreshRollups(bench.deps);
    const preloadRefresh = msSince(t) / 1000;
    await sql`ANALYZE`.execute(bench.deps.db);
    console.log(`  ${preloadSeconds.toFixed(1)} s; the refresh folding it: ${preloadRefresh.toFixed(2)} s`);

    const costRounds = int(values['cost-rounds'], 'cost-rounds');
    let cost: TriggerCost | null = null;
    if (costRounds > 0) {
      console.log('trigger cost per single-row statement (server-side loop, median of rounds)…');
      cost = await triggerCost(bench, cat, costRounds, int(values['cost-ops'], 'cost-ops'), int(values['bulk-rows'], 'bulk-rows'));
      for (const kind of ['insertUs', 'updateUs'] as const) {
        const c = cost[kind];
        console.log(`  ${kind === 'insertUs' ? 'insert' : 'update'}: triggers off ${c.off.toFixed(0)} µs, delta ${c.delta.toFixed(0)} µs (+${(c.delta - c.off).toFixed(0)}), dirty-hour ${c['dirty-hour'].toFixed(0)} µs (+${(c['dirty-hour'] - c.off).toFixed(0)})`);
      }
      const b = cost.bulkRowsPerSecond;
      console.log(`  bulk insert over a year: triggers off ${Math.round(b.off).toLocaleString('en-US')} rows/s, delta ${Math.round(b.delta).toLocaleString('en-US')} rows/s, dirty-hour ${Math.round(b['dirty-hour']).toLocaleString('en-US')} rows/s`);
      t = process.hrtime.bigint();
      // The rows made with the triggers off are not in the rollups: start the rate phases from a rebuild.
      await rebuildRollups(bench.deps);
      console.log(`  (rebuild after the comparison: ${(msSince(t) / 1000).toFixed(1)} s)`);
    }

    const phases: RatePhase[] = [];
    for (const rate of rates) {
      console.log(`sustained ${rate} creates/s for ${values.seconds} s, ${writers} writers, ${batch} row(s) per statement, refresh every 15 s…`);
      const p = await sustain(bench, cat, rate, int(values.seconds, 'seconds'), writers, batch);
      phases.push(p);
      console.log(
        `  reached ${p.createsPerSecond.toFixed(0)} creates/s (${p.statementsPerSecond.toFixed(0)} statements/s); refresh p50 ${p.refresh.p50.toFixed(0)} ms, max ${p.refresh.max.toFixed(0)} ms;` +
          ` max lag ${p.maxLagSeconds.toFixed(1)} s; ${p.keepsUp ? 'keeps up' : 'DOES NOT keep up'}; totals ${p.totalsMatch ? 'match' : 'DO NOT match'} the raw rows; load ${p.load.toFixed(1)}; levels upkeep of today alone ${p.levelsMs.toFixed(0)} ms`,
      );
    }

    const foldRows = int(values['fold-rows'], 'fold-rows');
    let fold: Awaited<ReturnType<typeof foldCeiling>> | null = null;
    if (foldRows > 0) {
      console.log(`folding a backlog of ${foldRows.toLocaleString('en-US')} delta rows in one refresh…`);
      fold = await foldCeiling(bench, foldRows);
      console.log(`  ${fold.seconds.toFixed(2)} s = ${Math.round(fold.rowsPerSecond).toLocaleString('en-US')} delta rows/s`);
      console.log(
        `  at 4 delta rows per create (with its acknowledgement and half a resolution), a refresh taking at most its 15 s interval can fold about ${Math.round(fold.rowsPerSecond / 4).toLocaleString('en-US')} creates/s`,
      );
    }
    console.log(JSON.stringify({ preloadRows, preloadSeconds, preloadRefresh, cost, phases, fold }, null, 2));
  } finally {
    await bench.close();
  }
}

await main();
