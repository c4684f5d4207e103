import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { createUser } from '../src/modules/identity/index.ts';
import type { BenchDb } from './load.ts';
import { latencyStats, msSince, pick, seededRandom, type LatencyStats } from './stats.ts';

/**
 * The agent desk's search-as-you-type (GET /api/v1/customers?q=) and a customer profile with its
 * history, measured through the HTTP layer (app.inject: routing, session, validation, SQL,
 * presenting) over N synthetic customers.
 *
 * The customers are **synthetic**: the real samples have no personal data (and must not). Names
 * are drawn from lists of common given names and surnames of the city's main language groups
 * (English, Spanish, Vietnamese, Chinese, Russian, Somali), with accents, so folding is exercised;
 * 90 % have a phone (1503 + 7 digits), 70 % an e-mail (given.surname.N@…), 40 % an address.
 */

const GIVEN = ['Maria', 'James', 'John', 'Mary', 'Robert', 'Linda', 'Michael', 'Jennifer', 'David', 'Elizabeth', 'José', 'Ana', 'Luis', 'Sofía', 'Carlos', 'Lucía', 'Juan', 'Guadalupe', 'Minh', 'Linh', 'Huong', 'Tuan', 'Thanh', 'Wei', 'Mei', 'Jun', 'Li', 'Olga', 'Ivan', 'Natalia', 'Dmitri', 'Svetlana', 'Amina', 'Abdi', 'Fatima', 'Hodan', 'Sarah', 'Daniel', 'Emily', 'Matthew', 'Ashley', 'Joshua', 'Jessica', 'Andrew', 'Rosa', 'Jorge', 'Élise', 'Zoë', 'Renée', 'Nikolai'];
const SURNAME = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernández', 'López', 'González', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Ivanov', 'Smirnova', 'Kuznetsov', 'Popova', 'Mohamed', 'Hassan', 'Ali', 'Abdullahi', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales'];

export interface DeskOptions {
  customers: number;
  calls: number;
  warmup: number;
  seed: number;
  deadline: number;
}

export interface DeskCase extends LatencyStats {
  name: string;
  /** Mean number of customers returned. */
  meanResults: number;
}

export interface DeskReport {
  customers: number;
  loadSeconds: number;
  cases: DeskCase[];
}

/** Bulk-inserts synthetic customers in one INSERT … SELECT per 50,000, folding names with unaccent. */
async function loadCustomers(bench: BenchDb, n: number, log: (line: string) => void): Promise<number> {
  const start = process.hrtime.bigint();
  const given = sql.val(GIVEN);
  const surname = sql.val(SURNAME);
  for (let from = 1; from <= n; from += 50_000) {
    const to = Math.min(n, from + 49_999);
    await sql`
      INSERT INTO customers (name, phones, emails, address, name_key, search_text, consent_to_contact, created_at, updated_at)
      SELECT v.name, v.phones, v.emails, v.address, v.name_key,
             trim(v.name_key || ' ' || array_to_string(v.phones, ' ') || ' ' || array_to_string(v.emails, ' ')), v.i % 3 = 0, now() - (v.i % 365) * interval '1 day', now()
        FROM (
          SELECT g.i, g.name,
                 lower(public.unaccent(g.name)) AS name_key,
                 CASE WHEN g.i % 10 <> 0 THEN ARRAY['1503' || lpad((abs(hashtext(g.i || 'p')) % 10000000)::text, 7, '0')] ELSE '{}'::text[] END AS phones,
                 CASE WHEN g.i % 10 < 7 THEN ARRAY[lower(public.unaccent(replace(g.name, ' ', '.'))) || '.' || g.i || '@example.org'] ELSE '{}'::text[] END AS emails,
                 CASE WHEN g.i % 5 < 2 THEN (100 + g.i % 9900) || ' SE Division St' ELSE NULL END AS address
            FROM (SELECT i, (${given}::text[])[1 + abs(hashtext(i || 'g')) % ${GIVEN.length}] || ' ' || (${surname}::text[])[1 + abs(hashtext(i || 's')) % ${SURNAME.length}] AS name
                    FROM generate_series(${from}::int, ${to}::int) AS i) g) v`.execute(bench.deps.db);
    log(`  customers: ${to.toLocaleString('en-US')}`);
  }
  await sql`ANALYZE customers`.execute(bench.deps.db);
  return msSince(start) / 1000;
}

/** Loads the customers, then times each kind of query the desk's lookup sends. */
export async function runDeskBench(bench: BenchDb, o: DeskOptions, log: (line: string) => void = console.log): Promise<DeskReport> {
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM customers`.execute(bench.deps.db);
  const have = existing.rows[0]?.n ?? 0;
  let loadSeconds = 0;
  if (have < o.customers) {
    log(`loading ${(o.customers - have).toLocaleString('en-US')} synthetic customers`);
    loadSeconds = await loadCustomers(bench, o.customers - have, log);
  }
  const app = await buildApp({ deps: bench.deps, handle: bench.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
  try {
    const password = randomBytes(18).toString('base64url');
    const email = `bench-agent-${Date.now()}@bench.example`;
    await createUser(bench.deps, { email, name: 'Bench agent', roles: ['agent'], password }, { actor: { kind: 'system', label: 'desk bench' } });
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
    if (signIn.statusCode !== 200) throw new Error(`bench sign-in failed: ${signIn.statusCode}`);
    const headers = { cookie: `frontdoor_session=${signIn.cookies.find((c) => c.name === 'frontdoor_session')?.value}` };
    const random = seededRandom(o.seed);
    const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    const given = () => fold(pick(GIVEN, random));
    const surname = () => fold(pick(SURNAME, random));
    const digits = () => String(Math.floor(random() * 10_000_000)).padStart(7, '0');
    const ids = (await sql<{ id: number }>`SELECT id FROM customers ORDER BY id DESC LIMIT 1000`.execute(bench.deps.db)).rows.map((r) => r.id);
    const cases: Array<{ name: string; url: () => string }> = [
      { name: 'name, 2 letters (prefix)', url: () => `/api/v1/customers?q=${encodeURIComponent(given().slice(0, 2))}` },
      { name: 'name, 3-4 letters', url: () => `/api/v1/customers?q=${encodeURIComponent(given().slice(0, 3 + Math.floor(random() * 2)))}` },
      { name: 'surname, 4-6 letters', url: () => `/api/v1/customers?q=${encodeURIComponent(surname().slice(0, 4 + Math.floor(random() * 3)))}` },
      { name: 'given name and surname', url: () => `/api/v1/customers?q=${encodeURIComponent(`${given()} ${surname()}`)}` },
      { name: 'phone, 4-7 digits', url: () => `/api/v1/customers?q=${digits().slice(0, 4 + Math.floor(random() * 4))}` },
      { name: 'phone, whole number', url: () => `/api/v1/customers?q=${encodeURIComponent(`(503) ${digits().replace(/^(\d{3})(\d{4})$/, '$1-$2')}`)}` },
      { name: 'e-mail, start', url: () => `/api/v1/customers?q=${encodeURIComponent(`${given()}.${surname().slice(0, 3)}`)}` },
      { name: 'profile with history', url: () => `/api/v1/customers/${pick(ids, random)}` },
    ];
    const report: DeskCase[] = [];
    for (const c of cases) {
      const samples: number[] = [];
      let results = 0;
      for (let i = 0; i < o.warmup + o.calls && Date.now() < o.deadline; i++) {
        const url = c.url();
        const start = process.hrtime.bigint();
        const res = await app.inject({ url, headers });
        const ms = msSince(start);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (i >= o.warmup) {
          samples.push(ms);
          const body = res.json() as { customers?: unknown[]; contacts?: unknown[] };
          results += body.customers?.length ?? 1;
        }
      }
      const stats = latencyStats(samples);
      report.push({ name: c.name, ...stats, meanResults: Math.round((results / (samples.length || 1)) * 10) / 10 });
      log(`  ${c.name}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms`);
    }
    return { customers: Math.max(have, o.customers), loadSeconds, cases: report };
  } finally {
    await app.close();
  }
}

/** The report as a table. */
export function formatDeskReport(engine: string, requests: number, r: DeskReport): string {
  const lines = [
    `agent desk on ${engine}: ${r.customers.toLocaleString('en-US')} customers, ${requests.toLocaleString('en-US')} requests${r.loadSeconds ? `; customers loaded in ${r.loadSeconds.toFixed(1)} s` : ''}`,
    '| case | p50 ms | p95 ms | p99 ms | max ms | calls | mean results |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.cases.map((c) => `| ${c.name} | ${c.p50} | ${c.p95} | ${c.p99} | ${c.max} | ${c.count} | ${c.meanResults} |`),
  ];
  return lines.join('\n');
}
