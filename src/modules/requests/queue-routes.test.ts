import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { listServiceRequests } from './list.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const streets = await staffSession(app, t.deps, ['bureau_staff'], ['streets']);
const streets2 = await staffSession(app, t.deps, ['bureau_staff'], ['streets']);
const parks = await staffSession(app, t.deps, ['bureau_staff'], ['parks']);
const supervisor = await staffSession(app, t.deps, ['supervisor']);
const analyst = await staffSession(app, t.deps, ['analyst']);

type Headers = Record<string, string>;
const get = (url: string, s: { session: { headers: Headers } }) => app.inject({ url, headers: s.session.headers });
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, s: { session: { headers: Headers } }, payload?: object) =>
  app.inject({ method, url, headers: s.session.headers, ...(payload ? { payload } : {}) });
const west = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };

describe('queue list and summary', () => {
  test('each request carries its SLA clock; overdue ones say so; bureau staff see only their departments', async () => {
    const r = (await createPothole(t.deps, { description: 'Queue clock pothole' })).request;
    const sewer = (await createPothole(t.deps, { serviceCode: 'SEWER_BACKUP', attributes: {}, description: 'Queue sewer' })).request;
    const res = await get(`/api/v1/queue/requests?q=${r.trackingNumber}`, streets);
    assert.equal(res.statusCode, 200, res.body);
    const item = res.json().requests[0];
    assert.equal(item.trackingNumber, r.trackingNumber);
    assert.equal(item.sla.state, 'on_time');
    assert.ok(item.sla.secondsLeft > 0);
    assert.equal(item.requester, undefined);
    assert.equal((await get(`/api/v1/queue/requests?q=${sewer.trackingNumber}`, streets)).json().total, 0);
    t.clock.advance(-30 * 86_400_000);
    const old = (await createPothole(t.deps, { description: 'Queue old pothole' })).request;
    t.clock.advance(30 * 86_400_000);
    const late = (await get(`/api/v1/queue/requests?q=${old.trackingNumber}`, streets)).json().requests[0];
    assert.equal(late.sla.state, 'overdue');
    assert.equal(late.sla.breached, true);
    assert.ok(late.sla.secondsLeft < 0);
    const overdueOnly = (await get('/api/v1/queue/requests?overdue=true&limit=100', streets)).json().requests.map((x: { id: number }) => x.id);
    assert.ok(overdueOnly.includes(old.id) && !overdueOnly.includes(r.id));
    const bad = await get('/api/v1/queue/requests?sort=sideways', streets);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /sort/);
  });

  test('the count can stop at a cap (the queue stops at 1,000) and says so', async () => {
    for (let i = 0; i < 3; i++) await createPothole(t.deps, { description: `Capped count ${i}` });
    const scope = { departments: 'all' as const, confidentialDepartments: 'all' as const };
    const capped = await listServiceRequests(t.deps, scope, { q: 'Capped count', sort: 'due' }, null, { countUpTo: 2 });
    assert.deepEqual([capped.total, capped.totalCapped, capped.requests.length], [2, true, 3]);
    const exact = await listServiceRequests(t.deps, scope, { q: 'Capped count', sort: '-created' }, null, { countUpTo: 10 });
    assert.deepEqual([exact.total, exact.totalCapped], [3, false]);
    const res = (await get('/api/v1/queue/requests?q=Capped%20count', streets)).json();
    assert.deepEqual([res.total, res.totalCapped], [3, false]);
  });

  test('the summary counts open requests per department within the caller’s scope', async () => {
    const before = (await get('/api/v1/queue/summary', streets)).json().departments;
    assert.deepEqual(before.map((d: { department: string }) => d.department), ['streets']);
    await createPothole(t.deps, { description: 'Summary pothole' });
    const afterCounts = (await get('/api/v1/queue/summary', streets)).json().departments[0];
    assert.equal(afterCounts.open, before[0].open + 1);
    assert.equal(afterCounts.new, before[0].new + 1);
    const all = (await get('/api/v1/queue/summary', supervisor)).json().departments.map((d: { department: string }) => d.department);
    assert.ok(all.includes('streets') && all.includes('parks'));
    assert.equal((await app.inject({ url: '/api/v1/queue/summary' })).statusCode, 401);
  });

  test('assignees: staff who may work the department; another department’s list is hidden from bureau staff', async () => {
    const res = await get('/api/v1/queue/assignees?department=streets', streets);
    assert.equal(res.statusCode, 200, res.body);
    const ids = res.json().assignees.map((a: { id: number }) => a.id);
    assert.ok(ids.includes(streets.user.id) && ids.includes(supervisor.user.id));
    assert.ok(!ids.includes(parks.user.id) && !ids.includes(analyst.user.id));
    assert.equal((await get('/api/v1/queue/assignees?department=parks', supervisor)).statusCode, 200);
    assert.equal((await get('/api/v1/queue/assignees?department=parks', streets)).statusCode, 404);
    assert.equal((await get('/api/v1/queue/assignees', streets)).statusCode, 400);
  });
});

describe('saved views', () => {
  test('save, list, rename, share within own department only, delete; others cannot change them', async () => {
    const created = await send('POST', '/api/v1/queue/views', streets, { name: 'My overdue', filters: { overdue: 'true', assignee: 'me' }, sort: 'due' });
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json().view;
    assert.deepEqual(view.filters, { overdue: 'true', assignee: 'me' });
    assert.equal((await send('POST', '/api/v1/queue/views', streets, { name: 'MY OVERDUE' })).statusCode, 409);
    const empty = await send('POST', '/api/v1/queue/views', streets, { name: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /name/);
    const badFilter = await send('POST', '/api/v1/queue/views', streets, { name: 'x', filters: { status: 'lost' } });
    assert.equal(badFilter.statusCode, 400);
    assert.match(badFilter.body, /status/);
    const unknownFilter = await send('POST', '/api/v1/queue/views', streets, { name: 'x', filters: { cursor: 'abc' } });
    assert.equal(unknownFilter.statusCode, 400);
    const foreign = await send('POST', '/api/v1/queue/views', streets, { name: 'Parks share', sharedDepartment: 'parks' });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /sharedDepartment/);

    assert.equal((await get('/api/v1/queue/views', streets2)).json().views.length, 0);
    const shared = await send('PATCH', `/api/v1/queue/views/${view.id}`, streets, { sharedDepartment: 'streets', name: 'Streets overdue' });
    assert.equal(shared.statusCode, 200, shared.body);
    const seen = (await get('/api/v1/queue/views', streets2)).json().views;
    assert.deepEqual(seen.map((v: { name: string; mine: boolean }) => [v.name, v.mine]), [['Streets overdue', false]]);
    assert.equal((await get('/api/v1/queue/views', parks)).json().views.length, 0);
    assert.equal((await send('PATCH', `/api/v1/queue/views/${view.id}`, streets2, { name: 'Mine now' })).statusCode, 403);
    assert.equal((await send('DELETE', `/api/v1/queue/views/${view.id}`, parks)).statusCode, 404);
    assert.equal((await send('DELETE', `/api/v1/queue/views/${view.id}`, streets)).statusCode, 204);
    assert.equal((await get('/api/v1/queue/views', streets)).json().views.length, 0);
    const audit = await listAuditEvents(t.deps, { action: 'queue_view.created' });
    assert.ok(audit.events.some((e) => e.target?.id === String(view.id)));
  });
});

describe('response templates', () => {
  test('managed by supervisors, read by the department, filled in for a request, version-checked', async () => {
    const payload = { department: 'streets', name: 'Fixed', texts: { en: 'We fixed {service} at {address} ({tracking_number}).', es: 'Reparamos {service} ({tracking_number}).' } };
    assert.equal((await send('POST', '/api/v1/response-templates', streets, payload)).statusCode, 403);
    const bad = await send('POST', '/api/v1/response-templates', supervisor, { ...payload, texts: { en: 'Hello {name}' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /texts\.en/);
    const noEnglish = await send('POST', '/api/v1/response-templates', supervisor, { ...payload, texts: { es: 'Hola' } });
    assert.equal(noEnglish.statusCode, 400);
    const created = await send('POST', '/api/v1/response-templates', supervisor, payload);
    assert.equal(created.statusCode, 201, created.body);
    const template = created.json().template;
    assert.equal((await send('POST', '/api/v1/response-templates', supervisor, payload)).statusCode, 409);

    assert.equal((await get('/api/v1/response-templates', streets)).json().templates.length, 1);
    assert.equal((await get('/api/v1/response-templates', parks)).json().templates.length, 0);
    assert.equal((await get('/api/v1/response-templates?department=streets', parks)).json().templates.length, 0);

    const r = (await createPothole(t.deps, { address: '12 Elm Street' })).request;
    const filled = (await get(`/api/v1/requests/${r.trackingNumber}/response-templates?locale=es`, streets)).json().templates;
    assert.deepEqual(filled, [{ id: template.id, name: 'Fixed', locale: 'es', text: `Reparamos es POTHOLE (${r.trackingNumber}).` }]);
    const vi = (await get(`/api/v1/requests/${r.id}/response-templates?locale=vi`, streets)).json().templates[0];
    assert.equal(vi.locale, 'en');
    assert.equal(vi.text, `We fixed pothole at 12 Elm Street (${r.trackingNumber}).`);
    assert.equal((await get(`/api/v1/requests/${r.id}/response-templates`, parks)).statusCode, 404);

    const retired = await send('PATCH', `/api/v1/response-templates/${template.id}`, supervisor, { active: false, expectedVersion: 1 });
    assert.equal(retired.statusCode, 200, retired.body);
    const stale = await send('PATCH', `/api/v1/response-templates/${template.id}`, supervisor, { name: 'Other', expectedVersion: 1 });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    assert.equal((await get(`/api/v1/requests/${r.id}/response-templates`, streets)).json().templates.length, 0);
  });
});

describe('bulk changes', () => {
  test('each item checked on its own: successes applied, stale and foreign items reported, nothing half-applied', async () => {
    const a = (await createPothole(t.deps, { description: 'Bulk A' })).request;
    const b = (await createPothole(t.deps, { description: 'Bulk B' })).request;
    const sewer = (await createPothole(t.deps, { serviceCode: 'SEWER_BACKUP', attributes: {}, description: 'Bulk sewer' })).request;
    const res = await send('POST', '/api/v1/requests/bulk', streets, {
      action: 'assign',
      assigneeId: streets.user.id,
      items: [
        { ref: a.trackingNumber, expectedVersion: a.version },
        { ref: b.id, expectedVersion: b.version + 5 },
        { ref: sewer.id, expectedVersion: sewer.version },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.succeeded, 1);
    assert.equal(body.failed, 2);
    assert.deepEqual(body.results.map((r: { ok: boolean; status: number }) => [r.ok, r.status]), [[true, 200], [false, 409], [false, 404]]);
    assert.equal(body.results[0].request.assignedTo, streets.user.id);
    assert.equal(body.results[1].error.code, 'stale_version');
    const reread = async (id: number) => (await get(`/api/v1/requests/${id}`, supervisor)).json().request;
    assert.equal((await reread(b.id)).assignedTo, null);
    assert.equal((await reread(b.id)).version, b.version);
    assert.equal((await reread(sewer.id)).assignedTo, null);

    const moved = await send('POST', '/api/v1/requests/bulk', streets, {
      action: 'transition',
      to: 'resolved',
      publicNote: 'Filled',
      items: [{ ref: a.id, expectedVersion: a.version + 1 }, { ref: b.id, expectedVersion: b.version }],
    });
    assert.equal(moved.json().succeeded, 2, moved.body);
    const timeline = (await get(`/api/v1/requests/${a.id}`, streets)).json().timeline;
    assert.ok(timeline.some((e: { kind: string; publicNote: string }) => e.kind === 'status_changed' && e.publicNote === 'Filled'));
    const illegal = await send('POST', '/api/v1/requests/bulk', streets, { action: 'transition', to: 'on_hold', items: [{ ref: a.id, expectedVersion: a.version + 2 }] });
    assert.equal(illegal.json().results[0].error.code, 'illegal_transition');
    const audit = await listAuditEvents(t.deps, { action: 'request.status_changed' });
    assert.ok(audit.events.some((e) => e.target?.id === String(b.id) && (e.data as { bulk?: boolean }).bulk === true));
  });

  test('bad input is refused as a whole: duplicates, too many, unknown action, analysts', async () => {
    const a = (await createPothole(t.deps)).request;
    const dup = await send('POST', '/api/v1/requests/bulk', streets, { action: 'assign', assigneeId: null, items: [{ ref: a.id, expectedVersion: 1 }, { ref: String(a.id), expectedVersion: 1 }] });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /listed twice/);
    const many = Array.from({ length: 101 }, (_, i) => ({ ref: i + 1, expectedVersion: 1 }));
    assert.equal((await send('POST', '/api/v1/requests/bulk', streets, { action: 'assign', assigneeId: null, items: many })).statusCode, 400);
    assert.equal((await send('POST', '/api/v1/requests/bulk', streets, { action: 'explode', items: [{ ref: a.id, expectedVersion: 1 }] })).statusCode, 400);
    assert.equal((await send('POST', '/api/v1/requests/bulk', streets, { action: 'assign', assigneeId: null, items: [] })).statusCode, 400);
    assert.equal((await send('POST', '/api/v1/requests/bulk', analyst, { action: 'assign', assigneeId: null, items: [{ ref: a.id, expectedVersion: 1 }] })).statusCode, 403);
    const wrongAssignee = await send('POST', '/api/v1/requests/bulk', streets, { action: 'assign', assigneeId: parks.user.id, items: [{ ref: a.id, expectedVersion: a.version }] });
    assert.equal(wrongAssignee.json().results[0].error.field, 'assigneeId');
  });
});

describe('merge candidates and reopening', () => {
  test('nearby open requests of the same service, not the request itself, only those the caller may read', async () => {
    const first = (await createPothole(t.deps, { location: west, description: 'Merge first' })).request;
    const second = (await createPothole(t.deps, { location: { lat: west.lat + 0.0001, long: west.long }, description: 'Merge second' })).request;
    const res = await get(`/api/v1/requests/${second.trackingNumber}/merge-candidates`, streets);
    assert.equal(res.statusCode, 200, res.body);
    const ids = res.json().candidates.map((c: { id: number }) => c.id);
    assert.ok(ids.includes(first.id));
    assert.ok(!ids.includes(second.id));
    assert.equal((await get(`/api/v1/requests/${second.id}/merge-candidates`, parks)).statusCode, 404);
    await t.deps.db.insertInto('request_followers').values({ request_id: second.id, email: 'neighbour@example.org', phone: null, locale: 'en', created_at: t.clock.now() }).execute();
    assert.deepEqual((await get(`/api/v1/requests/${second.id}/audience`, streets)).json(), { followers: 1, supporters: 0 });
    assert.equal((await get(`/api/v1/requests/${second.id}/audience`, parks)).statusCode, 404);
    assert.equal((await get('/api/v1/requests/not a ref/merge-candidates', streets)).statusCode, 400);
  });

  test('a resolved request reopens through a transition, and its clock starts again', async () => {
    const r = (await createPothole(t.deps)).request;
    const resolved = await send('POST', `/api/v1/requests/${r.id}/transition`, streets, { to: 'resolved', expectedVersion: r.version });
    const v = resolved.json().request.version;
    const reopened = await send('POST', `/api/v1/requests/${r.id}/transition`, streets, { to: 'reopened', expectedVersion: v, internalNote: 'Came back' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    const item = (await get(`/api/v1/queue/requests?q=${r.trackingNumber}`, streets)).json().requests[0];
    assert.equal(item.status, 'reopened');
    assert.equal(item.sla.state, 'on_time');
  });
});
