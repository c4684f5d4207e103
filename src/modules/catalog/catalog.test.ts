import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../lib/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville, testville } from '../../test/factories.ts';
import { importCatalog } from './import.ts';
import {
  getDepartment,
  getJurisdiction,
  getService,
  hasCatalog,
  invalidateCatalogCache,
  listDepartments,
  listDistricts,
  listJurisdictions,
  listServices,
  locatePoint,
  setServiceActive,
} from './service.ts';

const t = await openTestDatabase();
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('catalog', () => {
  test('an empty database has no catalog and no default jurisdiction', async () => {
    assert.equal(await hasCatalog(t.deps), false);
    await assert.rejects(getJurisdiction(t.deps), isCode('no_jurisdiction'));
    await seedTestville(t.deps);
    assert.equal(await hasCatalog(t.deps), true);
  });

  test('a jurisdiction is found by id, by Open311 jurisdiction_id, or as the default, with its calendar', async () => {
    const byDefault = await getJurisdiction(t.deps);
    assert.equal(byDefault.id, 'testville');
    assert.equal((await getJurisdiction(t.deps, { open311Id: 'testville.example' })).id, 'testville');
    assert.deepEqual(byDefault.calendar.hours[0], { weekday: 1, opens: '08:00', closes: '17:00' });
    assert.deepEqual(byDefault.calendar.localHolidays, [{ date: '2026-03-13', name: 'Founders Day' }]);
    await assert.rejects(getJurisdiction(t.deps, { open311Id: 'nowhere.example' }), isCode('unknown_jurisdiction'));
    assert.deepEqual((await listJurisdictions(t.deps)).map((j) => j.id), ['testville']);
  });

  test('services come with their Open311 attributes in order, and list in catalog order', async () => {
    const pothole = await getService(t.deps, 'testville', 'POTHOLE');
    assert.deepEqual(pothole.attributes.map((a) => a.code), ['SIZE', 'DEPTH_CM', 'NOTICED_AT', 'LANES', 'PLATE', 'DETAILS', 'SAFETY_NOTE']);
    assert.equal(pothole.attributes.find((a) => a.code === 'SAFETY_NOTE')?.variable, false);
    assert.deepEqual(pothole.attributes[0]?.values.map((v) => v.key), ['small', 'large']);
    const all = await listServices(t.deps, 'testville');
    assert.equal(all.length, testville().services.length);
    assert.equal(all.find((s) => s.code === 'RETIRED')?.active, false);
    assert.deepEqual(all.find((s) => s.code === 'POTHOLE')?.groupName, { en: 'Streets' });
  });

  test('departments, outside agencies and districts', async () => {
    const agencies = (await listDepartments(t.deps, 'testville')).filter((d) => d.kind === 'agency');
    assert.deepEqual(agencies.map((a) => [a.id, a.agency_kind, a.phone]), [['state-dot', 'state', '555-0100']]);
    await assert.rejects(getDepartment(t.deps, 'nobody'), (e: unknown) => e instanceof AppError && e.status === 404);
    assert.deepEqual((await listDistricts(t.deps, 'testville')).map((d) => d.id), ['east', 'west']);
  });

  test('locating a point: inside or not, and which districts hold it', async () => {
    assert.deepEqual(await locatePoint(t.deps, 'testville', -122.63, 45.5), { inside: true, districtIds: ['west'] });
    assert.deepEqual(await locatePoint(t.deps, 'testville', -122.57, 45.5), { inside: true, districtIds: ['east'] });
    assert.deepEqual(await locatePoint(t.deps, 'testville', -74, 40.7), { inside: false, districtIds: [] });
  });

  test('retiring a service takes effect at once; an unknown one is a 404', async () => {
    await setServiceActive(t.deps, 'testville', 'STREETLIGHT', false);
    assert.equal((await getService(t.deps, 'testville', 'STREETLIGHT')).active, false);
    await setServiceActive(t.deps, 'testville', 'STREETLIGHT', true);
    assert.equal((await getService(t.deps, 'testville', 'STREETLIGHT')).active, true);
    await assert.rejects(setServiceActive(t.deps, 'testville', 'NOPE', false), isCode('unknown_service'));
  });

  test('re-importing updates in place and is seen at once (the cache is cleared)', async () => {
    const city = testville();
    const pothole = city.services.find((s) => s.code === 'POTHOLE')!;
    pothole.name = { en: 'Pothole or sinkhole', es: 'Bache o socavón' };
    pothole.attributes = pothole.attributes.filter((a) => a.code !== 'PLATE');
    await getService(t.deps, 'testville', 'POTHOLE'); // warm the cache
    await importCatalog(t.deps, city);
    const after = await getService(t.deps, 'testville', 'POTHOLE');
    assert.equal(after.name.en, 'Pothole or sinkhole');
    assert.ok(!after.attributes.some((a) => a.code === 'PLATE'));
  });

  test('an import that fails half-way writes nothing', async () => {
    const city = testville();
    city.services.push({ ...city.services[0]!, code: 'BROKEN', departmentId: 'no-such-department' });
    city.services[0]!.name = { en: 'Changed by a failed import' };
    await assert.rejects(importCatalog(t.deps, city));
    invalidateCatalogCache(t.deps.db); // read the database itself, not what this process remembers
    assert.notEqual((await getService(t.deps, 'testville', 'POTHOLE')).name.en, 'Changed by a failed import');
    await assert.rejects(getService(t.deps, 'testville', 'BROKEN'), isCode('unknown_service'));
  });
});
