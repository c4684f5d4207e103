/**
 * Search benchmark: the demo city (catalog, seed articles, synonyms), the whole Miami 211 directory
 * and 10,000 knowledge-base articles (the seed articles plus generated variants), then concurrent
 * clients issuing a realistic mix of queries — plain, misspelt, plural, phone-style, Spanish,
 * directory topics — through `search()`, the function the API calls.
 *
 *   node --import tsx bench/search.ts --db postgres            # a bench_<timestamp> schema, dropped afterwards
 *   node --import tsx bench/search.ts --db pglite --queries 2000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { importDirectory } from '../src/modules/directory/index.ts';
import { MIAMI_ZIP } from '../src/modules/directory/test-helpers.ts';
import { searchQuerySchema } from '../src/modules/search/schemas.ts';
import { search } from '../src/modules/search/service.ts';
import { openBenchDb, type BenchDb, type Engine } from './load.ts';
import { SEARCH_QUERIES } from './search-queries.ts';
import { latencyStats, msSince, pick, runConcurrent, seededRandom } from './stats.ts';

const HELP = `Search benchmark

usage: node --import tsx bench/search.ts [options]

  --db postgres|pglite   engine (default postgres)
  --url URL              PostgreSQL server, local only (default $DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --articles N           knowledge-base articles in total, seed ones included (default 10000)
  --queries N            timed searches (default 5000), after --warmup (default 300)
  --concurrency N        concurrent clients (default 16)
  --pool N               PostgreSQL pool size (default 16)
  --keep                 keep the schema / data directory
  --max-minutes N        stop starting searches after N minutes (default 20)`;

const NEIGHBORHOODS = ['Alberta Arts', 'Brooklyn', 'Buckman', 'Cully', 'Foster-Powell', 'Hollywood', 'Kenton', 'Lents', 'Montavilla', 'Mt. Tabor', 'Overlook', 'Pearl District', 'Powellhurst-Gilbert', 'Richmond', 'Sellwood', 'St. Johns', 'Sunnyside', 'Woodstock', 'Hazelwood', 'Goose Hollow'];

/** Adds generated variants of the published seed articles until there are `total` articles. */
async function loadArticleVariants(bench: BenchDb, total: number, random: () => number): Promise<{ inserted: number; seconds: number }> {
  const db = bench.deps.db;
  const seeds = await db.selectFrom('kb_articles').select(['slug', 'locale', 'audience', 'title', 'summary', 'body', 'tags', 'owner_department_id']).where('status', '=', 'published').execute();
  const sentences = seeds.flatMap((a) => a.body.split(/(?<=[.!?])\s+/).filter((s) => s.length > 30 && s.length < 300));
  const missing = total - (await db.selectFrom('kb_articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const start = process.hrtime.bigint();
  for (let done = 0; done < missing; ) {
    const batch = Array.from({ length: Math.min(500, missing - done) }, (_, k) => {
      const i = done + k;
      const base = seeds[i % seeds.length];
      if (!base) throw new Error('no seed articles to vary');
      const place = NEIGHBORHOODS[Math.floor(i / seeds.length) % NEIGHBORHOODS.length] as string;
      const extra = Array.from({ length: 4 }, () => pick(sentences, random)).join(' ');
      return {
        slug: `${base.slug}-v${i}`.slice(0, 120),
        locale: base.locale,
        audience: base.audience,
        status: 'published' as const,
        title: `${base.title} (${place})`.slice(0, 200),
        summary: base.summary,
        body: `${base.body}\n\n## In ${place}\n\n${extra}`,
        tags: [...base.tags, place.toLowerCase()],
        owner_department_id: base.owner_department_id,
      };
    });
    await db.insertInto('kb_articles').values(batch).execute();
    done += batch.length;
  }
  return { inserted: Math.max(0, missing), seconds: msSince(start) / 1000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'postgres' },
      url: { type: 'string' },
      articles: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '5000' },
      warmup: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '16' },
      pool: { type: 'string', default: '16' },
      keep: { type: 'boolean', default: false },
      'max-minutes': { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return console.log(HELP);
  if (values.db !== 'postgres' && values.db !== 'pglite') throw new Error(`--db must be postgres or pglite, got ${values.db}`);
  const engine: Engine = values.db;
  const [articles, queries, warmup, concurrency, pool, maxMinutes] = [values.articles, values.queries, values.warmup, values.concurrency, values.pool, values['max-minutes']].map(Number) as number[];
  const deadline = Date.now() + (maxMinutes as number) * 60_000;
  setTimeout(() => {
    console.error('time limit passed by 5 minutes; exiting');
    process.exit(3);
  }, ((maxMinutes as number) + 5) * 60_000).unref();

  const t0 = process.hrtime.bigint();
  const bench = await openBenchDb({
    engine,
    databaseUrl: values.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    poolSize: engine === 'pglite' ? 1 : (pool as number),
    keep: values.keep,
  });
  try {
    const seeded = msSince(t0) / 1000;
    console.log(`${engine}: ${bench.location}; migrated and seeded the demo city in ${seeded.toFixed(1)} s`);
    const d0 = process.hrtime.bigint();
    const directory = await importDirectory(bench.deps, MIAMI_ZIP);
    const directorySeconds = msSince(d0) / 1000;
    console.log(`  Miami 211 directory: ${directory.entities.services?.inserted ?? 0} services in ${directorySeconds.toFixed(1)} s (search index kept by triggers)`);
    const random = seededRandom(311);
    const variants = await loadArticleVariants(bench, articles as number, random);
    console.log(`  articles: ${variants.inserted} generated variants in ${variants.seconds.toFixed(1)} s`);
    await sql`ANALYZE`.execute(bench.deps.db);
    const counts = await bench.deps.db.selectFrom('search_documents').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const vocabulary = (await bench.deps.db.selectFrom('search_vocabulary').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    console.log(`  index: ${counts.map((c) => `${c.n} ${c.kind}`).join(', ')}; vocabulary ${vocabulary} words`);

    const inputs = SEARCH_QUERIES.map(([q, locale]) => searchQuerySchema.parse({ q, locale }));
    const draw = seededRandom(4242);
    // Uncached: every search computed (a stream of distinct queries). Cached: the production path,
    // where a search answered since the index last changed is reused (the mix repeats, as real traffic does).
    const client = (cache: boolean) => async (): Promise<void> => {
      await search(bench.deps, pick(inputs, draw), { staff: draw() < 0.2 }, { cache });
    };
    await runConcurrent(warmup as number, concurrency as number, client(false), deadline);
    // One client alone: the cost of a search without queueing.
    const serial = await runConcurrent(Math.min(1000, queries as number), 1, client(false), deadline);
    const concurrent = await runConcurrent(queries as number, concurrency as number, client(false), deadline);
    await runConcurrent(warmup as number, concurrency as number, client(true), deadline);
    const serialCached = await runConcurrent(Math.min(1000, queries as number), 1, client(true), deadline);
    const concurrentCached = await runConcurrent(queries as number, concurrency as number, client(true), deadline);
    // Each query of the mix once, alone, to find the slow ones.
    const perQuery: Array<{ q: string; locale: string; ms: number; total: number }> = [];
    for (const input of inputs) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 3; i++) {
        const s = process.hrtime.bigint();
        total = (await search(bench.deps, input, { staff: false }, { cache: false })).total;
        times.push(msSince(s));
      }
      perQuery.push({ q: input.q, locale: input.locale, ms: latencyStats(times).p50, total });
    }
    perQuery.sort((a, b) => b.ms - a.ms);
    const row = (name: string, r: typeof serial) =>
      `| ${name} | ${r.latency.count} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${r.latency.max} | ${Math.round(r.perSecond)} | ${r.errors} |`;
    // The machine may be shared: the load average says how much of it the benchmark had.
    const load = loadavg().map((l) => Math.round(l * 10) / 10);
    console.log(`\n${engine}: ${counts.reduce((n, c) => n + c.n, 0)} documents; load average ${load.join(' ')} on ${cpus().length} cores\n`);
    console.log('| clients | searches | p50 ms | p95 ms | p99 ms | max ms | searches/s | errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(row('1, uncached', serial));
    console.log(row(`${concurrency}, uncached`, concurrent));
    console.log(row('1, result cache', serialCached));
    console.log(row(`${concurrency}, result cache`, concurrentCached));
    const firstError = concurrent.firstError ?? concurrentCached.firstError;
    if (firstError) console.log(`first error: ${firstError}`);
    console.log(`\nslowest queries alone (median of 3): ${perQuery.slice(0, 6).map((p) => `${p.q} [${p.locale}] ${p.ms} ms (${p.total} hits)`).join('; ')}`);
    const results = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(results, { recursive: true });
    const file = `${results}search-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    const { rows } = await sql<{ v: string }>`SELECT version() AS v`.execute(bench.deps.db);
    writeFileSync(
      file,
      `${JSON.stringify({ engine, date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadAverage: load, node: process.version, database: rows[0]?.v }, counts, vocabulary, seeded, directorySeconds, variants, options: { articles, queries, warmup, concurrency, pool }, serial, concurrent, serialCached, concurrentCached, perQuery }, null, 2)}\n`,
    );
    console.log(`results: ${file}`);
  } finally {
    await bench.close();
    console.log(`total ${(msSince(t0) / 1000).toFixed(0)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
