/**
 * Emergency-notice fan-out: how long publishing a notice takes until every subscriber's message
 * is queued (outbox rows and their delivery jobs, committed), with 100,000 confirmed subscribers
 * whose areas meet the notice's.
 *
 *   node --import tsx bench/alerts.ts --db postgres --subscribers 100000
 *   node --import tsx bench/alerts.ts --db pglite   --subscribers 100000
 *
 * A fresh database with the demo city gets N confirmed subscriptions (60 % e-mail, 40 % SMS, the
 * five languages, areas: 80 % a 200–1,000 m box around a point in the city, 20 % a council
 * district), plus 5 % unconfirmed and 5 % unsubscribed ones that must not be queued. Then the real
 * `createNotice(…, publish: true)` runs for a drawn area covering the whole city (every subscriber
 * matches), and again for one district. The schema or PGlite directory is dropped at the end.
 * Results go to bench/results/alerts-<engine>-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createNotice } from '../src/modules/alerts/index.ts';
import { openBenchDb, type Engine } from './load.ts';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    subscribers: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = args.db as Engine;
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--db must be postgres or pglite');
const N = Number(args.subscribers.replace(/_/g, ''));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

const bench = await openBenchDb({ engine, databaseUrl: args.url, poolSize: 4, keep: args.keep });
const { db } = bench.deps;
const result: Record<string, unknown> = { engine, subscribers: N, at: new Date().toISOString() };
try {
  const districts = await db.selectFrom('districts').select(['id']).where('kind', '=', 'council_district').orderBy('id').execute();
  console.log(`${engine}: ${bench.location}; ${districts.length} council districts`);
  // N confirmed subscriptions, then 5 % unconfirmed and 5 % unsubscribed, in one statement each.
  const load = process.hrtime.bigint();
  const insert = (from: number, count: number, state: 'confirmed' | 'unconfirmed' | 'unsubscribed') => sql`
    WITH d AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, area FROM districts WHERE kind = 'council_district'),
    g AS (SELECT g, -122.76 + (g::bigint * 7919 % 100000) / 100000.0 * 0.26 AS lon, 45.47 + (g::bigint * 104729 % 100000) / 100000.0 * 0.13 AS lat,
                 (200 + g % 800) / 111000.0 AS r FROM generate_series(${from}::int, ${from + count - 1}::int) AS g)
    INSERT INTO alert_subscriptions (channel, address, locale, area_kind, district_id, area, notices, service_ids, confirm_token_hash, unsubscribe_token, confirmed_at, unsubscribed_at, created_at)
    SELECT CASE WHEN g % 5 < 3 THEN 'email' ELSE 'sms' END,
           CASE WHEN g % 5 < 3 THEN 'sub' || g || '@example.org' ELSE '+1503' || lpad(g::text, 7, '0') END,
           (ARRAY['en', 'es', 'vi', 'zh-Hant', 'ru'])[1 + g % 5],
           CASE WHEN g % 5 = 4 THEN 'district' ELSE 'point' END,
           CASE WHEN g % 5 = 4 THEN d.id END,
           CASE WHEN g % 5 = 4 THEN d.area ELSE polygon(box(point(lon - r * 1.43, lat - r), point(lon + r * 1.43, lat + r))) END,
           true, '{}', NULL, md5(g::text) || md5('u' || g::text),
           ${state === 'unconfirmed' ? null : new Date()}, ${state === 'unsubscribed' ? new Date() : null}, now()
      FROM g JOIN d ON d.k = g.g % (SELECT count(*) FROM d)`.execute(db);
  await insert(1, N, 'confirmed');
  await insert(N + 1, Math.round(N * 0.05), 'unconfirmed');
  await insert(N + 1 + Math.round(N * 0.05), Math.round(N * 0.05), 'unsubscribed');
  await sql`ANALYZE alert_subscriptions`.execute(db);
  result.loadSeconds = Math.round(seconds(load) * 10) / 10;
  console.log(`loaded ${N} confirmed subscriptions (+10 % that must not be queued) in ${result.loadSeconds} s`);

  const ctx = { actor: { kind: 'system' as const, label: 'bench' }, publicUrl: 'https://311.example.gov', createdBy: 'bench' };
  const notice = (area: object, title: string) => ({
    severity: 'extreme' as const, urgency: 'immediate' as const, certainty: 'observed' as const, category: 'Met' as const,
    event: { en: 'Ice storm', es: 'Tormenta de hielo' }, title: { en: title, es: title }, body: { en: 'Stay home. Roads are closed.', es: 'Quédese en casa.' },
    area: area as never, expiresAt: new Date(Date.now() + 86_400_000), publish: true,
  });
  const runs: Array<Record<string, unknown>> = [];
  const cityBox = { kind: 'polygon', coordinates: [[-122.9, 45.4], [-122.4, 45.4], [-122.4, 45.7], [-122.9, 45.7]], description: { en: 'Citywide' } };
  for (const [label, area] of [['whole city (drawn area)', cityBox], [`district ${districts[0]?.id}`, { kind: 'district', districtId: districts[0]?.id }]] as const) {
    const start = process.hrtime.bigint();
    const { notice: n, queued } = await createNotice(bench.deps, notice(area, `Bench ${label}`), ctx);
    const s = seconds(start);
    const rows = await db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('event_key', 'like', `notice:${n.id}:%`).executeTakeFirstOrThrow();
    const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE name = 'notifications.deliver' AND (payload->>'outboxId')::bigint IN (SELECT id FROM notification_outbox WHERE event_key LIKE ${`notice:${n.id}:%`})`.execute(db);
    const run = { label, seconds: Math.round(s * 1000) / 1000, queued, outboxRows: Number(rows.n), deliveryJobs: Number(jobs.rows[0]?.n), perSecond: Math.round((queued.email + queued.sms) / s) };
    runs.push(run);
    console.log(`${label}: ${queued.email} e-mails + ${queued.sms} texts queued in ${run.seconds} s (${run.perSecond}/s); outbox rows ${run.outboxRows}, delivery jobs ${run.deliveryJobs}`);
  }
  result.runs = runs;
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}alerts-${engine}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`results: ${file}`);
} finally {
  await bench.close();
}
