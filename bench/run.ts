/**
 * Frontdoor benchmarks. `npm run bench -- --help` for usage.
 *
 *   npm run bench -- sample
 *   npm run bench -- load   --db postgres --requests 1000000 --keep
 *   npm run bench -- intake --db postgres --requests 1000000
 *   npm run bench -- intake --db pglite   --requests 200000
 *   npm run bench -- queue  --db postgres --requests 1000000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { formatReport, runIntakeBench } from './intake.ts';
import { countOpen, countRequests, loadRequests, openBenchDb, type BenchDb, type Engine, type LoadResult } from './load.ts';
import { formatSummary, loadRealSample } from './real-sample.ts';
import { formatDeskReport, runDeskBench } from './console.ts';
import { formatQueueReport, runQueueBench } from './queue.ts';
import { formatAnalyticsReport, loadForAnalytics, runAnalyticsBench } from './analytics.ts';

const HELP = `Frontdoor benchmarks

usage: npm run bench -- <command> [options]

commands
  sample     read the real NYC/LA sample, map it into Portland, print a summary
  load       create a database, seed the demo city, bulk-load requests (use --keep to keep it)
  intake     load (or --reuse), then measure the duplicate lookup, createServiceRequest and a baseline write
  desk       load (or --reuse), add synthetic customers, then time the agent desk's customer search as you type (--customers, --searches, --warmup)
  queue      load (or --reuse), then time the bureau work queue's list through the HTTP layer (--calls, --warmup)
  analytics  load (or --reuse), rebuild the rollups, time every dashboard tile (--calls, --warmup) and the refresh of a busy hour (--hour-rows)

options
  --db postgres|pglite   engine (default postgres)
  --url URL              PostgreSQL server, local only (default $DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --requests N           requests to bulk-load (default 1000000)
  --lookups N            timed duplicate lookups (default 2000), after --lookup-warmup (default 100)
  --creates N            timed creates (default 10000), after --warmup (default 500)
  --customers N          desk: synthetic customers (default 200000)
  --searches N           desk: timed calls per case (default 300), after --warmup (default 30)
  --calls N              queue: timed calls per case (default 300), after --warmup (default 30 for queue)
  --concurrency N        concurrent creates (default 16 on PostgreSQL, 1 on PGlite)
  --pool N               PostgreSQL pool size (default 16)
  --fast                 load: analytics triggers off and indexes built after the load (always so for analytics)
  --keep                 keep the schema / data directory afterwards
  --reuse NAME           use an already loaded schema (PostgreSQL) or data directory (PGlite); nothing is loaded or dropped
  --seed N               random seed for the drawn points (default 311)
  --max-minutes N        stop starting new work after N minutes, exit at N+5 (default 60)
  -h, --help             this help

Results go to bench/results/<command>-<engine>-<timestamp>.json.`;

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${value}`);
  return n;
}

async function machine(bench: BenchDb | null): Promise<Record<string, string | number>> {
  const info: Record<string, string | number> = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  if (bench) {
    const { rows } = await sql<{ v: string }>`SELECT version() AS v`.execute(bench.deps.db);
    info.database = rows[0]?.v ?? bench.engine;
  }
  return info;
}

function save(name: string, engine: Engine, data: unknown): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}${name}-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'postgres' },
      url: { type: 'string' },
      requests: { type: 'string' },
      lookups: { type: 'string' },
      'lookup-warmup': { type: 'string' },
      creates: { type: 'string' },
      warmup: { type: 'string' },
      customers: { type: 'string' },
      searches: { type: 'string' },
      calls: { type: 'string' },
      concurrency: { type: 'string' },
      pool: { type: 'string' },
      keep: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      seed: { type: 'string' },
      'max-minutes': { type: 'string' },
      'hour-rows': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(HELP);
    return;
  }
  if (!['sample', 'load', 'intake', 'queue', 'analytics'].includes(command) && command !== 'desk') throw new Error(`unknown command ${command}; see --help`);
  if (values.db !== 'postgres' && values.db !== 'pglite') throw new Error(`--db must be postgres or pglite, got ${values.db}`);
  const engine: Engine = values.db;
  const maxMinutes = int(values['max-minutes'], 60, 'max-minutes');
  const deadline = Date.now() + maxMinutes * 60_000;
  setTimeout(() => {
    console.error(`time limit: still running ${maxMinutes + 5} minutes after the start; exiting`);
    process.exit(3);
  }, (maxMinutes + 5) * 60_000).unref();

  const t0 = Date.now();
  const { points, summary } = await loadRealSample();
  console.log(formatSummary(summary, points));
  if (command === 'sample') return;

  const requests = int(values.requests, 1_000_000, 'requests');
  const pool = int(values.pool, 16, 'pool');
  const bench = await openBenchDb({
    engine,
    databaseUrl: values.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    poolSize: engine === 'pglite' ? 1 : pool,
    keep: values.keep,
    reuse: values.reuse,
  });
  try {
    console.log(`${engine}: ${bench.reused ? 'reusing' : 'created'} ${bench.location}`);
    let load: LoadResult;
    if (bench.reused) {
      load = { requests: await countRequests(bench), seconds: NaN, rowsPerSecond: NaN, analyzeSeconds: NaN, ...(await countOpen(bench)) };
    } else {
      console.log(`bulk-loading ${requests.toLocaleString('en-US')} requests resampled from the real sample`);
      load = command === 'analytics' || values.fast ? await loadForAnalytics(bench, points, requests) : await loadRequests(bench, points, requests);
      console.log(`  load: ${load.seconds.toFixed(1)} s = ${Math.round(load.rowsPerSecond).toLocaleString('en-US')} rows/s; ANALYZE ${load.analyzeSeconds.toFixed(1)} s`);
    }
    console.log(`  ${load.requests.toLocaleString('en-US')} requests, ${load.openRequests.toLocaleString('en-US')} open, ${load.openInLast30Days.toLocaleString('en-US')} open and from the last 30 days`);
    const base = { command, engine, date: new Date().toISOString(), machine: await machine(bench), sample: summary, load };
    if (command === 'load') {
      console.log(`results: ${save('load', engine, base)}`);
      return;
    }
    if (command === 'desk') {
      const deskOptions = { customers: int(values.customers, 200_000, 'customers'), calls: int(values.searches, 300, 'searches'), warmup: int(values.warmup, 30, 'warmup'), seed: int(values.seed, 311, 'seed'), deadline };
      const desk = await runDeskBench(bench, deskOptions);
      console.log(`\n${formatDeskReport(engine, load.requests, desk)}`);
      console.log(`results: ${save('desk', engine, { ...base, desk })}`);
      return;
    }
    if (command === 'analytics') {
      const analytics = await runAnalyticsBench(bench, { calls: int(values.calls, 50, 'calls'), warmup: int(values.warmup, 3, 'warmup'), hourRows: int(values['hour-rows'], 100_000, 'hour-rows'), deadline });
      console.log(`\n${formatAnalyticsReport(engine, load.requests, analytics)}`);
      console.log(`results: ${save('analytics', engine, { ...base, analytics })}`);
      return;
    }
    if (command === 'queue') {
      const queue = await runQueueBench(bench, { calls: int(values.calls, 300, 'calls'), warmup: int(values.warmup, 30, 'warmup'), deadline });
      console.log(`\n${formatQueueReport(engine, load.requests, queue)}`);
      console.log(`results: ${save('queue', engine, { ...base, queue })}`);
      return;
    }
    const options = {
      lookups: int(values.lookups, 2000, 'lookups'),
      lookupWarmup: int(values['lookup-warmup'], 100, 'lookup-warmup'),
      creates: int(values.creates, 10_000, 'creates'),
      warmup: int(values.warmup, 500, 'warmup'),
      concurrency: int(values.concurrency, engine === 'pglite' ? 1 : 16, 'concurrency'),
      seed: int(values.seed, 311, 'seed'),
      deadline,
    };
    const report = await runIntakeBench(bench, points, options);
    console.log(`\n${formatReport(engine, load.requests, report)}`);
    console.log(`results: ${save('intake', engine, { ...base, options: { ...options, pool, deadline: undefined }, ...report })}`);
  } finally {
    await bench.close();
    console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
