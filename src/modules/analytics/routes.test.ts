import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { transitionServiceRequest } from '../requests/index.ts';
import { parsePopulationCsv } from './cli.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

// Personal data that must never reach the public dashboard.
const SECRET = { name: 'Zelda Quixote-Requester', email: 'zelda.secret@example.org', phone: '503-555-0199' };
const WEST = { lat: 45.5, long: -122.62 };
const EAST = { lat: 45.5, long: -122.56 };
// 7 potholes and 5 graffiti (west), 3 streetlights (east), 2 confidential ADA complaints (west); every other one resolved.
for (let i = 0; i < 17; i++) {
  t.clock.set(new Date(Date.parse('2026-03-02T17:00:00Z') + i * 3_600_000));
  const code = i < 7 ? 'POTHOLE' : i < 12 ? 'GRAFFITI' : i < 15 ? 'STREETLIGHT' : 'ADA_COMPLAINT';
  const { request } = await createPothole(t.deps, {
    serviceCode: code,
    attributes: code === 'POTHOLE' ? { SIZE: 'large' } : {},
    location: code === 'STREETLIGHT' ? EAST : WEST,
    description: `Report number ${i} at 12 Secret Lane`,
    requester: SECRET,
  });
  if (i % 2 === 0) {
    t.clock.advance(1_800_000);
    await transitionServiceRequest(t.deps, { request: request.id, to: 'resolved', expectedVersion: 1, actor: 'test' });
  }
}
t.clock.set('2026-03-10T18:00:00Z');
const analyst = (await staffSession(app, t.deps, ['analyst'])).session.headers;
const agent = (await staffSession(app, t.deps, ['agent'])).session.headers;
const admin = (await staffSession(app, t.deps, ['administrator'])).session.headers;

test('an analyst reads a tile as JSON and as CSV; an agent may not', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/requests?from=2026-03-01&to=2026-03-09&by=service', headers: analyst });
  assert.equal(res.statusCode, 200, res.body);
  const tile = res.json() as { columns: { key: string }[]; rows: Record<string, unknown>[] };
  assert.equal(tile.rows.find((r) => r.key === 'POTHOLE')?.opened, 7);
  assert.equal(tile.rows.find((r) => r.key === 'STREETLIGHT')?.opened, 3);
  const csv = await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/requests?from=2026-03-01&to=2026-03-09&by=service&format=csv', headers: analyst });
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="requests_2026-03-01_2026-03-09_by-service\.csv"/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], tile.columns.map((c) => c.key).join(','));
  assert.equal(lines.length, tile.rows.length + 1);
  assert.ok(lines.some((l) => l.startsWith('POTHOLE,7,')));
  const refused = await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/summary', headers: agent });
  assert.equal(refused.statusCode, 403);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/summary' })).statusCode, 401);
});

test('contact tiles say that the service and department filters do not narrow them', async () => {
  for (const tile of ['contacts', 'languages']) {
    const plain = (await app.inject({ method: 'GET', url: `/api/v1/analytics/tiles/${tile}?from=2026-03-01&to=2026-03-09&district=west`, headers: analyst })).json() as { notes: string[] };
    assert.deepEqual(plain.notes, [], tile);
    for (const filter of ['service=POTHOLE', 'department=streets']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/analytics/tiles/${tile}?from=2026-03-01&to=2026-03-09&${filter}`, headers: analyst });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual((res.json() as { notes: string[] }).notes, ['insight.note.contacts_not_by_service'], `${tile} ${filter}`);
    }
  }
  const requests = (await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/requests?from=2026-03-01&to=2026-03-09&service=POTHOLE', headers: analyst })).json() as { notes: string[] };
  assert.ok(!requests.notes.includes('insight.note.contacts_not_by_service'));
});

test('every tile answers; bad filters get a 400 naming the field', async () => {
  for (const tile of ['summary', 'requests', 'contacts', 'languages', 'civil-rights', 'equity', 'forecast', 'staffing']) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/analytics/tiles/${tile}?from=2026-03-01&to=2026-03-09`, headers: analyst });
    assert.equal(res.statusCode, 200, `${tile}: ${res.body}`);
    const csv = await app.inject({ method: 'GET', url: `/api/v1/analytics/tiles/${tile}?format=csv`, headers: analyst });
    assert.equal(csv.statusCode, 200, `${tile} CSV`);
  }
  const cases: [string, string][] = [
    ['from=2026-03-09&to=2026-03-01', 'from'],
    ['from=2026-02-30', 'from'],
    ['service=NOPE', 'service'],
    ['by=planet', 'by'],
    ['district=Not%20An%20Id', 'district'],
    ['shrinkage=2', 'shrinkage'],
    ['colour=red', 'colour'],
  ];
  for (const [query, field] of cases) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/analytics/tiles/summary?${query}`, headers: analyst });
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    assert.match(res.body, new RegExp(field), `${query} names ${field}`);
  }
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/everything', headers: analyst })).statusCode, 400);
});

test('populations: administrators load them (audited), unknown districts are refused, analysts may not', async () => {
  const body = { districts: [{ districtId: 'west', population: 12_000, source: 'Illustrative test figure' }, { districtId: 'east', population: 8_000, source: 'Illustrative test figure', asOf: '2020-04-01' }] };
  assert.equal((await app.inject({ method: 'PUT', url: '/api/v1/analytics/populations', headers: analyst, payload: body })).statusCode, 403);
  const ok = await app.inject({ method: 'PUT', url: '/api/v1/analytics/populations', headers: admin, payload: body });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { loaded: 2 });
  const audit = await t.deps.db.selectFrom('audit_events').select(['action']).where('action', '=', 'analytics.population_loaded').execute();
  assert.equal(audit.length, 1);
  const bad = await app.inject({ method: 'PUT', url: '/api/v1/analytics/populations', headers: admin, payload: { districts: [{ districtId: 'atlantis', population: 5, source: 'x' }] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /atlantis/);
  const twice = await app.inject({ method: 'PUT', url: '/api/v1/analytics/populations', headers: admin, payload: { districts: [body.districts[0], body.districts[0]] } });
  assert.equal(twice.statusCode, 400);
  const equity = (await app.inject({ method: 'GET', url: '/api/v1/analytics/tiles/equity?from=2026-03-01&to=2026-03-09', headers: analyst })).json() as { rows: Record<string, unknown>[]; notes: string[] };
  const west = equity.rows.find((r) => r.key === 'west');
  assert.equal(west?.opened, 14);
  assert.equal(west?.per_1000, 1.17);
  assert.equal(west?.per_1000_city, 0.85, '17 requests over 20,000 residents');
  assert.deepEqual(equity.notes, ['insight.caution.equity']);
  assert.deepEqual(parsePopulationCsv('district_id,population,source,as_of\r\nwest,12000,"Census 2020, table P1",2020-04-01\r\n'), [{ districtId: 'west', population: 12000, source: 'Census 2020, table P1', asOf: '2020-04-01' }]);
});

test('the public dashboard: aggregates only, small cells withheld, no personal data, confidential services unnamed', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/analytics/public?days=30' });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.body;
  for (const secret of [SECRET.name, SECRET.email, SECRET.phone, 'Secret Lane', 'Report number']) assert.ok(!body.includes(secret), `public output leaks ${secret}`);
  const d = res.json() as { suppressedBelow: number; totals: { opened: number | null }; byService: { key: string; opened: number | null }[]; byDistrict: { key: string; opened: number | null; perThousand: number | null }[] };
  assert.equal(d.suppressedBelow, 5);
  assert.equal(d.totals.opened, 17);
  assert.ok(!d.byService.some((s) => s.key === 'ADA_COMPLAINT'), 'confidential services never named');
  assert.equal(d.byService.find((s) => s.key === 'POTHOLE')?.opened, 7);
  assert.equal(d.byService.find((s) => s.key === 'STREETLIGHT')?.opened, null, '3 requests: withheld');
  assert.equal(d.byService.find((s) => s.key === 'GRAFFITI')?.opened, null, 'the next smallest (5) withheld with it');
  assert.equal(d.byDistrict.find((x) => x.key === 'east')?.opened, null, '3 requests in the east: withheld');
  // The east's 3 are withheld; west (14) is then withheld too, or east = total − west would give it away.
  assert.equal(d.byDistrict.find((x) => x.key === 'west')?.opened, null);
  // No row-level field of any request appears anywhere in the answer.
  const rows = await sql<{ tracking_number: string }>`SELECT tracking_number FROM service_requests`.execute(t.deps.db);
  for (const r of rows.rows) assert.ok(!body.includes(r.tracking_number));
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/analytics/public?days=3' })).statusCode, 400);
});
