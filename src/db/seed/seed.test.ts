import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getJurisdiction, listServices } from '../../modules/catalog/service.ts';
import { createServiceRequest, getTimeline } from '../../modules/requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { demoCity } from './demo-city/index.ts';
import { seedDemoCity, seedDemoCityIfEmpty } from './index.ts';

const t = await openTestDatabase();

test('the demo city loads, and loading it again changes nothing', async () => {
  const first = await seedDemoCity(t.deps);
  assert.equal(first.services, demoCity.services.length);
  assert.ok(first.services >= 40);
  assert.equal(first.routingRules, demoCity.routingRules.length);
  const count = async () => Number((await t.deps.db.selectFrom('services').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const second = await seedDemoCity(t.deps);
  assert.equal(second.routingRules, 0, 'rules are not added twice');
  assert.equal(await count(), before);
  assert.equal(await seedDemoCityIfEmpty(t.deps), null, 'a database with a catalog is left alone');
  const rules = await t.deps.db.selectFrom('routing_rules').select('id').execute();
  assert.equal(rules.length, demoCity.routingRules.length);
});

test('Portland is the default jurisdiction, with Spanish names for every service', async () => {
  const portland = await getJurisdiction(t.deps);
  assert.equal(portland.id, 'portland');
  assert.equal(portland.trackingPrefix, 'PDX');
  const services = await listServices(t.deps, 'portland');
  assert.ok(services.every((s) => s.name.es && s.description.es), 'every service has Spanish text');
});

test('a tree report in the West Hills goes to the west-side crew; in East Portland, to Urban Forestry', async () => {
  const west = await createServiceRequest(t.deps, {
    serviceCode: 'TREE_ISSUE',
    channel: 'phone',
    location: { lat: 45.5155, long: -122.7155 }, // Washington Park
    attributes: { TREE_PROBLEM: 'fallen', TREE_LOCATION: 'park' },
  });
  assert.match(west.request.trackingNumber, /^PDX-2026-\d{6}$/);
  assert.equal(west.request.districtId, 'district-4');
  assert.equal(west.request.departmentId, 'urban-forestry-west');
  const east = await createServiceRequest(t.deps, {
    serviceCode: 'TREE_ISSUE',
    channel: 'web',
    location: { lat: 45.5105, long: -122.5545 }, // near SE 122nd Ave
    attributes: { TREE_PROBLEM: 'dead', TREE_LOCATION: 'street' },
  });
  assert.equal(east.request.districtId, 'district-1');
  assert.equal(east.request.departmentId, 'urban-forestry');
  const routed = (await getTimeline(t.deps, west.request.id)).find((e) => e.kind === 'routed');
  assert.match(String(routed?.data.reason), /west-side crew/);
});

test('a point in the Columbia River or in Vancouver, WA is outside the city', async () => {
  await assert.rejects(
    createServiceRequest(t.deps, { serviceCode: 'TREE_ISSUE', channel: 'web', location: { lat: 45.6387, long: -122.6615 }, attributes: { TREE_PROBLEM: 'dead', TREE_LOCATION: 'street' } }),
    /outside City of Portland/,
  );
});
