import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { createUser } from '../src/modules/identity/index.ts';
import type { BenchDb } from './load.ts';
import { latencyStats, msSince, type LatencyStats } from './stats.ts';

/**
 * The bureau work queue's list, measured through the HTTP layer (app.inject: routing, session,
 * validation, SQL, presenting): a bureau staff member's default queue (own department, open
 * requests, soonest due first, 50 a page), the next pages by cursor, and the other common views.
 */

export interface QueueOptions {
  /** Timed calls per case, after `warmup` untimed ones. */
  calls: number;
  warmup: number;
  deadline: number;
}

export interface QueueCase extends LatencyStats {
  name: string;
  url: string;
  /** Requests matched by the first page's count. */
  total: number;
}

export interface QueueReport {
  department: string;
  departmentOpen: number;
  cases: QueueCase[];
}

const OPEN = 'new,acknowledged,in_progress,on_hold,reopened';

/** Signs in a new bureau staff member of `department` (or a supervisor) through the API; the headers to send. */
async function session(app: Awaited<ReturnType<typeof buildApp>>, bench: BenchDb, roles: string[], departments: string[]): Promise<Record<string, string>> {
  const password = randomBytes(18).toString('base64url');
  const email = `bench-${roles[0]}-${Date.now()}-${randomBytes(3).toString('hex')}@bench.example`;
  await createUser(bench.deps, { email, name: `Bench ${roles[0]}`, roles, departments, password }, { actor: { kind: 'system', label: 'queue bench' } });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`bench sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'frontdoor_session');
  return { cookie: `frontdoor_session=${cookie?.value}` };
}

/** Runs the queue list cases; the department is the one with the most open requests. */
export async function runQueueBench(bench: BenchDb, o: QueueOptions, log: (line: string) => void = console.log): Promise<QueueReport> {
  const { rows } = await sql<{ department_id: string; n: number }>`
    SELECT department_id, count(*)::int AS n FROM service_requests WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened')
     GROUP BY department_id ORDER BY n DESC LIMIT 1`.execute(bench.deps.db);
  const busiest = rows[0];
  if (!busiest) throw new Error('no open requests loaded');
  log(`queue: department ${busiest.department_id} with ${busiest.n.toLocaleString('en-US')} open requests`);
  // A bulk load leaves the visibility map unset; autovacuum sets it on a live system. Without it the
  // open-request counts (index-only scans) would read the heap, which production does not do.
  const vacuumStart = process.hrtime.bigint();
  await sql`VACUUM (ANALYZE) service_requests`.execute(bench.deps.db);
  log(`  VACUUM (ANALYZE) service_requests: ${(msSince(vacuumStart) / 1000).toFixed(1)} s`);
  const app = await buildApp({ deps: bench.deps, handle: bench.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
  try {
    const staff = await session(app, bench, ['bureau_staff'], [busiest.department_id]);
    const supervisor = await session(app, bench, ['supervisor'], []);
    const get = async (url: string, headers: Record<string, string>) => {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json() as { total?: number; nextCursor?: string | null };
    };
    const first = `/api/v1/queue/requests?status=${OPEN}&sort=due&limit=50`;
    // Cursors of pages 2..6 of the default queue, to time deeper pages too.
    const cursors: string[] = [];
    let cursor = (await get(first, staff)).nextCursor;
    while (cursor && cursors.length < 5) {
      cursors.push(cursor);
      cursor = (await get(`${first}&cursor=${encodeURIComponent(cursor)}`, staff)).nextCursor;
    }
    const cases: Array<{ name: string; urls: string[]; headers: Record<string, string> }> = [
      { name: 'bureau queue: own department, open, due first, 50', urls: [first], headers: staff },
      { name: 'bureau queue: pages 2-6 by cursor', urls: cursors.map((c) => `${first}&cursor=${encodeURIComponent(c)}`), headers: staff },
      { name: 'supervisor: department filter, open, due first, 50', urls: [`/api/v1/queue/requests?department=${busiest.department_id}&status=${OPEN}&sort=due&limit=50`], headers: supervisor },
      { name: 'bureau queue: unassigned, overdue, due first', urls: [`${first}&assignee=none&overdue=true`], headers: staff },
      { name: 'bureau queue: all statuses, newest first', urls: ['/api/v1/queue/requests?sort=-created&limit=50'], headers: staff },
      { name: 'queue summary (bureau)', urls: ['/api/v1/queue/summary'], headers: staff },
      { name: 'supervisor overview', urls: ['/api/v1/supervision/overview'], headers: supervisor },
    ];
    const report: QueueCase[] = [];
    for (const c of cases) {
      if (!c.urls.length || Date.now() > o.deadline) continue;
      const total = (await get(c.urls[0] as string, c.headers)).total ?? 0;
      for (let i = 0; i < o.warmup; i++) await get(c.urls[i % c.urls.length] as string, c.headers);
      const samples: number[] = [];
      for (let i = 0; i < o.calls && Date.now() < o.deadline; i++) {
        const start = process.hrtime.bigint();
        await get(c.urls[i % c.urls.length] as string, c.headers);
        samples.push(msSince(start));
      }
      const stats = latencyStats(samples);
      report.push({ name: c.name, url: c.urls[0] as string, total, ...stats });
      log(`  ${c.name}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms (${stats.count} calls; ${total.toLocaleString('en-US')} matching)`);
    }
    return { department: busiest.department_id, departmentOpen: busiest.n, cases: report };
  } finally {
    await app.close();
  }
}

/** The report as a Markdown table for bench/README.md. */
export function formatQueueReport(engine: string, requests: number, r: QueueReport): string {
  const lines = [`Queue list on ${engine}, ${requests.toLocaleString('en-US')} requests (department ${r.department}: ${r.departmentOpen.toLocaleString('en-US')} open)`, '', '| case | matching | p50 ms | p95 ms | p99 ms |', '|---|---:|---:|---:|---:|'];
  for (const c of r.cases) lines.push(`| ${c.name} | ${c.total.toLocaleString('en-US')} | ${c.p50} | ${c.p95} | ${c.p99} |`);
  return lines.join('\n');
}
