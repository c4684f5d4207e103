import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { getJurisdiction, getService } from './service.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const admin = await staffSession(app, t.deps, ['administrator']);
const agent = await staffSession(app, t.deps, ['agent']);
const h = admin.session.headers;

type Attr = { code: string; datatype: string; required?: boolean; variable?: boolean; description: Record<string, string>; values?: Array<{ key: string; name: Record<string, string> }>; retiredAt?: string | null };
const attributesOf = async (code: string) => (await app.inject({ url: `/api/v1/services/${code}/attributes`, headers: h })).json() as { service: { version: number }; attributes: Attr[] };
const put = (code: string, payload: unknown, headers = h) => app.inject({ method: 'PUT', url: `/api/v1/services/${code}/attributes`, headers, payload: payload as object });

describe('catalog administration over HTTP', () => {
  test('POST /services creates a service (audited); a taken code is 409, bad references name their field', async () => {
    const body = { code: 'BENCH_BROKEN', name: { en: 'Broken bench', es: 'Banco roto', vi: '', ru: 'Сломанная скамейка' }, departmentId: 'parks', groupCode: 'streets', slaHours: 72, slaKind: 'calendar', defaultPriority: 'low' };
    const created = await app.inject({ method: 'POST', url: '/api/v1/services', headers: h, payload: body });
    assert.equal(created.statusCode, 201, created.body);
    const service = created.json().service;
    assert.deepEqual(service.name, { en: 'Broken bench', es: 'Banco roto', ru: 'Сломанная скамейка' });
    assert.equal(service.version, 1);
    assert.equal(service.handling, 'intake');
    assert.equal((await getService(t.deps, 'testville', 'BENCH_BROKEN')).departmentId, 'parks');
    const again = await app.inject({ method: 'POST', url: '/api/v1/services', headers: h, payload: body });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'service_exists');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/services', headers: h, payload: { ...body, code: 'OTHER', departmentId: 'mars', groupCode: 'nope' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.problems.map((p: { field: string }) => p.field), ['departmentId', 'groupCode']);
    const noEnglish = await app.inject({ method: 'POST', url: '/api/v1/services', headers: h, payload: { ...body, code: 'OTHER', name: { es: 'Solo español' } } });
    assert.equal(noEnglish.statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/services', headers: agent.session.headers, payload: { ...body, code: 'AGENT_MADE' } })).statusCode, 403);
    assert.equal((await listAuditEvents(t.deps, { action: 'catalog.service_created' })).events.length, 1);
  });

  test('PATCH /services/:code with expectedVersion: a stale edit is 409 with the current version; department and confidential change', async () => {
    const v = (await getService(t.deps, 'testville', 'STREETLIGHT')).version;
    const ok = await app.inject({ method: 'PATCH', url: '/api/v1/services/STREETLIGHT', headers: h, payload: { expectedVersion: v, departmentId: 'parks', confidential: true, description: { en: 'Lights out', es: '' } } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().service.version, v + 1);
    assert.equal(ok.json().service.departmentId, 'parks');
    assert.deepEqual(ok.json().service.description, { en: 'Lights out' });
    const stale = await app.inject({ method: 'PATCH', url: '/api/v1/services/STREETLIGHT', headers: h, payload: { expectedVersion: v, slaHours: 5 } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'stale_version');
    assert.match(stale.json().error.message, new RegExp(`version ${v + 1}`));
    assert.equal((await getService(t.deps, 'testville', 'STREETLIGHT')).slaHours, 80);
    const badDept = await app.inject({ method: 'PATCH', url: '/api/v1/services/STREETLIGHT', headers: h, payload: { departmentId: 'mars' } });
    assert.equal(badDept.statusCode, 400);
  });

  test('PUT /services/:code/attributes: add, edit, reorder, retire; retired answers stay on stored requests; a code keeps its datatype', async () => {
    const stored = await createPothole(t.deps, { attributes: { SIZE: 'small', PLATE: 'ABC123' } });
    const before = await attributesOf('POTHOLE');
    assert.equal(before.attributes.length, 7);
    const kept = before.attributes.filter((a) => a.code !== 'PLATE').reverse();
    const sizes = kept.find((a) => a.code === 'SIZE');
    assert.ok(sizes);
    sizes.values = [...(sizes.values ?? []), { key: 'huge', name: { en: 'Huge', es: 'Enorme' } }];
    const added: Attr = { code: 'SURFACE', datatype: 'singlevaluelist', required: true, description: { en: 'Road surface?', es: '¿Superficie?' }, values: [{ key: 'asphalt', name: { en: 'Asphalt' } }, { key: 'brick', name: { en: 'Brick' } }] };
    const strip = (a: Attr) => ({ code: a.code, datatype: a.datatype, required: a.required, variable: a.variable, description: a.description, values: a.values });
    const res = await put('POTHOLE', { expectedVersion: before.service.version, attributes: [...kept.map(strip), added] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as { service: { version: number }; attributes: Attr[] };
    assert.equal(after.service.version, before.service.version + 1);
    assert.deepEqual(after.attributes.filter((a) => !a.retiredAt).map((a) => a.code), [...kept.map((a) => a.code), 'SURFACE']);
    assert.ok(after.attributes.find((a) => a.code === 'PLATE')?.retiredAt, 'PLATE is retired, not deleted');

    // The public form no longer asks PLATE and requires SURFACE; the stored request keeps its PLATE answer.
    const service = await getService(t.deps, 'testville', 'POTHOLE');
    assert.deepEqual(service.attributes.map((a) => a.code), [...kept.map((a) => a.code), 'SURFACE']);
    await assert.rejects(createPothole(t.deps, { attributes: { SIZE: 'huge', PLATE: 'X' } }), /PLATE|SURFACE/);
    const fresh = await createPothole(t.deps, { attributes: { SIZE: 'huge', SURFACE: 'brick' } });
    assert.deepEqual(fresh.request.attributes, { SIZE: 'huge', SURFACE: 'brick' });
    const old = await app.inject({ url: `/api/v1/requests/${stored.request.id}`, headers: h });
    assert.equal(old.json().request.attributes.PLATE, 'ABC123');
    const open311 = await app.inject({ url: '/open311/v2/services/POTHOLE.json' });
    assert.equal(open311.statusCode, 200, open311.body);
    assert.deepEqual(open311.json().attributes.map((a: { code: string }) => a.code), [...kept.map((a) => a.code), 'SURFACE']);
    assert.equal((await app.inject({ url: `/open311/v2/requests/${stored.request.trackingNumber}.json` })).statusCode, 200, 'the stored request is still served');

    // Stale version, reused code with another datatype, list without values, duplicates, info-only required.
    const stale = await put('POTHOLE', { expectedVersion: before.service.version, attributes: [] });
    assert.equal(stale.statusCode, 409);
    const v = after.service.version;
    const retype = await put('POTHOLE', { expectedVersion: v, attributes: [{ code: 'PLATE', datatype: 'number', description: { en: 'Plate' } }] });
    assert.equal(retype.statusCode, 400);
    assert.equal(retype.json().error.problems[0].code, 'datatype_fixed');
    const bad = await put('POTHOLE', {
      expectedVersion: v,
      attributes: [
        { code: 'A', datatype: 'multivaluelist', description: { en: 'A?' } },
        { code: 'A', datatype: 'string', description: { en: 'again' }, values: [{ key: 'x', name: { en: 'X' } }] },
        { code: 'B', datatype: 'string', variable: false, required: true, description: { en: 'Info' } },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.problems.map((p: { field: string }) => p.field), ['attributes.0.values', 'attributes.1.code', 'attributes.1.values', 'attributes.2.required']);
    const noEnglish = await put('POTHOLE', { expectedVersion: v, attributes: [{ code: 'C', datatype: 'string', description: { es: 'solo' } }] });
    assert.equal(noEnglish.statusCode, 400);
    assert.equal((await put('POTHOLE', { expectedVersion: v, attributes: [] }, agent.session.headers)).statusCode, 403);

    // Restoring PLATE (as text: string and text may swap) brings it back.
    const restore = await put('POTHOLE', { expectedVersion: v, attributes: [{ code: 'PLATE', datatype: 'text', description: { en: 'Nearby plate' } }] });
    assert.equal(restore.statusCode, 200, restore.body);
    assert.deepEqual((await getService(t.deps, 'testville', 'POTHOLE')).attributes.map((a) => a.code), ['PLATE']);
    const audit = await listAuditEvents(t.deps, { action: 'catalog.attributes_replaced' });
    assert.equal(audit.events.length, 2);
  });

  test('calendar: weekly hours replaced (overlaps and closes-before-opens refused), holidays added and removed, audited', async () => {
    const cal = (await app.inject({ url: '/api/v1/calendar', headers: agent.session.headers })).json().calendar;
    assert.equal(cal.timeZone, 'America/Los_Angeles');
    assert.equal(cal.hours.length, 5);
    assert.deepEqual(cal.holidays, [{ date: '2026-03-13', name: 'Founders Day' }]);
    assert.ok(cal.federalHolidays.length >= 20);
    const hours = [{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '13:00', closes: '17:00' }, { weekday: 6, opens: '10:00', closes: '24:00' }];
    const res = await app.inject({ method: 'PUT', url: '/api/v1/calendar/hours', headers: h, payload: { hours, observesFederalHolidays: false } });
    assert.equal(res.statusCode, 200, res.body);
    const j = await getJurisdiction(t.deps, { id: 'testville' });
    assert.deepEqual(j.calendar.hours, hours);
    assert.equal(j.calendar.observesFederalHolidays, false);
    const overlap = await app.inject({ method: 'PUT', url: '/api/v1/calendar/hours', headers: h, payload: { hours: [{ weekday: 2, opens: '08:00', closes: '12:00' }, { weekday: 2, opens: '11:00', closes: '13:00' }, { weekday: 3, opens: '09:00', closes: '09:00' }], observesFederalHolidays: true } });
    assert.equal(overlap.statusCode, 400);
    assert.deepEqual(overlap.json().error.problems.map((p: { code: string }) => p.code).sort(), ['closes_before_opens', 'overlap']);
    const badTime = await app.inject({ method: 'PUT', url: '/api/v1/calendar/hours', headers: h, payload: { hours: [{ weekday: 8, opens: '25:00', closes: '17:00' }], observesFederalHolidays: true } });
    assert.equal(badTime.statusCode, 400);

    // New requests count on the new hours (open around the clock: 40 business hours = 40 hours); a request made before keeps its due date.
    const before = await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {} });
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
    assert.equal((await app.inject({ method: 'PUT', url: '/api/v1/calendar/hours', headers: h, payload: { hours: allWeek, observesFederalHolidays: false } })).statusCode, 200);
    const afterChange = await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {} });
    assert.equal(afterChange.request.dueAt?.getTime(), afterChange.request.createdAt.getTime() + 40 * 3_600_000);
    const reread = await app.inject({ url: `/api/v1/requests/${before.request.id}`, headers: h });
    assert.equal(new Date(reread.json().request.dueAt).getTime(), before.request.dueAt?.getTime());
    assert.notEqual(before.request.dueAt?.getTime(), afterChange.request.dueAt?.getTime());

    const add = await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', headers: h, payload: { date: '2026-12-24', name: 'Christmas Eve' } });
    assert.equal(add.statusCode, 201, add.body);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', headers: h, payload: { date: '2026-12-24', name: 'Again' } })).statusCode, 409);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', headers: h, payload: { date: '2026-02-30', name: 'No such day' } })).statusCode, 400);
    assert.equal((await getJurisdiction(t.deps, { id: 'testville' })).calendar.localHolidays.length, 2);
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/calendar/holidays/2026-12-24', headers: h });
    assert.equal(del.statusCode, 200);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/calendar/holidays/2026-12-24', headers: h })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', headers: agent.session.headers, payload: { date: '2026-12-26', name: 'x' } })).statusCode, 403);
    const actions = (await listAuditEvents(t.deps, { area: 'catalog', targetKind: 'jurisdiction' })).events.map((e) => e.action).sort();
    assert.deepEqual(actions, ['catalog.calendar_hours_replaced', 'catalog.calendar_hours_replaced', 'catalog.holiday_added', 'catalog.holiday_removed']);
  });

  test('pickers: service groups, jurisdictions; permissions list for the API key screen; KB Markdown preview', async () => {
    assert.deepEqual((await app.inject({ url: '/api/v1/service-groups', headers: agent.session.headers })).json().serviceGroups.map((g: { code: string }) => g.code), ['streets']);
    assert.equal((await app.inject({ url: '/api/v1/jurisdictions', headers: agent.session.headers })).json().jurisdictions[0].id, 'testville');
    const perms = (await app.inject({ url: '/api/v1/permissions', headers: h })).json().permissions as Array<{ id: string; apiKeyScope: boolean }>;
    assert.equal(perms.find((p) => p.id === 'open311:write')?.apiKeyScope, true);
    assert.equal(perms.find((p) => p.id === 'users:admin')?.apiKeyScope, false);
    assert.equal((await app.inject({ url: '/api/v1/permissions', headers: agent.session.headers })).statusCode, 403);
    const preview = await app.inject({ method: 'POST', url: '/api/v1/kb/preview', headers: h, payload: { body: '# Hi\n\nSome **bold** text.\n\n<script>alert(1)</script>' } });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.match(preview.json().html, /<strong>bold<\/strong>/);
    assert.doesNotMatch(preview.json().html, /<script/);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/kb/preview', headers: agent.session.headers, payload: { body: 'x' } })).statusCode, 403);
  });
});
