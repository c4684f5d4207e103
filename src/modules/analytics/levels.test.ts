import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { splitPeriod } from './levels.ts';
import { quantileFromBins, exactQuantile } from './quantiles.ts';
import * as repo from './repository.ts';
import { rebuildRollups, refreshRollups } from './rollup.ts';

/**
 * The day and month levels: figures read across level boundaries (a period starting mid-day, the
 * days clocks change, month edges) match the raw rows, and a backdated change reaches its day and
 * month. Testville is in America/Los_Angeles.
 */

const t = await openTestDatabase();
await seedTestville(t.deps);
const { deps } = t;
const TZ = 'America/Los_Angeles';
const local = (s: string) => DateTime.fromISO(s, { zone: TZ }).toJSDate();

/** Requests at chosen local times: [created, hours to resolution (null = open), district, channel, service]. */
const ROWS: [string, number | null, string, string, string][] = [];
const services = ['POTHOLE', 'STREETLIGHT', 'GRAFFITI'];
const stamps = [
  // month edges (February → March, March → April, the year's turn)
  '2025-12-31T23:30', '2026-01-01T00:10', '2026-02-28T23:59', '2026-03-01T00:00', '2026-03-31T23:40', '2026-04-01T00:20',
  // the spring-forward day (8 March 2026: 02:00 → 03:00) and the fall-back day (1 November 2026: 02:00 → 01:00)
  '2026-03-07T23:50', '2026-03-08T00:30', '2026-03-08T01:59', '2026-03-08T03:00', '2026-03-08T23:59', '2026-03-09T00:00',
  '2026-10-31T23:55', '2026-11-01T00:30', '2026-11-01T01:30', '2026-11-01T23:30', '2026-11-02T00:05',
  // mid-day, several per day
  '2026-01-15T09:00', '2026-01-15T13:30', '2026-01-15T17:45', '2026-02-10T12:00', '2026-05-20T11:11', '2026-06-30T22:00',
];
for (const [i, s] of stamps.entries()) ROWS.push([s, i % 4 === 3 ? null : 1 + i * 7, i % 2 ? 'east' : 'west', i % 3 ? 'web' : 'phone', services[i % 3]!]);

async function insert(rows: typeof ROWS, prefix: string): Promise<void> {
  const data = rows.map(([created, hours, district, channel, service], i) => {
    const c = local(created);
    return { ord: i + 1, created: c.toISOString(), resolved: hours === null ? null : new Date(c.getTime() + hours * 3_600_000).toISOString(), district, channel, service };
  });
  await sql`INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id,
      created_at, updated_at, first_response_at, resolved_at, closed_at, due_at)
    SELECT ${prefix} || '-' || x.ord, 'testville', s.id, CASE WHEN x.resolved IS NULL THEN 'new' ELSE 'resolved' END, 'normal', x.channel, s.department_id, x.district,
      x.created, x.created, x.created + interval '20 minutes', x.resolved, x.resolved, x.created + interval '30 hours'
    FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS x(ord int, created timestamptz, resolved timestamptz, district text, channel text, service text)
    JOIN services s ON s.jurisdiction_id = 'testville' AND s.service_code = x.service`.execute(deps.db);
}

interface Raw {
  service_code: string;
  district_id: string | null;
  channel: string;
  created_at: Date;
  closed_at: Date | null;
  resolved_at: Date | null;
  due_at: Date | null;
}
const raw = async () =>
  (
    await sql<Raw>`SELECT s.service_code, r.district_id, r.channel, r.created_at, r.closed_at, r.resolved_at, r.due_at
      FROM service_requests r JOIN services s ON s.id = r.service_id`.execute(deps.db)
  ).rows;

type By = 'day' | 'week' | 'service' | 'district' | 'channel' | null;
function keyOf(r: Raw, by: By, at: Date): string {
  switch (by) {
    case 'day':
      return DateTime.fromJSDate(at, { zone: TZ }).toISODate() ?? '';
    case 'week':
      return DateTime.fromJSDate(at, { zone: TZ }).startOf('week').toISODate() ?? '';
    case 'service':
      return r.service_code;
    case 'district':
      return r.district_id ?? '';
    case 'channel':
      return r.channel;
    default:
      return 'all';
  }
}

/** Compares opened, closed, SLA counts, resolution quantiles and the backlog with the raw rows. */
async function compare(from: Date, to: Date, by: By, label: string, filter: { district?: string; channel?: string } = {}): Promise<void> {
  const scope: repo.Scope = { from, to, timeZone: TZ, ...filter };
  const rows = (await raw()).filter((r) => (!filter.district || r.district_id === filter.district) && (!filter.channel || r.channel === filter.channel));
  const inside = (d: Date | null): d is Date => d !== null && d >= from && d < to;
  const expect = new Map<string, { opened: number; closed: number; met: number; resolution: number[] }>();
  const cell = (k: string) => expect.get(k) ?? (expect.set(k, { opened: 0, closed: 0, met: 0, resolution: [] }), expect.get(k)!);
  for (const r of rows) {
    if (inside(r.created_at)) cell(keyOf(r, by, r.created_at)).opened++;
    if (inside(r.closed_at)) cell(keyOf(r, by, r.closed_at)).closed++;
    if (inside(r.resolved_at)) {
      const c = cell(keyOf(r, by, r.resolved_at));
      c.resolution.push(Math.max(0, (r.resolved_at.getTime() - r.created_at.getTime()) / 1000));
      if (r.due_at && r.resolved_at <= r.due_at) c.met++;
    }
  }
  const sums = await repo.requestSums(deps.db, scope, by);
  const bins = await repo.durationBins(deps.db, scope, by);
  const got = new Map(sums.map((r) => [r.key, r]));
  for (const k of new Set([...expect.keys(), ...got.keys()])) {
    const e = expect.get(k) ?? { opened: 0, closed: 0, met: 0, resolution: [] };
    const g = got.get(k);
    assert.equal(g?.opened ?? 0, e.opened, `${label} [${k}]: opened`);
    assert.equal(g?.closed ?? 0, e.closed, `${label} [${k}]: closed`);
    assert.equal(g?.sla_met ?? 0, e.met, `${label} [${k}]: SLA met`);
    const median = quantileFromBins(bins.get(k)?.resolution ?? new Map(), 0.5);
    const exact = exactQuantile(e.resolution, 0.5);
    if (exact === null) assert.equal(median, null, `${label} [${k}]: no resolutions`);
    else assert.ok(median !== null && Math.abs(median - exact) <= Math.max(0.05 * exact, 1.05), `${label} [${k}]: median ${median} vs exact ${exact}`);
  }
  if (by === null || by === 'service' || by === 'district' || by === 'channel') {
    const b = await repo.backlog(deps.db, scope, by);
    const open = new Map<string, number>();
    for (const r of rows) if (r.created_at < to && (r.closed_at === null || r.closed_at >= to)) open.set(keyOf(r, by, to), (open.get(keyOf(r, by, to)) ?? 0) + 1);
    for (const k of new Set([...open.keys(), ...b.keys()])) assert.equal(b.get(k) ?? 0, open.get(k) ?? 0, `${label} [${k}]: backlog`);
  }
}

const PERIODS: [string, string, string][] = [
  ['2025-12-01T00:00', '2027-01-01T00:00', 'the whole span (months and edge days)'],
  ['2026-01-15T10:00', '2026-04-01T01:00', 'starting mid-day, ending an hour after a month edge'],
  ['2026-02-28T00:00', '2026-03-02T00:00', 'across a month edge (days only)'],
  ['2026-03-08T00:00', '2026-03-09T00:00', 'the spring-forward day'],
  ['2026-03-08T01:00', '2026-03-08T23:00', 'inside the spring-forward day (hours only)'],
  ['2026-11-01T00:00', '2026-11-02T00:00', 'the fall-back day'],
  ['2026-02-15T00:00', '2026-11-15T00:00', 'mid-month to mid-month over both clock changes'],
  ['2026-03-01T00:00', '2026-04-01T00:00', 'exactly one month'],
];

async function compareAll(label: string): Promise<void> {
  for (const [a, b, what] of PERIODS) {
    for (const by of [null, 'day', 'week', 'service', 'district', 'channel'] as const) await compare(local(a), local(b), by, `${label}, ${what}, by ${by}`);
    await compare(local(a), local(b), 'service', `${label}, ${what}, east only`, { district: 'east' });
    await compare(local(a), local(b), 'day', `${label}, ${what}, web only`, { channel: 'web' });
  }
}

test('a period splits into edge hours, local days and local months, across clock changes', () => {
  const p = splitPeriod(local('2026-01-15T10:00'), local('2026-04-01T01:00'), TZ, 'month');
  assert.deepEqual(p.hours.map(([a, b]) => [a.toISOString(), b.toISOString()]), [
    ['2026-01-15T18:00:00.000Z', '2026-01-16T08:00:00.000Z'],
    ['2026-04-01T07:00:00.000Z', '2026-04-01T08:00:00.000Z'],
  ]);
  assert.deepEqual(p.days, [['2026-01-16', '2026-02-01']]);
  assert.deepEqual(p.months, [['2026-02-01', '2026-04-01']]);
  assert.deepEqual(splitPeriod(local('2026-03-08T00:00'), local('2026-03-09T00:00'), TZ, 'month'), { hours: [], days: [['2026-03-08', '2026-03-09']], months: [] });
  assert.deepEqual(splitPeriod(local('2026-03-08T00:00'), local('2026-03-09T00:00'), TZ, 'hour').hours.length, 1);
  assert.equal(local('2026-03-09T00:00').getTime() - local('2026-03-08T00:00').getTime(), 23 * 3_600_000, 'a 23-hour day');
});

test('figures read across levels match the raw rows (mid-day starts, clock changes, month edges)', async () => {
  await insert(ROWS, 'LV');
  await refreshRollups(deps);
  const zone = await sql<{ time_zone: string }>`SELECT time_zone FROM analytics_levels_zone`.execute(deps.db);
  assert.equal(zone.rows[0]?.time_zone, TZ);
  const months = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_request_levels WHERE level = 'month' AND mask = 0`.execute(deps.db);
  assert.ok((months.rows[0]?.n ?? 0) >= 8, 'month rows are kept');
  await compareAll('after the first refresh');
});

test('a backdated change reaches its day and month, and the levels equal a rebuild', async () => {
  // An old request resolved much later, a new request in an old month, a request moved to another district.
  await insert([['2026-01-20T08:00', null, 'west', 'web', 'POTHOLE']], 'OLD');
  await sql`UPDATE service_requests SET status = 'resolved', resolved_at = ${local('2026-06-02T09:00').toISOString()}::timestamptz, closed_at = ${local('2026-06-02T09:00').toISOString()}::timestamptz
    WHERE tracking_number = 'LV-4'`.execute(deps.db);
  await sql`UPDATE service_requests SET district_id = 'east' WHERE tracking_number = 'LV-2'`.execute(deps.db);
  await refreshRollups(deps);
  await compareAll('after backdated changes');
  const snapshot = async () => ({
    sums: (await sql`SELECT level, mask, to_char(period, 'YYYY-MM-DD') AS period, service_id, district_id, channel, department_id, opened, closed, resolutions, round(resolution_seconds) AS rs, sla_met, sla_breached
        FROM analytics_request_levels ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(deps.db)).rows,
    bins: (await sql`SELECT level, mask, to_char(period, 'YYYY-MM-DD') AS period, measure, service_id, district_id, channel, department_id, bin, n
        FROM analytics_duration_levels ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(deps.db)).rows,
  });
  const incremental = await snapshot();
  await rebuildRollups(deps);
  assert.deepEqual(await snapshot(), incremental);
});

test('deleting every request of a month empties its month rows', async () => {
  await sql`DELETE FROM service_requests WHERE created_at >= ${local('2026-05-01T00:00').toISOString()}::timestamptz AND created_at < ${local('2026-06-01T00:00').toISOString()}::timestamptz`.execute(deps.db);
  await refreshRollups(deps);
  const may = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_request_levels WHERE period = '2026-05-01' AND level = 'month'`.execute(deps.db);
  assert.equal(may.rows[0]?.n, 0);
  await compareAll('after a deletion');
});
