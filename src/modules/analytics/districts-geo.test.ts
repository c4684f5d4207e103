import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville, staffSession, TESTVILLE } from '../../test/factories.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());
const analyst = (await staffSession(app, t.deps, ['analyst'])).session.headers;
const agent = (await staffSession(app, t.deps, ['agent'])).session.headers;

interface Shapes {
  kinds: string[];
  districts: { id: string; kind: string; name: Record<string, string>; approximate: boolean; ring: [number, number][] }[];
}

test('an analyst gets the district boundaries for the maps: rings of longitude/latitude with names and kind', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/analytics/districts', headers: analyst });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as Shapes;
  assert.deepEqual(body.kinds, ['council_district']);
  assert.deepEqual(
    body.districts.map((d) => [d.id, d.kind, d.name.en, d.approximate]),
    [
      ['east', 'council_district', 'East', true],
      ['west', 'council_district', 'West', true],
    ],
  );
  const west = body.districts.find((d) => d.id === 'west');
  assert.equal(west?.ring.length, 4);
  for (const [lon, lat] of west?.ring ?? []) {
    assert.ok(lon >= TESTVILLE.west && lon <= TESTVILLE.east, `lon ${lon}`);
    assert.ok(lat >= TESTVILLE.south && lat <= TESTVILLE.north, `lat ${lat}`);
  }
  assert.deepEqual(west?.ring[0], [TESTVILLE.west, TESTVILLE.south]);
});

test('kind narrows the set; an unknown kind is an empty set, a malformed one a 400 naming the field; roles are checked', async () => {
  const one = (await app.inject({ method: 'GET', url: '/api/v1/analytics/districts?kind=council_district', headers: analyst })).json() as Shapes;
  assert.equal(one.districts.length, 2);
  const none = (await app.inject({ method: 'GET', url: '/api/v1/analytics/districts?kind=neighborhood_coalition', headers: analyst })).json() as Shapes;
  assert.deepEqual(none.districts, []);
  assert.deepEqual(none.kinds, ['council_district']);
  for (const q of ['kind=Council%20District', 'shape=round']) {
    const bad = await app.inject({ method: 'GET', url: `/api/v1/analytics/districts?${q}`, headers: analyst });
    assert.equal(bad.statusCode, 400, q);
    assert.match(bad.body, new RegExp(q.split('=')[0] ?? ''));
  }
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/analytics/districts', headers: agent })).statusCode, 403);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/analytics/districts' })).statusCode, 401);
});
