import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';
import { mergeServiceRequests, transitionServiceRequest } from '../requests/index.ts';
import { requestsTile, resolveScope, summaryTile, type TileData } from './metrics.ts';
import { exactQuantile } from './quantiles.ts';
import { rebuildRollups, refreshRollups } from './rollup.ts';

/**
 * Every request metric computed a second time, independently, from the raw rows (plain JS over
 * service_requests, request_events and survey_responses), and compared with what the rollups say —
 * after live changes, a backdated import, a status change on an old request, a request moved to
 * another service and department, survey answers changed and deleted, a request deleted, a deleted
 * hour recomputed from the raw rows, and a full rebuild.
 */

const t = await openTestDatabase();
await seedTestville(t.deps);
const { deps, clock } = t;
const HOUR = 3_600_000;

interface Raw {
  id: number;
  service_code: string;
  group_code: string | null;
  status: string;
  channel: string;
  district_id: string | null;
  created_at: Date;
  closed_at: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  due_at: Date | null;
}

async function raw() {
  const requests = (
    await sql<Raw>`SELECT r.id, s.service_code, s.group_code, r.status, r.channel, r.district_id, r.created_at, r.closed_at, r.first_response_at, r.resolved_at, r.due_at
      FROM service_requests r JOIN services s ON s.id = r.service_id`.execute(deps.db)
  ).rows;
  const reopens = (await sql<{ request_id: number; at: Date }>`SELECT request_id, at FROM request_events WHERE to_status = 'reopened'`.execute(deps.db)).rows;
  const surveys = (await sql<{ subject_id: number; rating: number; created_at: Date }>`SELECT subject_id, rating, created_at FROM survey_responses WHERE kind = 'request'`.execute(deps.db)).rows;
  return { requests, reopens, surveys };
}

/** The metrics of docs/metrics.md over [from, to), straight from the rows. */
async function expected(from: Date, to: Date, keep: (r: Raw) => boolean = () => true) {
  const { requests, reopens, surveys } = await raw();
  const rs = requests.filter(keep);
  const ids = new Set(rs.map((r) => r.id));
  const inside = (d: Date | null) => d !== null && d >= from && d < to;
  const secs = (a: Date, b: Date) => Math.max(0, (a.getTime() - b.getTime()) / 1000);
  const opened = rs.filter((r) => inside(r.created_at));
  const closed = rs.filter((r) => inside(r.closed_at)).length;
  const resolved = rs.filter((r) => inside(r.resolved_at));
  const met = resolved.filter((r) => r.due_at && r.resolved_at! <= r.due_at).length;
  const breached = resolved.filter((r) => r.due_at && r.resolved_at! > r.due_at).length;
  const reopenCount = reopens.filter((e) => ids.has(e.request_id) && inside(e.at)).length;
  const sv = surveys.filter((s) => ids.has(s.subject_id) && inside(s.created_at));
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  return {
    opened: opened.length,
    closed,
    duplicate_rate: rate(opened.filter((r) => r.status === 'duplicate').length, opened.length),
    sla_compliance: rate(met, met + breached),
    first_response: rs.filter((r) => inside(r.first_response_at)).map((r) => secs(r.first_response_at!, r.created_at)),
    resolution: resolved.map((r) => secs(r.resolved_at!, r.created_at)),
    reopen_rate: rate(reopenCount, closed + reopenCount),
    satisfaction: sv.length ? Math.round((sv.reduce((n, s) => n + s.rating, 0) / sv.length) * 100) / 100 : null,
    satisfied_rate: rate(sv.filter((s) => s.rating >= 4).length, sv.length),
    backlog: rs.filter((r) => r.created_at < to && (r.closed_at === null || r.closed_at >= to)).length,
  };
}

/** A quantile read from the bins is within 5 % of the exact one (1.05 s under 1.1 s). */
function assertQuantile(actual: unknown, values: number[], q: number, what: string): void {
  const exact = exactQuantile(values, q);
  if (exact === null) return assert.equal(actual, null, what);
  assert.equal(typeof actual, 'number', what);
  const a = actual as number;
  assert.ok(Math.abs(a - exact) <= Math.max(0.05 * exact, 1.05) + 0.5, `${what}: ${a} vs exact ${exact}`);
}

function value(tile: TileData, metric: string): unknown {
  return tile.rows.find((r) => r.metric === metric)?.value;
}

async function compareSummary(fromDay: string, toDay: string, label: string): Promise<void> {
  const scope = await resolveScope(deps, { from: fromDay, to: toDay });
  const tile = await summaryTile(deps, scope);
  const e = await expected(scope.from, scope.to);
  for (const k of ['opened', 'closed', 'duplicate_rate', 'sla_compliance', 'reopen_rate', 'satisfaction', 'satisfied_rate', 'backlog'] as const) {
    assert.deepEqual(value(tile, k), e[k], `${label}: ${k}`);
  }
  assertQuantile(value(tile, 'first_response_median'), e.first_response, 0.5, `${label}: first response median`);
  assertQuantile(value(tile, 'first_response_p90'), e.first_response, 0.9, `${label}: first response p90`);
  assertQuantile(value(tile, 'resolution_median'), e.resolution, 0.5, `${label}: resolution median`);
  assertQuantile(value(tile, 'resolution_p90'), e.resolution, 0.9, `${label}: resolution p90`);
}

async function move(id: number, to: string, at: Date): Promise<void> {
  clock.set(at);
  const v = (await deps.db.selectFrom('service_requests').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  await transitionServiceRequest(deps, { request: id, to: to as 'acknowledged', expectedVersion: v, actor: 'test' });
}

const start = new Date('2026-03-02T17:00:00Z');
const ids: number[] = [];
// Twelve requests over three days, several services, channels and districts (west and east).
for (let i = 0; i < 12; i++) {
  clock.set(new Date(start.getTime() + i * 5 * HOUR + i * 60_000));
  const service = ['POTHOLE', 'STREETLIGHT', 'ADA_COMPLAINT', 'GRAFFITI'][i % 4];
  const long = i % 2 ? -122.56 : -122.62;
  const { request } = await createPothole(deps, { serviceCode: service, channel: i % 3 ? 'web' : 'phone', attributes: service === 'POTHOLE' ? { SIZE: 'small' } : {}, location: { lat: 45.5 + i * 0.001, long } });
  ids.push(request.id);
}
// Responses and resolutions at various delays, one past its SLA, one reopened, one duplicate.
for (const [n, id] of ids.entries()) {
  if (n % 4 === 3) continue;
  const base = start.getTime() + n * 5 * HOUR + n * 60_000;
  await move(id, 'acknowledged', new Date(base + (n + 1) * 17 * 60_000));
  if (n % 2 === 0) await move(id, 'resolved', new Date(base + (n === 8 ? 20 * 24 : (n + 1) * 7) * HOUR)); // n = 8: past its SLA
}
await move(ids[0]!, 'closed', new Date(start.getTime() + 40 * HOUR));
await move(ids[0]!, 'reopened', new Date(start.getTime() + 41 * HOUR));
clock.set(new Date(start.getTime() + 50 * HOUR));
await mergeServiceRequests(deps, { child: ids[7]!, parent: ids[3]!, actor: 'test' });
await sql`INSERT INTO survey_responses (kind, subject_id, respondent, rating, locale, created_at, updated_at) VALUES
  ('request', ${ids[2]}, 'a@example.org', 5, 'en', '2026-03-04T10:00:00Z', '2026-03-04T10:00:00Z'),
  ('request', ${ids[4]}, 'b@example.org', 2, 'en', '2026-03-04T11:30:00Z', '2026-03-04T11:30:00Z')`.execute(deps.db);

test('the refresh recomputes exactly the changed hours, and every metric matches the raw rows', async () => {
  const r = await refreshRollups(deps);
  assert.ok(r && r.requestHours > 0);
  await compareSummary('2026-03-01', '2026-03-31', 'whole period');
  await compareSummary('2026-03-03', '2026-03-03', 'one day');
  // The data exercises every figure (none is trivially empty on both sides).
  const e = await expected(new Date('2026-03-01T08:00:00Z'), new Date('2026-04-01T07:00:00Z'));
  assert.equal(e.opened, 12);
  assert.ok(e.closed > 0 && e.backlog > 0 && e.first_response.length > 4 && e.resolution.length > 2);
  assert.ok(e.reopen_rate! > 0 && e.duplicate_rate! > 0 && e.satisfaction === 3.5);
  assert.ok(e.sla_compliance! > 0 && e.sla_compliance! < 1, `SLA compliance ${e.sla_compliance}: some met, some breached`);
  assert.equal(r.recomputedHours, 0, 'live changes are added as deltas, no hour is recomputed');
  assert.deepEqual(await refreshRollups(deps), { requestHours: 0, contactHours: 0, recomputedHours: 0 }, 'nothing left to do');
});

test('a backdated import lands in its own (old) hours, and a status change on it moves its figures', async () => {
  const service = await deps.db.selectFrom('services').select(['id', 'department_id']).where('service_code', '=', 'STREETLIGHT').executeTakeFirstOrThrow();
  // What the history import writes: rows with their historic times, straight into the table.
  const inserted = await sql<{ id: number }>`
    INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, district_id,
      created_at, updated_at, first_response_at, resolved_at, closed_at, due_at)
    SELECT 'TV-2024-' || g, 'testville', ${service.id}, CASE WHEN g % 3 = 0 THEN 'new' ELSE 'closed' END, 'normal', 'import', ${service.department_id}, 'east',
      timestamptz '2024-05-06T15:00:00Z' + g * interval '97 minutes', timestamptz '2024-05-06T15:00:00Z',
      timestamptz '2024-05-06T15:00:00Z' + g * interval '97 minutes' + g * interval '13 minutes',
      CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2024-05-06T15:00:00Z' + g * interval '97 minutes' + g * interval '3 hours' END,
      CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2024-05-06T15:00:00Z' + g * interval '97 minutes' + g * interval '3 hours' END,
      timestamptz '2024-05-06T15:00:00Z' + g * interval '97 minutes' + interval '20 hours'
    FROM generate_series(1, 40) g RETURNING id`.execute(deps.db);
  await refreshRollups(deps);
  await compareSummary('2024-05-01', '2024-05-31', 'imported May 2024');
  await compareSummary('2024-05-01', '2026-03-31', 'both years');

  // A status change on an old request: it closes now, so its backlog and "closed" move.
  const old = inserted.rows.find((_, i) => (i + 1) % 3 === 0)!.id;
  await move(old, 'resolved', new Date('2026-03-05T18:00:00Z'));
  await refreshRollups(deps);
  await compareSummary('2024-05-01', '2026-03-31', 'after the old request was resolved');
  await compareSummary('2026-03-05', '2026-03-05', 'the day it was resolved');
});

test('filters and groupings match the raw rows too (by service, one district, the civil-rights group)', async () => {
  const scope = await resolveScope(deps, { from: '2026-03-01', to: '2026-03-10' });
  const byService = await requestsTile(deps, scope, 'service');
  for (const row of byService.rows) {
    const e = await expected(scope.from, scope.to, (r) => r.service_code === row.key);
    assert.equal(row.opened, e.opened, `opened of ${row.key}`);
    assert.equal(row.sla_compliance, e.sla_compliance, `SLA of ${row.key}`);
    assert.equal(row.backlog, e.backlog, `backlog of ${row.key}`);
  }
  const east = await summaryTile(deps, await resolveScope(deps, { from: '2024-01-01', to: '2026-03-10', district: 'east' }));
  const eEast = await expected(new Date('2024-01-01T08:00:00Z'), scope.to, (r) => r.district_id === 'east');
  assert.equal(value(east, 'opened'), eEast.opened);
  assert.equal(value(east, 'backlog'), eEast.backlog);
  // Civil-rights requests: the services of the catalog group 'civil-rights' (as in the demo city).
  await sql`INSERT INTO service_groups (code, name) VALUES ('civil-rights', '{"en": "Civil rights"}')`.execute(deps.db);
  await deps.db.updateTable('services').set({ group_code: 'civil-rights' }).where('service_code', '=', 'ADA_COMPLAINT').execute();
  const ada = await expected(scope.from, scope.to, (r) => r.service_code === 'ADA_COMPLAINT');
  const summary = await summaryTile(deps, scope);
  assert.ok(ada.opened > 0);
  assert.equal(value(summary, 'civil_rights_opened'), ada.opened);
  assert.equal(value(summary, 'civil_rights_sla_compliance'), ada.sla_compliance);
  assertQuantile(value(summary, 'civil_rights_first_response_median'), ada.first_response, 0.5, 'civil-rights first response median');
});

test('moving a request, changing and deleting survey answers, deleting a request: deltas keep every figure exact', async () => {
  const byService = async (label: string) => {
    const scope = await resolveScope(deps, { from: '2024-05-01', to: '2026-03-31' });
    const tile = await requestsTile(deps, scope, 'service');
    for (const row of tile.rows) {
      const e = await expected(scope.from, scope.to, (r) => r.service_code === row.key);
      assert.equal(row.opened, e.opened, `${label}: opened of ${row.key}`);
      assert.equal(row.sla_compliance, e.sla_compliance, `${label}: SLA of ${row.key}`);
      assert.equal(row.backlog, e.backlog, `${label}: backlog of ${row.key}`);
    }
  };
  // ids[0] was reopened; ids[2] has a survey answer: both move to another service and department,
  // so their reopen and survey (in hours of their own) move with them.
  const graffiti = await deps.db.selectFrom('services').select(['id', 'department_id']).where('service_code', '=', 'GRAFFITI').executeTakeFirstOrThrow();
  await deps.db.updateTable('service_requests').set({ service_id: graffiti.id, department_id: graffiti.department_id, district_id: 'east' }).where('id', 'in', [ids[0]!, ids[2]!]).execute();
  // A rating changed, another answer withdrawn, a new one given.
  await sql`UPDATE survey_responses SET rating = 4 WHERE subject_id = ${ids[4]}`.execute(deps.db);
  await sql`DELETE FROM survey_responses WHERE subject_id = ${ids[2]}`.execute(deps.db);
  await sql`INSERT INTO survey_responses (kind, subject_id, respondent, rating, locale, created_at, updated_at)
    VALUES ('request', ${ids[6]}, 'c@example.org', 1, 'en', '2026-03-05T09:10:00Z', '2026-03-05T09:10:00Z')`.execute(deps.db);
  // An imported request (no timeline, so it may be deleted) with a survey answer, then deleted.
  const imported = (await sql<{ id: number }>`SELECT id FROM service_requests WHERE tracking_number = 'TV-2024-4'`.execute(deps.db)).rows[0]!.id;
  await sql`INSERT INTO survey_responses (kind, subject_id, respondent, rating, locale, created_at, updated_at)
    VALUES ('request', ${imported}, 'd@example.org', 5, 'en', '2024-05-09T10:00:00Z', '2024-05-09T10:00:00Z')`.execute(deps.db);
  let r = await refreshRollups(deps);
  assert.equal(r?.recomputedHours, 0);
  await compareSummary('2024-05-01', '2026-03-31', 'after the moves and surveys');
  await byService('after the moves and surveys');
  await sql`DELETE FROM service_requests WHERE id = ${imported}`.execute(deps.db);
  r = await refreshRollups(deps);
  assert.ok(r && r.requestHours > 0 && r.recomputedHours === 0);
  await compareSummary('2024-05-01', '2026-03-31', 'after a request was deleted');
  await compareSummary('2024-05-01', '2024-05-31', 'May 2024 after a request was deleted');
  await byService('after a request was deleted');

  // An hour logged as dirty is recomputed from the raw rows (the exact path kept beside the deltas),
  // while a delta of the same hour, already in those rows, is not added again.
  await sql`INSERT INTO survey_responses (kind, subject_id, respondent, rating, locale, created_at, updated_at)
    VALUES ('request', ${ids[8]}, 'e@example.org', 3, 'en', '2026-03-04T10:20:00Z', '2026-03-04T10:20:00Z')`.execute(deps.db);
  await sql`INSERT INTO analytics_dirty (kind, hour) VALUES ('requests', '2026-03-02T22:00:00Z'), ('requests', '2026-03-04T10:00:00Z')`.execute(deps.db);
  r = await refreshRollups(deps);
  assert.equal(r?.recomputedHours, 2);
  await compareSummary('2026-03-01', '2026-03-31', 'after recomputing two hours');
});

test('a rebuild from scratch gives the very same rollup rows as the incremental refreshes', async () => {
  const snapshot = async () => ({
    requests: (await sql`SELECT * FROM analytics_request_hourly ORDER BY hour, service_id, district_id, channel, department_id`.execute(deps.db)).rows,
    bins: (await sql`SELECT * FROM analytics_duration_bins ORDER BY hour, measure, service_id, district_id, channel, department_id, bin`.execute(deps.db)).rows,
  });
  const incremental = await snapshot();
  const result = await rebuildRollups(deps);
  assert.equal(result.requestRows, incremental.requests.length);
  assert.deepEqual(await snapshot(), incremental);
});
