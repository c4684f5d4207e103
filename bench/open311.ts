/**
 * Open311 GeoReport v2 under load: a real server process (`frontdoor serve`, worker off) over a
 * database with N requests bulk-loaded from the real NYC/LA sample, measured with autocannon.
 *
 *   node --import tsx bench/open311.ts --db postgres --requests 1000000
 *   node --import tsx bench/open311.ts --db pglite   --requests 200000
 *
 * Measures (1) GET requests/{id}.json at 64 connections, (2) a filtered GET requests.json page of
 * 100 (service_code + status=open, with and without a bbox), p95 from every call at 1 and 8 connections, (3) POST
 * requests.json (form-encoded, through intake) at 16 connections. The schema or PGlite directory
 * is dropped at the end. Results go to bench/results/open311-<engine>-<timestamp>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { getService, listServices } from '../src/modules/catalog/service.ts';
import { createApiKey } from '../src/modules/identity/index.ts';
import { loadRequests, openBenchDb, type Engine } from './load.ts';
import { loadRealSample } from './real-sample.ts';
import { latencyStats, seededRandom, pick } from './stats.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    requests: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    port: { type: 'string', default: '3490' },
    pool: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    only: { type: 'string' },
  },
});
const engine = args.db as Engine;
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--db must be postgres or pglite');
const N = Number(args.requests.replace(/_/g, ''));
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}/open311/v2`;

async function waitReady(child: ChildProcess): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not get ready within 3 minutes');
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** The machine is shared: the 1-minute load average before each run says how busy it was. */
const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 10) / 10;

const summarize = (r: autocannon.Result) => ({
  requestsPerSecond: Math.round(r.requests.average),
  total: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
});

async function main(): Promise<void> {
  const started = new Date();
  console.log(`open311 bench: ${engine}, ${N.toLocaleString('en-US')} requests, ${SECONDS} s per run`);
  const sample = await loadRealSample();
  const bench = await openBenchDb({ engine, databaseUrl: args.url, poolSize: 4, keep: true, reuse: args.reuse });
  const keep = args.keep || args.reuse !== undefined;
  const runs = new Set((args.only ?? 'id,page,post').split(','));
  let child: ChildProcess | null = null;
  let result: Record<string, unknown> | undefined;
  try {
    const load = bench.reused ? { seconds: 0, rowsPerSecond: 0 } : await loadRequests(bench, sample.points, N, (l) => console.log(l));
    console.log(bench.reused ? `reusing ${bench.location}` : `loaded in ${load.seconds.toFixed(1)} s`);
    const { db } = bench.deps;
    const { key } = await createApiKey(bench.deps, { name: 'bench', scopes: ['open311:write'], rateLimitPerMinute: 100_000 }, { actor: { kind: 'system', label: 'bench' } });
    // Ids to read: 10,000 public requests drawn at random.
    const { rows: idRows } = await sql<{ t: string }>`
      SELECT sr.tracking_number AS t FROM service_requests sr JOIN services s ON s.id = sr.service_id
       WHERE NOT sr.confidential AND NOT s.confidential ORDER BY random() LIMIT 10000`.execute(db);
    const ids = idRows.map((r) => r.t);
    // The busiest public service of the default jurisdiction, for the filtered page.
    const { rows: top } = await sql<{ code: string; n: number }>`
      SELECT s.service_code AS code, count(*)::int AS n FROM service_requests sr JOIN services s ON s.id = sr.service_id
       WHERE NOT s.confidential AND sr.created_at >= now() - interval '90 days' AND sr.status IN ('new','acknowledged','in_progress','on_hold','reopened')
       GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db);
    const busiest = top[0]?.code ?? 'unknown';
    // A service without required questions for POSTs, with points from the sample.
    const jurisdiction = (await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE is_default`.execute(db)).rows[0]!.id;
    const candidates = (await listServices(bench.deps, jurisdiction)).filter((s) => s.active && s.handling === 'intake' && !s.confidential);
    let postCode = '';
    for (const s of candidates) {
      const full = await getService(bench.deps, jurisdiction, s.code);
      if (!full.attributes.some((a) => a.required && a.variable)) { postCode = s.code; break; }
    }
    await bench.handle.close();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'silent', FRONTDOOR_WORKER: 'off', DATABASE_POOL_SIZE: args.pool,
    };
    if (engine === 'postgres') env.DATABASE_URL = `${args.url}?options=${encodeURIComponent(`-c search_path=${bench.location},public`)}`;
    else { delete env.DATABASE_URL; env.FRONTDOOR_DATA_DIR = bench.location; }
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    await waitReady(child);
    console.log(`server ready; busiest service ${busiest}; POSTs to ${postCode}`);

    const random = seededRandom(311);
    // Warm-up: the catalog cache, connections, JIT.
    await cannon({ url: BASE, connections: 8, duration: 3, requests: [{ setupRequest: (r) => ({ ...r, path: `/open311/v2/requests/${pick(ids, random)}.json` }) }] });

    const loadBefore: Record<string, number> = { id: load1() };
    const byId = !runs.has('id') ? null : await cannon({
      url: BASE, connections: 64, duration: SECONDS,
      requests: [{ setupRequest: (r) => ({ ...r, path: `/open311/v2/requests/${pick(ids, random)}.json` }) }],
    });
    if (byId) console.log(`GET requests/{id} (load average before: ${loadBefore.id})`, summarize(byId));

    // Filtered page of 100: the busiest service, open, inside a random 2 km box in the city.
    const pagePath = () => {
      const lon = -122.74 + random() * 0.2;
      const lat = 45.48 + random() * 0.1;
      return `/open311/v2/requests.json?service_code=${busiest}&status=open&page_size=100&bbox=${lon.toFixed(4)},${lat.toFixed(4)},${(lon + 0.026).toFixed(4)},${(lat + 0.018).toFixed(4)}`;
    };
    const plainPage = `/open311/v2/requests.json?service_code=${busiest}&status=open&page_size=100`;
    const pageRun = async (path: () => string, connections: number) => {
      const samples: number[] = [];
      const t0 = Date.now();
      let sizes = 0;
      let count = 0;
      await Promise.all(Array.from({ length: connections }, async () => {
        while (Date.now() - t0 < SECONDS * 1000) {
          const s = process.hrtime.bigint();
          const res = await fetch(`http://127.0.0.1:${PORT}${path()}`);
          const body = (await res.json()) as unknown[];
          samples.push(Number(process.hrtime.bigint() - s) / 1e6);
          if (!res.ok) throw new Error(`page: ${res.status}`);
          sizes += body.length;
          count++;
        }
      }));
      return { perSecond: Math.round(count / ((Date.now() - t0) / 1000)), meanRows: Math.round(sizes / count), latencyMs: latencyStats(samples) };
    };
    // One client at a time (the latency a client sees), then eight at once (throughput under load).
    loadBefore.page = load1();
    const filteredBbox1 = runs.has('page') ? await pageRun(pagePath, 1) : null;
    console.log('GET requests (service+open+bbox, page 100), 1 connection', filteredBbox1);
    const filteredPlain1 = runs.has('page') ? await pageRun(() => plainPage, 1) : null;
    console.log('GET requests (service+open, page 100), 1 connection', filteredPlain1);
    const filteredBbox = runs.has('page') ? await pageRun(pagePath, 8) : null;
    console.log('GET requests (service+open+bbox, page 100)', filteredBbox);
    const filteredPlain = runs.has('page') ? await pageRun(() => plainPage, 8) : null;
    console.log('GET requests (service+open, page 100)', filteredPlain);

    const lats = sample.points.filter((p) => p.serviceCode).map((p) => [p.lat, p.lon] as const);
    let n = 0;
    loadBefore.post = load1();
    const posts = !runs.has('post') ? null : await cannon({
      url: BASE, connections: 16, duration: SECONDS,
      requests: [{
        method: 'POST',
        setupRequest: (r) => {
          const [lat, lon] = lats[n++ % lats.length]!;
          const body = new URLSearchParams({ api_key: key, service_code: postCode, lat: String(lat), long: String(lon), description: `Bench report ${n}`, email: `bench${n}@example.org` }).toString();
          return { ...r, path: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
        },
      }],
    });
    if (posts) console.log('POST requests', summarize(posts));

    result = {
      engine, requests: N, loadAverageBefore: loadBefore, started: started.toISOString(), cores: cpus().length, cpu: cpus()[0]?.model, node: process.version,
      load: { seconds: load.seconds, rowsPerSecond: Math.round(load.rowsPerSecond) },
      getById: byId && { connections: 64, ...summarize(byId) },
      filteredPage: { service: busiest, oneConnection: { bbox: filteredBbox1, noBbox: filteredPlain1 }, eightConnections: { bbox: filteredBbox, noBbox: filteredPlain } },
      post: posts && { connections: 16, service: postCode, ...summarize(posts) },
    };
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    if (keep) {
      console.log(`kept ${bench.location}`);
    } else if (engine === 'postgres') {
      const { openDatabase } = await import('../src/db/client.ts');
      const admin = await openDatabase({ databaseUrl: args.url, poolSize: 1 });
      await sql.raw(`DROP SCHEMA IF EXISTS ${bench.location} CASCADE`).execute(admin.db);
      await admin.close();
      console.log(`dropped schema ${bench.location}`);
    } else {
      const { rmSync } = await import('node:fs');
      rmSync(bench.location, { recursive: true, force: true });
      console.log(`removed ${bench.location}`);
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}open311-${engine}-${started.toISOString().replace(/[-:.]/g, '').slice(0, 15)}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`results in ${file}`);
}

await main();
process.exit(0); // the bench database helper keeps an admin connection open
