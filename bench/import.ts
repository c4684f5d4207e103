/**
 * History import benchmark: rows/s of `frontdoor import requests` into PostgreSQL (COPY into a
 * staging table, then one INSERT … SELECT per batch) and PGlite (batched inserts), with every index
 * of service_requests and request_events in place, from a large CSV derived from the real NYC
 * sample (fixtures/real/nyc311-sample.csv, repeated with fresh unique keys). Peak RSS is sampled
 * to show the import streams (it stays flat as the file grows).
 *
 *   node --import tsx bench/import.ts --db postgres --rows 1000000
 *   node --import tsx bench/import.ts --db pglite --rows 200000
 *   (--batch-size R: rows per transaction; --connections C: PostgreSQL connections writing at once)
 *
 * PostgreSQL: a schema `bench_import_<timestamp>` on --url (default postgres://postgres@127.0.0.1:5432/postgres),
 * dropped afterwards. PGlite: a temporary data directory, removed afterwards. The CSV goes to a
 * temporary directory and is removed too. Results are printed and written to bench/results/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { importRequests, type ImportSummary } from '../src/modules/history/index.ts';
import { seedImportCities, writeNycDerivedCsv } from '../src/modules/history/test-helpers.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '1000000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'batch-size': { type: 'string' },
    connections: { type: 'string' },
  },
});
const engine = values.db === 'pglite' ? 'pglite' : 'postgres';
const rows = Number(values.rows);
// Without --batch-size, the importer's default (5,000); without --connections, its default (2, PostgreSQL).
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
const connections = values.connections === undefined ? undefined : Number(values.connections);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
const url = values.url as string;
if (engine === 'postgres' && !['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('benchmarks only talk to this machine');

const work = mkdtempSync(join(tmpdir(), 'frontdoor-bench-import-'));
const file = join(work, `nyc-derived-${rows}.csv`);
let t0 = Date.now();
await writeNycDerivedCsv(file, rows);
const fileBytes = statSync(file).size;
console.log(`${rows.toLocaleString('en-US')} records, ${(fileBytes / 1e6).toFixed(1)} MB written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const schema = `bench_import_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
let admin: DbHandle | null = null;
let handle: DbHandle;
if (engine === 'postgres') {
  admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  // Every connection opened from here on (the importer's own included) carries this name, so the
  // CPU time of their server processes can be read (below).
  process.env.PGAPPNAME = schema;
  handle = await openDatabase({ databaseUrl: url, schema, poolSize: 2 });
} else {
  handle = await openDatabase({ dataDir: join(work, 'pglite') });
}

/**
 * CPU seconds of this benchmark's PostgreSQL server processes (Linux, a server on this machine):
 * per process id, the last value read from /proc, sampled while the import runs. With this process's
 * own CPU time it is the work a run costs, which a busy machine does not change as it changes the
 * wall-clock time: rows/s on two idle cores is at most 2 × rows / (the two summed).
 */
const serverCpu = new Map<number, number>();
async function sampleServerCpu(): Promise<void> {
  if (!admin) return;
  const { rows: pids } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE application_name = ${schema}`.execute(admin.db);
  for (const { pid } of pids) {
    try {
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      serverCpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    } catch {
      // not on this machine, or already gone
    }
  }
}
const serverCpuSeconds = (): number => [...serverCpu.values()].reduce((a, b) => a + b, 0);

/** Peak resident memory while `fn` runs, sampled every 100 ms, and the CPU time it took (this process, the server's). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; startRssMb: number; nodeCpuS: number; serverCpuS: number }> {
  const startRssMb = process.memoryUsage().rss / 1e6;
  let peak = startRssMb;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 1e6)), 100);
  let sampling = Promise.resolve();
  const cpuTimer = setInterval(() => (sampling = sampling.then(sampleServerCpu).catch(() => {})), 250);
  await sampleServerCpu();
  const server0 = serverCpuSeconds();
  const cpu0 = process.cpuUsage();
  try {
    const result = await fn();
    const cpu = process.cpuUsage(cpu0);
    clearInterval(cpuTimer);
    await sampling;
    await sampleServerCpu();
    const round = (v: number): number => Math.round(v * 10) / 10;
    return {
      result, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss / 1e6)), startRssMb: Math.round(startRssMb),
      nodeCpuS: round((cpu.user + cpu.system) / 1e6), serverCpuS: round(serverCpuSeconds() - server0),
    };
  } finally {
    clearInterval(timer);
    clearInterval(cpuTimer);
  }
}

const rate = (n: number, ms: number): number => Math.round(n / (ms / 1000));
const report = (label: string, s: ImportSummary, rss: { peakRssMb: number; startRssMb: number; nodeCpuS: number; serverCpuS: number }) => {
  const line = {
    run: label,
    engine,
    path: s.engine,
    records: s.read,
    imported: s.imported,
    duplicates: s.duplicates,
    skipped: s.skipped,
    seconds: Math.round(s.durationMs / 100) / 10,
    recordsPerSecond: rate(s.read, s.durationMs),
    importedPerSecond: rate(s.imported, s.durationMs),
    rssStartMb: rss.startRssMb,
    rssPeakMb: rss.peakRssMb,
    nodeCpuSeconds: rss.nodeCpuS,
    // PGlite runs in this process: its work is in nodeCpuSeconds.
    serverCpuSeconds: engine === 'postgres' ? rss.serverCpuS : null,
    cpuMicrosecondsPerRecord: Math.round(((rss.nodeCpuS + (engine === 'postgres' ? rss.serverCpuS : 0)) * 1e6) / s.read),
  };
  console.log(JSON.stringify(line));
  return line;
};

try {
  await migrate(handle);
  const deps = { db: handle.db, clock: systemClock };
  await seedImportCities(deps);
  const indexes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename IN ('service_requests', 'request_events') AND schemaname = current_schema()`.execute(handle.db);
  console.log(`${engine}: ${indexes.rows[0]?.n} indexes on service_requests and request_events`);
  const options = { format: 'nyc311' as const, jurisdictionId: 'nyc', batchSize, connections, databaseUrl: engine === 'postgres' ? url : undefined };

  t0 = Date.now();
  const first = await withPeakRss(() => importRequests(deps, file, options));
  const results = [report('first import', first.result, first)];
  const again = await withPeakRss(() => importRequests(deps, file, options));
  results.push(report('re-run (all duplicates)', again.result, again));
  const counted = await sql<{ n: number; e: number }>`SELECT (SELECT count(*) FROM service_requests)::int AS n, (SELECT count(*) FROM request_events)::int AS e`.execute(handle.db);
  console.log(`rows: ${counted.rows[0]?.n} requests, ${counted.rows[0]?.e} timeline entries`);
  // Tracking numbers without gaps: per year, as many requests as the highest number.
  const gaps = await sql<{ year: string; n: number; top: number }>`
    SELECT split_part(tracking_number, '-', 2) AS year, count(*)::int AS n, max(split_part(tracking_number, '-', 3)::int) AS top
      FROM service_requests WHERE source = 'nyc311' GROUP BY 1 HAVING count(*) <> max(split_part(tracking_number, '-', 3)::int)`.execute(handle.db);
  if (gaps.rows.length) throw new Error(`tracking numbers with gaps: ${JSON.stringify(gaps.rows)}`);
  console.log('tracking numbers: no gaps in any year');

  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `import-${engine}-${Date.now()}.json`), JSON.stringify({ engine, rows, fileBytes, batchSize: batchSize ?? null, connections: connections ?? null, results }, null, 2));
} finally {
  await handle.close();
  if (admin) {
    await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.db);
    await admin.close();
  }
  rmSync(work, { recursive: true, force: true });
}
