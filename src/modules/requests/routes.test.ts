import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, createStaff, seedTestville, staffSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { createApiKey, updateUser } from '../identity/index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const agent = await staffSession(app, t.deps, ['agent']);
const analyst = await staffSession(app, t.deps, ['analyst']);
const supervisor = await staffSession(app, t.deps, ['supervisor']);
const streetsBureau = await staffSession(app, t.deps, ['bureau_staff'], ['streets']);
const parksBureau = await staffSession(app, t.deps, ['bureau_staff'], ['parks']);
const system = { actor: { kind: 'system' as const, label: 'test' } };
const key = await createApiKey(t.deps, { name: 'crm', scopes: ['requests:read', 'requests:write', 'requests:read_personal'] }, system);
const keyHeaders = { authorization: `Bearer ${key.key}` };

const west = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };
const east = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long + 0.02 };
const pothole = (await createPothole(t.deps, { description: 'Crater on Elm Street', address: '12 Elm Street' })).request;
const confidential = (await createPothole(t.deps, { serviceCode: 'ADA_COMPLAINT', attributes: {}, description: 'Ramp blocked at city hall', location: west })).request;
const sewer = (await createPothole(t.deps, { serviceCode: 'SEWER_BACKUP', attributes: {}, description: 'Sewer backing up', location: east })).request;
const eastPothole = (await createPothole(t.deps, { description: 'East side pothole', location: east })).request;
assert.equal(confidential.confidential, true);
assert.equal(sewer.departmentId, 'parks');
assert.equal(eastPothole.departmentId, 'east-crew');

type Headers = Record<string, string>;
const get = (url: string, headers: Headers) => app.inject({ url, headers });
const post = (url: string, headers: Headers, payload: object, extra: Headers = {}) => app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload });
const list = async (headers: Headers, query = '') => {
  const res = await get(`/api/v1/requests${query}`, headers);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { requests: Array<{ id: number; trackingNumber: string; requester?: unknown }>; total: number; nextCursor: string | null };
};
const ids = (page: { requests: Array<{ id: number }> }) => page.requests.map((r) => r.id).sort((a, b) => a - b);

describe('confidential requests', () => {
  test('never appear to callers who may not see them: not in lists, counts, reads or timelines', async () => {
    for (const who of [agent.session.headers, analyst.session.headers, keyHeaders, parksBureau.session.headers]) {
      const page = await list(who, '?limit=100');
      assert.ok(!ids(page).includes(confidential.id));
      const byText = await list(who, `?q=${confidential.trackingNumber}`);
      assert.equal(byText.total, 0);
      assert.deepEqual(byText.requests, []);
      for (const ref of [confidential.id, confidential.trackingNumber]) {
        const res = await get(`/api/v1/requests/${ref}`, who);
        assert.equal(res.statusCode, 404, res.body);
        assert.ok(!res.body.includes('Ramp blocked'));
      }
      const note = await post(`/api/v1/requests/${confidential.id}/notes`, who, { internalNote: 'peek' });
      assert.ok([403, 404].includes(note.statusCode), note.body);
    }
    const unknown = await get('/api/v1/requests/999999', agent.session.headers);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
  });

  test('staff of the owning department and holders of requests:read_confidential see them; each read is audited', async () => {
    for (const who of [supervisor, streetsBureau]) {
      const page = await list(who.session.headers, '?limit=100');
      assert.ok(ids(page).includes(confidential.id));
      const res = await get(`/api/v1/requests/${confidential.trackingNumber}`, who.session.headers);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().request.description, 'Ramp blocked at city hall');
      assert.ok(res.json().timeline.length >= 2);
      const audit = await listAuditEvents(t.deps, { action: 'request.read_confidential', actorId: String(who.user.id) });
      assert.equal(audit.events[0]?.target?.id, String(confidential.id));
    }
  });

  test('counts match what each caller may see', async () => {
    assert.equal((await list(supervisor.session.headers, '?limit=1')).total - (await list(agent.session.headers, '?limit=1')).total, 1);
  });
});

describe('scopes and presenters', () => {
  test('bureau staff see and change only their departments’ requests', async () => {
    const parks = await list(parksBureau.session.headers, '?limit=100');
    assert.deepEqual(ids(parks), [sewer.id]);
    assert.equal(parks.total, 1);
    assert.equal((await get(`/api/v1/requests/${pothole.id}`, parksBureau.session.headers)).statusCode, 404);
    const change = await post(`/api/v1/requests/${pothole.id}/transition`, parksBureau.session.headers, { to: 'acknowledged', expectedVersion: 1 });
    assert.equal(change.statusCode, 404);
    const widened = await list(parksBureau.session.headers, '?department=streets&limit=100');
    assert.equal(widened.total, 0, 'a filter cannot widen the scope');
    const own = await get(`/api/v1/requests/${sewer.id}`, parksBureau.session.headers);
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().request.requester.email, 'ana@example.org');
  });

  test('analysts get no contact details and no internal notes; reading contact details is audited', async () => {
    await post(`/api/v1/requests/${pothole.id}/notes`, agent.session.headers, { internalNote: 'Resident is the owner of the shop', publicNote: 'Crew scheduled' });
    const asAnalyst = await get(`/api/v1/requests/${pothole.trackingNumber}`, analyst.session.headers);
    assert.equal(asAnalyst.statusCode, 200);
    assert.equal(asAnalyst.json().request.requester, undefined);
    assert.ok(!asAnalyst.body.includes('ana@example.org') && !asAnalyst.body.includes('Ana Resident') && !asAnalyst.body.includes('555-0101'));
    assert.ok(!asAnalyst.body.includes('owner of the shop'));
    assert.ok(asAnalyst.body.includes('Crew scheduled'));
    assert.equal((await listAuditEvents(t.deps, { action: 'request.read_personal', actorId: String(analyst.user.id) })).events.length, 0);

    const asAgent = await get(`/api/v1/requests/${pothole.trackingNumber.toLowerCase()}`, agent.session.headers);
    assert.equal(asAgent.statusCode, 200);
    assert.deepEqual(asAgent.json().request.requester, { name: 'Ana Resident', email: 'ana@example.org', phone: '5035550101' });
    assert.ok(asAgent.body.includes('owner of the shop'));
    const audit = await listAuditEvents(t.deps, { action: 'request.read_personal', actorId: String(agent.user.id) });
    assert.equal(audit.events[0]?.target?.id, String(pothole.id));
  });

  test('duplicate candidates shown to bureau staff are only their departments’ requests', async () => {
    const near = `/api/v1/requests/duplicates?service_code=POTHOLE&lat=${west.lat}&long=${west.long}`;
    const everyone = (await get(near, agent.session.headers)).json().duplicates as Array<{ id: number }>;
    assert.ok(everyone.some((d) => d.id === pothole.id));
    assert.deepEqual((await get(near, parksBureau.session.headers)).json().duplicates, []);
    assert.ok((await get(near, streetsBureau.session.headers)).json().duplicates.some((d: { id: number }) => d.id === pothole.id));
  });

  test('lists never carry contact details', async () => {
    for (const who of [agent.session.headers, supervisor.session.headers, keyHeaders]) {
      const res = await get('/api/v1/requests?limit=100', who);
      assert.ok(!res.body.includes('ana@example.org') && !res.body.includes('Ana Resident'));
    }
  });
});

describe('changes over HTTP', () => {
  test('Idempotency-Key: 201 first, 200 with the same request on replay, 409 for a different body', async () => {
    const body = { serviceCode: 'STREETLIGHT', channel: 'phone', description: 'Dark corner', location: west, requester: { name: 'Bo', phone: '503-555-0199' } };
    const first = await post('/api/v1/requests', agent.session.headers, body, { 'idempotency-key': 'call-77' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().replayed, false);
    assert.ok(Array.isArray(first.json().duplicates));
    const again = await post('/api/v1/requests', agent.session.headers, body, { 'idempotency-key': 'call-77' });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().request.id, first.json().request.id);
    assert.equal(again.json().replayed, true);
    const other = await post('/api/v1/requests', agent.session.headers, { ...body, description: 'Another' }, { 'idempotency-key': 'call-77' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().error.code, 'idempotency_key_reused');
    const created = await listAuditEvents(t.deps, { action: 'request.created', targetId: String(first.json().request.id) });
    assert.equal(created.events.length, 1, 'a replay is not a second creation');
    const timeline = (await get(`/api/v1/requests/${first.json().request.id}`, agent.session.headers)).json().timeline;
    assert.equal(timeline[0].actor, `staff:${agent.user.email}`);
  });

  test('a create the caller may not read answers with a receipt only', async () => {
    const res = await post('/api/v1/requests', agent.session.headers, { serviceCode: 'ADA_COMPLAINT', channel: 'phone', description: 'Secret ramp', location: west });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().request.receiptOnly, true);
    assert.ok(!res.body.includes('Secret ramp'));
  });

  test('a stale expectedVersion is a 409 with the current version; changes are audited', async () => {
    const { request } = await createPothole(t.deps);
    const ok = await post(`/api/v1/requests/${request.trackingNumber}/transition`, agent.session.headers, { to: 'acknowledged', expectedVersion: 1, publicNote: 'On it' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().request.version, 2);
    const stale = await post(`/api/v1/requests/${request.trackingNumber}/transition`, agent.session.headers, { to: 'in_progress', expectedVersion: 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'stale_version');
    const staleAssign = await post(`/api/v1/requests/${request.id}/assign`, agent.session.headers, { assigneeId: agent.user.id, expectedVersion: 1 });
    assert.equal(staleAssign.statusCode, 409);
    const audit = await listAuditEvents(t.deps, { action: 'request.status_changed', targetId: String(request.id) });
    assert.equal(audit.events.length, 1);
    assert.deepEqual(audit.events[0]?.data, { tracking_number: request.trackingNumber, from: 'new', to: 'acknowledged' });
    assert.equal(audit.events[0]?.actor.label, agent.user.email);
  });

  test('assignment: to staff allowed to work the department, back to the queue; recorded in timeline and audit', async () => {
    const { request } = await createPothole(t.deps);
    const url = `/api/v1/requests/${request.id}/assign`;
    const wrongDept = await post(url, agent.session.headers, { assigneeId: parksBureau.user.id, expectedVersion: 1 });
    assert.equal(wrongDept.statusCode, 400);
    assert.equal(wrongDept.json().error.problems[0].code, 'assignee_not_allowed');
    const cannotWrite = await post(url, agent.session.headers, { assigneeId: analyst.user.id, expectedVersion: 1 });
    assert.equal(cannotWrite.json().error.problems[0].code, 'assignee_not_allowed');
    const disabled = await createStaff(t.deps, { roles: ['agent'] });
    await updateUser(t.deps, disabled.id, { status: 'disabled' }, system);
    assert.equal((await post(url, agent.session.headers, { assigneeId: disabled.id, expectedVersion: 1 })).json().error.problems[0].code, 'assignee_disabled');
    assert.equal((await post(url, agent.session.headers, { assigneeId: 987654, expectedVersion: 1 })).json().error.problems[0].code, 'unknown_staff_user');

    const assigned = await post(url, agent.session.headers, { assigneeId: streetsBureau.user.id, expectedVersion: 1 });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().request.assignedTo, streetsBureau.user.id);
    const mine = await list(streetsBureau.session.headers, '?assignee=me');
    assert.deepEqual(ids(mine), [request.id]);
    const back = await post(url, agent.session.headers, { assigneeId: null, expectedVersion: 2 });
    assert.equal(back.json().request.assignedTo, null);
    const timeline = (await get(`/api/v1/requests/${request.id}`, agent.session.headers)).json().timeline as Array<{ kind: string; data: unknown }>;
    assert.deepEqual(timeline.filter((e) => e.kind === 'assigned').map((e) => e.data), [{ from: null, to: streetsBureau.user.id }, { from: streetsBureau.user.id, to: null }]);
    assert.equal((await listAuditEvents(t.deps, { action: 'request.assigned', targetId: String(request.id) })).events.length, 2);
  });

  test('merge, notes and support through the API', async () => {
    const parent = (await createPothole(t.deps)).request;
    const child = (await createPothole(t.deps)).request;
    const merged = await post(`/api/v1/requests/${child.trackingNumber}/merge`, keyHeaders, { parent: parent.trackingNumber, expectedChildVersion: 1 });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().child.status, 'duplicate');
    assert.equal(merged.json().child.parentTrackingNumber, parent.trackingNumber);
    const intoHidden = await post(`/api/v1/requests/${parent.id}/merge`, agent.session.headers, { parent: confidential.id });
    assert.equal(intoHidden.statusCode, 404);
    const support = await post(`/api/v1/requests/${parent.id}/support`, agent.session.headers, { channel: 'phone', supporter: { name: 'Neighbour', email: 'n@example.org' } });
    assert.equal(support.statusCode, 200, support.body);
    assert.equal(support.json().request.supportCount, 2, "the child's requester and the new supporter");
    const emptyNote = await post(`/api/v1/requests/${parent.id}/notes`, agent.session.headers, {});
    assert.equal(emptyNote.statusCode, 400);
    assert.equal((await listAuditEvents(t.deps, { action: 'request.merged', targetId: String(child.id) })).events.length, 1);
    assert.equal((await listAuditEvents(t.deps, { action: 'request.supported', targetId: String(parent.id) })).events.length, 1);
  });
});

describe('the staff list', () => {
  test('filters: status, service, department, district, text, overdue, assignee none, created range', async () => {
    const h = supervisor.session.headers;
    assert.ok(ids(await list(h, '?service_code=SEWER_BACKUP')).every((id) => id === sewer.id));
    assert.deepEqual(ids(await list(h, '?department=east-crew')), [eastPothole.id]);
    assert.ok(ids(await list(h, '?district=east')).includes(sewer.id));
    assert.ok(!ids(await list(h, '?district=east&limit=100')).includes(pothole.id));
    assert.deepEqual(ids(await list(h, '?q=ELM street')), [pothole.id]);
    assert.deepEqual(ids(await list(h, `?q=${pothole.trackingNumber.toLowerCase()}`)), [pothole.id]);
    assert.deepEqual(ids(await list(h, '?q=100%25')), []);
    assert.ok(ids(await list(h, '?status=new,acknowledged&limit=100')).includes(pothole.id));
    assert.ok(!ids(await list(h, '?status=duplicate&limit=100')).includes(pothole.id));
    assert.ok(ids(await list(h, '?assignee=none&limit=100')).includes(pothole.id));
    assert.equal((await list(h, '?overdue=true')).total, 0);
    assert.equal((await list(h, '?created_after=2030-01-01T00:00:00Z')).total, 0);
    assert.ok((await list(h, '?created_before=2030-01-01T00:00:00Z')).total > 0);
    // Sessions expire when the clock moves days; an API key does not.
    t.clock.advance(5 * 24 * 3600 * 1000);
    const overdue = await list(keyHeaders, '?overdue=true&limit=100');
    assert.ok(ids(overdue).includes(sewer.id), 'the 4-hour sewer SLA has long passed');
    t.clock.advance(-5 * 24 * 3600 * 1000);
  });

  test('keyset pages cover every request once, in order, with the total', async () => {
    const h = supervisor.session.headers;
    const all = await list(h, '?limit=100&sort=created');
    for (const sort of ['created', '-created', 'updated', '-due', 'due']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(h, `?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.total, all.total);
        seen.push(...page.requests.map((r) => r.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      assert.equal(seen.length, all.total, sort);
      assert.deepEqual([...seen].sort((a, b) => a - b), ids(all), sort);
    }
    const desc = await list(h, '?limit=100&sort=-created');
    assert.deepEqual(desc.requests.map((r) => r.id), [...all.requests.map((r) => r.id)].reverse());
    const wrongSort = await get(`/api/v1/requests?sort=due&cursor=${(await list(h, '?limit=1&sort=created')).nextCursor}`, h);
    assert.equal(wrongSort.statusCode, 400);
    assert.equal(wrongSort.json().error.code, 'bad_cursor');
  });
});

