import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession, type TestSession } from '../../test/factories.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const agent = await staffSession(app, t.deps, ['agent']);
const supervisor = (await staffSession(app, t.deps, ['supervisor'])).session;
const bureau = (await staffSession(app, t.deps, ['bureau_staff'], ['streets'])).session;
const analyst = (await staffSession(app, t.deps, ['analyst'])).session;

async function call(session: TestSession | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return app.inject({ method, url, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const as = agent.session;

test('customers: create, de-duplicate by normalised phone and e-mail, search as you type, edit with versions', async () => {
  const created = await call(as, 'POST', '/api/v1/customers', { name: 'María Gonzáles', phones: ['+1 (503) 555-0101'], emails: ['Maria.G@Example.org'], address: '12 Main St', consentToContact: true });
  assert.equal(created.statusCode, 201, created.body);
  const maria = created.json().customer;
  assert.deepEqual(maria.phones, ['15035550101']);
  assert.deepEqual(maria.emails, ['maria.g@example.org']);

  const samePhone = await call(as, 'POST', '/api/v1/customers', { name: 'Someone else', phones: ['503.555.0101'] });
  assert.equal(samePhone.statusCode, 409, samePhone.body);
  assert.equal(samePhone.json().error.code, 'duplicate_customer');
  assert.match(samePhone.json().error.message, new RegExp(`Customer ${maria.id} `));
  assert.equal(samePhone.json().error.field, 'body.phones');

  for (const q of ['mar', 'gonzales', 'GONZÁ', '503555', '555-01', 'maria.g@', 'ma']) {
    const res = await call(as, 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().customers.map((c: { id: number }) => c.id), [maria.id], q);
  }
  assert.deepEqual((await call(as, 'GET', '/api/v1/customers?q=zzzq')).json().customers, []);
  assert.equal((await call(as, 'GET', '/api/v1/customers?q=m')).statusCode, 400);
  assert.equal((await call(as, 'GET', '/api/v1/customers?q=ab&limit=500')).json().error.field, 'query.limit');
  assert.equal((await call(as, 'GET', '/api/v1/customers?q=%25%25%25')).json().customers.length, 0, 'LIKE wildcards are literal');

  const patched = await call(as, 'PATCH', `/api/v1/customers/${maria.id}`, { expectedVersion: 1, preferredLanguage: 'es', accessibilityNeeds: 'Prefers large print' });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().customer.version, 2);
  const stale = await call(as, 'PATCH', `/api/v1/customers/${maria.id}`, { expectedVersion: 1, notes: 'late edit' });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.code, 'stale_version');

  for (const [body, field] of [
    [{}, 'body.name'],
    [{ name: 'X', phones: ['call me'] }, 'body.phones.0'],
    [{ name: 'X', emails: ['not-an-address'] }, 'body.emails.0'],
    [{ name: 'x'.repeat(201) }, 'body.name'],
    [{ name: 'X', preferredLanguage: 'english please' }, 'body.preferredLanguage'],
    [{ name: 'X', consentToContact: 'yes' }, 'body.consentToContact'],
    [{ name: 'X', surprise: 1 }, 'body.surprise'],
  ] as const) {
    const res = await call(as, 'POST', '/api/v1/customers', body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    assert.equal(res.json().error.field, field, JSON.stringify(body));
  }
  assert.equal((await call(as, 'PATCH', `/api/v1/customers/${maria.id}`, { notes: 'no version' })).json().error.field, 'body.expectedVersion');
  assert.equal((await call(as, 'GET', '/api/v1/customers/999999')).statusCode, 404);
  assert.equal((await call(as, 'GET', '/api/v1/customers/abc')).json().error.field, 'params.id');
});

test('contacts: log, link a request, close; the customer history shows both; idempotent by source', async () => {
  const request = (await createPothole(t.deps, { requester: { name: 'Bao', email: 'bao@example.net', phone: '503-555-0199' } })).request;
  const logged = await call(as, 'POST', '/api/v1/contacts', { channel: 'phone', customer: { name: 'Bao Tran', phone: '(503) 555-0199' }, topics: [{ kind: 'service', ref: 'POTHOLE' }], language: 'vi', interpreterUsed: true });
  assert.equal(logged.statusCode, 201, logged.body);
  const contact = logged.json().contact;
  assert.equal(contact.agentId, agent.user.id);
  assert.equal(contact.outcome, null);
  const customerId = contact.customerId as number;
  assert.ok(customerId);

  const again = await call(as, 'POST', '/api/v1/contacts', { channel: 'phone', customer: { phone: '+15035550199', email: 'BAO@example.net' } });
  assert.equal(again.json().contact.customerId, customerId, 'the same caller is found by the normalised phone');

  const linked = await call(as, 'PATCH', `/api/v1/contacts/${contact.id}`, { addRequests: [request.trackingNumber], addTopics: [{ kind: 'article', ref: 'pothole-repair' }], expectedVersion: 1 });
  assert.equal(linked.statusCode, 200, linked.body);
  assert.deepEqual(linked.json().contact.requestIds, [request.id]);
  assert.equal((await call(as, 'PATCH', `/api/v1/contacts/${contact.id}`, { notes: 'x', expectedVersion: 1 })).statusCode, 409);
  assert.equal((await call(as, 'PATCH', `/api/v1/contacts/${contact.id}`, { addRequests: ['TV-2026-999999'] })).json().error.field, 'body.addRequests');

  t.clock.advance(125_000);
  const closed = await call(as, 'POST', `/api/v1/contacts/${contact.id}/close`, { outcome: 'request_created' });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().contact.resolvedFirstContact, true);
  assert.equal(closed.json().contact.handleSeconds, 125);
  const twice = await call(as, 'POST', `/api/v1/contacts/${contact.id}/close`, { outcome: 'answered' });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'contact_closed');

  const history = await call(as, 'GET', `/api/v1/customers/${customerId}`);
  assert.equal(history.statusCode, 200, history.body);
  assert.equal(history.json().contactTotal, 2);
  const req = history.json().requests.find((r: { id: number }) => r.id === request.id);
  assert.deepEqual(req.matchedBy.sort(), ['contact', 'email', 'phone']);

  const channel = { channel: 'email', source: 'inbound_email', sourceRef: '<abc@mail.example>', customer: { email: 'writer@example.org' }, close: { outcome: 'answered' } };
  const first = await call(as, 'POST', '/api/v1/contacts', channel);
  const second = await call(as, 'POST', '/api/v1/contacts', channel);
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 200);
  assert.equal(second.json().contact.id, first.json().contact.id);
  assert.equal(second.json().created, false);

  const list = await call(as, 'GET', `/api/v1/contacts?channel=phone,email&agent=me&customer=${customerId}`);
  assert.equal(list.statusCode, 200, list.body);
  assert.equal(list.json().total, 2);
  assert.equal((await call(as, 'GET', '/api/v1/contacts?outcome=open')).json().contacts.every((c: { outcome: null }) => c.outcome === null), true);
  const audit = await t.deps.db.selectFrom('audit_events').select('action').where('target_kind', 'in', ['contact', 'customer']).execute();
  for (const action of ['contact.logged', 'contact.updated', 'contact.closed', 'customer.created', 'customer.updated', 'customer.read']) assert.ok(audit.some((a) => a.action === action), action);
});

test('closing: outcomes need their agency or department, FCR cannot be claimed for a transfer', async () => {
  const open = async () => (await call(as, 'POST', '/api/v1/contacts', { channel: 'phone' })).json().contact.id as number;
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ outcome: 'referred' }, 'body.referredAgencyId'],
    [{ outcome: 'referred', referredAgencyId: 'nowhere' }, 'body.referredAgencyId'],
    [{ outcome: 'transferred' }, 'body.transferredDepartmentId'],
    [{ outcome: 'answered', referredAgencyId: 'state-dot' }, 'body.referredAgencyId'],
    [{ outcome: 'transferred', transferredDepartmentId: 'streets', resolvedFirstContact: true }, 'body.resolvedFirstContact'],
    [{ outcome: 'answered', endedAt: '2020-01-01T00:00:00Z' }, 'body.endedAt'],
    [{ outcome: 'solved' }, 'body.outcome'],
  ];
  for (const [body, field] of cases) {
    const res = await call(as, 'POST', `/api/v1/contacts/${await open()}/close`, body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} ${res.body}`);
    assert.equal(res.json().error.field, field, JSON.stringify(body));
  }
  const referred = await call(as, 'POST', `/api/v1/contacts/${await open()}/close`, { outcome: 'referred', referredAgencyId: 'state-dot' });
  assert.equal(referred.json().contact.resolvedFirstContact, true);
  const notReally = await call(as, 'POST', `/api/v1/contacts/${await open()}/close`, { outcome: 'answered', resolvedFirstContact: false });
  assert.equal(notReally.json().contact.resolvedFirstContact, false);
  const transferred = await call(as, 'POST', `/api/v1/contacts/${await open()}/close`, { outcome: 'transferred', transferredDepartmentId: 'streets' });
  assert.equal(transferred.json().contact.resolvedFirstContact, false);

  for (const [body, field] of [
    [{ channel: 'fax' }, 'body.channel'],
    [{ channel: 'phone', customerId: 99999 }, 'body.customerId'],
    [{ channel: 'phone', source: 'inbound_email' }, 'body.sourceRef'],
    [{ channel: 'phone', districtId: 'north' }, 'body.districtId'],
    [{ channel: 'phone', agentId: 999999 }, 'body.agentId'],
    [{ channel: 'phone', startedAt: 'yesterday' }, 'body.startedAt'],
    [{ channel: 'phone', requests: [999999] }, 'body.requests'],
  ] as const) {
    const res = await call(as, 'POST', '/api/v1/contacts', body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} ${res.body}`);
    assert.equal(res.json().error.field, field, JSON.stringify(body));
  }
});

test('merge: contacts and identifiers move, the duplicate leaves search', async () => {
  const a = (await call(as, 'POST', '/api/v1/customers', { name: 'Quentin Merger', phones: ['5035550111'] })).json().customer;
  const b = (await call(as, 'POST', '/api/v1/customers', { name: 'Q. Merger', emails: ['quentin@example.org'] })).json().customer;
  await call(as, 'POST', '/api/v1/contacts', { channel: 'email', customerId: b.id });
  const merged = await call(as, 'POST', `/api/v1/customers/${a.id}/merge`, { from: b.id });
  assert.equal(merged.statusCode, 200, merged.body);
  assert.equal(merged.json().contactsMoved, 1);
  assert.deepEqual(merged.json().customer.emails, ['quentin@example.org']);
  assert.deepEqual((await call(as, 'GET', '/api/v1/customers?q=merger')).json().customers.map((c: { id: number }) => c.id), [a.id]);
  assert.equal((await call(as, 'POST', `/api/v1/customers/${a.id}/merge`, { from: b.id })).statusCode, 409);
  assert.equal((await call(as, 'POST', `/api/v1/customers/${a.id}/merge`, { from: a.id })).statusCode, 400);
  const found = await call(as, 'POST', '/api/v1/contacts', { channel: 'phone', customer: { email: 'quentin@example.org' } });
  assert.equal(found.json().contact.customerId, a.id, 'the merged profile is found by the identifiers it took over');
});

test('visits: sign in (a walk-in contact), badge in use, list, sign out closes the contact', async () => {
  const signed = await call(as, 'POST', '/api/v1/visits', { visitorName: 'Walk In', purpose: 'Parking permit', host: 'Permits counter', badgeNumber: 'V-12' });
  assert.equal(signed.statusCode, 201, signed.body);
  const visit = signed.json().visit;
  const contact = (await call(as, 'GET', `/api/v1/contacts/${visit.contactId}`)).json().contact;
  assert.equal(contact.channel, 'walk_in');
  const clash = await call(as, 'POST', '/api/v1/visits', { visitorName: 'Other', purpose: 'x', host: 'y', badgeNumber: 'V-12' });
  assert.equal(clash.statusCode, 409);
  assert.equal(clash.json().error.code, 'badge_in_use');
  assert.equal((await call(as, 'POST', '/api/v1/visits', { visitorName: '', purpose: 'x', host: 'y' })).json().error.field, 'body.visitorName');
  const inside = await call(as, 'GET', '/api/v1/visits?scope=in_building');
  assert.deepEqual(inside.json().visits.map((v: { id: number }) => v.id), [visit.id]);
  const out = await call(as, 'POST', `/api/v1/visits/${visit.id}/sign-out`, {});
  assert.equal(out.statusCode, 200, out.body);
  assert.equal(out.json().visit.outcome, 'answered');
  assert.equal((await call(as, 'POST', `/api/v1/visits/${visit.id}/sign-out`, {})).statusCode, 409);
  assert.deepEqual((await call(as, 'GET', '/api/v1/visits?scope=in_building')).json().visits, []);
  assert.equal((await call(as, 'GET', '/api/v1/visits')).json().visits.length, 1, 'today still lists who came and went');
  assert.equal((await call(as, 'POST', '/api/v1/visits', { visitorName: 'Again', purpose: 'x', host: 'y', badgeNumber: 'V-12' })).statusCode, 201, 'the badge is free again');
});

test('permissions: bureau staff and analysts get neither contacts nor customers; anonymous gets 401', async () => {
  for (const session of [bureau, analyst]) {
    assert.equal((await call(session, 'GET', '/api/v1/contacts')).statusCode, 403);
    assert.equal((await call(session, 'GET', '/api/v1/customers?q=ma')).statusCode, 403);
    assert.equal((await call(session, 'POST', '/api/v1/contacts', { channel: 'phone' })).statusCode, 403);
    assert.equal((await call(session, 'GET', '/api/v1/visits')).statusCode, 403);
  }
  assert.equal((await call(null, 'GET', '/api/v1/customers?q=ma')).statusCode, 401);
  assert.equal((await call(supervisor, 'GET', '/api/v1/contacts')).statusCode, 200);
});

test('privacy: no customer name, phone or e-mail in any public output', async () => {
  const secret = { name: 'Zebulon Privatename', phones: ['5035550777'], emails: ['zebulon.private@example.org'], address: '999 Hidden Lane' };
  const c = (await call(as, 'POST', '/api/v1/customers', secret)).json().customer;
  await createPothole(t.deps, { requester: { name: secret.name, email: secret.emails[0], phone: '503-555-0777' } });
  await call(as, 'POST', '/api/v1/contacts', { channel: 'phone', customerId: c.id, notes: 'Zebulon Privatename called', close: { outcome: 'answered' } });
  const urls = ['/', '/search?q=pothole', '/open311/v2/requests.json', '/open311/v2/requests.xml', '/api/v1/search?q=pothole', '/api/v1/articles', '/track', '/open311/v2/services.json'];
  for (const url of urls) {
    const res = await app.inject({ url });
    for (const needle of ['Zebulon', 'Privatename', '5550777', '555-0777', 'zebulon.private', 'Hidden Lane']) assert.ok(!res.body.includes(needle), `${url} shows ${needle}`);
  }
});

test('a profile with only a phone, or only a name, has a history too', async () => {
  for (const body of [{ name: 'Only Phone', phones: ['5035550333'] }, { name: 'Only Name' }, { emails: ['only@example.org'] }]) {
    const c = (await call(as, 'POST', '/api/v1/customers', body)).json().customer;
    const res = await call(as, 'GET', `/api/v1/customers/${c.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().requests, []);
  }
});

test('bad query strings and bodies name the field', async () => {
  const cases: Array<[string, string]> = [
    ['/api/v1/contacts?channel=fax', 'query.channel'],
    ['/api/v1/contacts?outcome=solved', 'query.outcome'],
    ['/api/v1/contacts?agent=someone', 'query.agent'],
    ['/api/v1/contacts?from=yesterday', 'query.from'],
    ['/api/v1/contacts?limit=1000', 'query.limit'],
    ['/api/v1/contacts/first-contact-resolution?from=2026-03-01T00:00:00Z', 'query.to'],
    ['/api/v1/contacts/0', 'params.id'],
    ['/api/v1/visits?scope=yesterday', 'query.scope'],
  ];
  for (const [url, field] of cases) {
    const res = await call(as, 'GET', url);
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.ok(String(res.json().error.field).startsWith(field), `${url}: ${res.json().error.field}`);
  }
  const backwards = await call(as, 'GET', '/api/v1/contacts/first-contact-resolution?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z');
  assert.equal(backwards.statusCode, 400);
  const id = (await call(as, 'POST', '/api/v1/contacts', { channel: 'phone' })).json().contact.id;
  for (const [body, field] of [
    [{ language: 'klingon please' }, 'body.language'],
    [{ customerId: 0 }, 'body.customerId'],
    [{ addTopics: [{ kind: 'rumour', ref: 'x' }] }, 'body.addTopics.0.kind'],
    [{ waitSeconds: -1 }, 'body.waitSeconds'],
    [{ outcome: 'answered' }, 'body.outcome'],
  ] as const) {
    const res = await call(as, 'PATCH', `/api/v1/contacts/${id}`, body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} ${res.body}`);
    assert.equal(res.json().error.field, field, JSON.stringify(body));
  }
  assert.equal((await call(as, 'GET', '/api/v1/contacts/987654')).statusCode, 404);
  assert.equal((await call(as, 'POST', '/api/v1/contacts/987654/close', { outcome: 'answered' })).statusCode, 404);
  assert.equal((await call(as, 'POST', '/api/v1/visits/987654/sign-out', {})).statusCode, 404);
  const huge = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: as.headers, payload: { channel: 'chat', transcript: ['x'.repeat(400_000)] } });
  assert.equal(huge.statusCode, 413);
  const big = await call(as, 'POST', '/api/v1/contacts', { channel: 'chat', transcript: ['x'.repeat(250_000)] });
  assert.equal(big.statusCode, 400);
  assert.equal(big.json().error.field, 'body.transcript');
});

test('a supervisor may log a contact for another agent', async () => {
  const res = await call(supervisor, 'POST', '/api/v1/contacts', { channel: 'phone', agentId: agent.user.id, close: { outcome: 'callback' } });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().contact.agentId, agent.user.id);
  assert.equal(res.json().contact.resolvedFirstContact, false);
});

test('a contact logged for nobody can be taken by an agent, once', async () => {
  const logged = await call(supervisor, 'POST', '/api/v1/contacts', { channel: 'email', agentId: null });
  assert.equal(logged.json().contact.agentId, null);
  const id = logged.json().contact.id;
  const taken = await call(as, 'PATCH', `/api/v1/contacts/${id}`, { agentId: agent.user.id, expectedVersion: 1 });
  assert.equal(taken.statusCode, 200, taken.body);
  assert.equal(taken.json().contact.agentId, agent.user.id);
  assert.equal((await call(supervisor, 'PATCH', `/api/v1/contacts/${id}`, { agentId: agent.user.id, expectedVersion: 1 })).statusCode, 409, 'a second taker is told it was taken');
  assert.equal((await call(as, 'PATCH', `/api/v1/contacts/${id}`, { agentId: 999999 })).json().error.field, 'body.agentId');
});
