import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { STAFF_PASSWORD, createStaff, seedTestville, signInOverHttp, type TestSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const admin = await createStaff(t.deps, { email: 'root@testville.example', roles: ['administrator'] });
const adminSession = await signInOverHttp(app, admin.email);
const agent = await createStaff(t.deps, { roles: ['agent'] });
const agentSession = await signInOverHttp(app, agent.email);

const post = (url: string, s: TestSession, payload: unknown) => app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
const patch = (id: number, s: TestSession, payload: unknown) => app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: s.headers, payload: payload as object });

describe('staff accounts over HTTP', () => {
  test('an administrator creates an account; it signs in with its password; the creation is audited', async () => {
    const res = await post('/api/v1/users', adminSession, { email: 'Pat.Bureau@Testville.example', name: 'Pat Bureau', roles: ['bureau_staff'], departments: ['streets', 'parks'], password: 'a long enough password' });
    assert.equal(res.statusCode, 201, res.body);
    const { user, generatedPassword } = res.json();
    assert.equal(generatedPassword, null);
    assert.equal(user.email, 'Pat.Bureau@testville.example');
    assert.deepEqual(user.roles, ['bureau_staff']);
    assert.deepEqual(user.departments, ['parks', 'streets']);
    assert.deepEqual(user.departmentScoped, ['kb:edit', 'kb:flags', 'requests:read', 'requests:read_personal', 'requests:write']);
    assert.equal(user.passwordHash, undefined);
    assert.ok(!res.body.includes('argon2'));
    await signInOverHttp(app, 'pat.bureau@testville.example', 'a long enough password');
    const audit = await listAuditEvents(t.deps, { action: 'user.created', targetId: String(user.id) });
    assert.equal(audit.events[0]?.actor.label, admin.email);
    assert.deepEqual(audit.events[0]?.data, { email: 'Pat.Bureau@testville.example', roles: ['bureau_staff'], departments: ['parks', 'streets'] });
    assert.ok(!JSON.stringify(audit.events).includes('a long enough password'));
  });

  test('without a password a strong one is generated and returned once', async () => {
    const res = await post('/api/v1/users', adminSession, { email: 'gen@testville.example', name: 'Gen', roles: ['analyst'] });
    assert.equal(res.statusCode, 201, res.body);
    const { generatedPassword } = res.json();
    assert.match(generatedPassword, /^[\w-]{24}$/);
    await signInOverHttp(app, 'gen@testville.example', generatedPassword);
    assert.equal((await app.inject({ url: `/api/v1/users/${res.json().user.id}`, headers: { cookie: adminSession.cookie } })).body.includes(generatedPassword), false);
  });

  test('e-mail addresses are unique in any letter case; passwords need 12 to 1024 characters; bureau staff need a department', async () => {
    const taken = await post('/api/v1/users', adminSession, { email: 'ROOT@testville.example', name: 'Again', roles: ['agent'], password: STAFF_PASSWORD });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'email_taken');
    const bad = await post('/api/v1/users', adminSession, { email: 'not an address', name: 'X', roles: ['bureau_staff', 'wizard'], departments: [], password: 'short' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`), ['email invalid_email', 'password too_short', 'roles.1 unknown_role', 'departments required']);
    const long = await post('/api/v1/users', adminSession, { email: 'long@testville.example', name: 'X', roles: ['agent'], password: 'x'.repeat(1025) });
    assert.equal(long.json().error.problems[0].code, 'too_long');
    const nowhere = await post('/api/v1/users', adminSession, { email: 'nowhere@testville.example', name: 'X', roles: ['bureau_staff'], departments: ['atlantis'] });
    assert.equal(nowhere.json().error.field, 'departments.0');
  });

  test('PATCH changes roles, departments and status, each audited with what it was', async () => {
    const user = await createStaff(t.deps, { roles: ['agent'] });
    const res = await patch(user.id, adminSession, { roles: ['bureau_staff'], departments: ['east-crew'], name: 'Renamed' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().user.roles, ['bureau_staff']);
    assert.equal(res.json().user.name, 'Renamed');
    const disabled = await patch(user.id, adminSession, { status: 'disabled' });
    assert.equal(disabled.json().user.status, 'disabled');
    const audit = await listAuditEvents(t.deps, { targetKind: 'staff_user', targetId: String(user.id) });
    assert.deepEqual(audit.events.map((e) => e.action), ['user.disabled', 'user.departments_changed', 'user.roles_changed', 'user.renamed', 'user.created']);
    assert.deepEqual(audit.events[2]?.data, { from: ['agent'], to: ['bureau_staff'] });
    assert.equal((await patch(999999, adminSession, { status: 'disabled' })).statusCode, 404);
    const noToken = await app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { cookie: adminSession.cookie }, payload: { status: 'active' } });
    assert.equal(noToken.statusCode, 403, 'changes made with the session cookie need the CSRF token');
    assert.equal(noToken.json().error.code, 'csrf_failed');
    const noTokenDelete = await app.inject({ method: 'DELETE', url: '/api/v1/api-keys/1', headers: { cookie: adminSession.cookie } });
    assert.equal(noTokenDelete.json().error.code, 'csrf_failed');
    const list = await app.inject({ url: '/api/v1/users?status=disabled', headers: { cookie: adminSession.cookie } });
    assert.deepEqual(list.json().users.map((u: { id: number }) => u.id), [user.id]);
  });

  test('the last active administrator cannot be disabled or demoted', async () => {
    const res = await patch(admin.id, adminSession, { status: 'disabled' });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'last_administrator');
    assert.equal((await patch(admin.id, adminSession, { roles: ['agent'] })).statusCode, 409);
    const second = await createStaff(t.deps, { roles: ['administrator'] });
    assert.equal((await patch(second.id, adminSession, { roles: ['supervisor'] })).statusCode, 200, 'with another administrator it is fine');
  });

  test('only holders of users:admin manage accounts; anonymous callers get 401', async () => {
    assert.equal((await app.inject({ url: '/api/v1/users' })).statusCode, 401);
    const forbidden = await app.inject({ url: '/api/v1/users', headers: { cookie: agentSession.cookie } });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().error.code, 'forbidden');
    assert.equal((await post('/api/v1/users', agentSession, { email: 'x@testville.example', name: 'X', roles: ['administrator'] })).statusCode, 403);
    assert.equal((await patch(agent.id, agentSession, { roles: ['administrator'] })).statusCode, 403, 'nobody promotes themselves');
    assert.equal((await app.inject({ url: '/api/v1/api-keys', headers: { cookie: agentSession.cookie } })).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/audit', headers: { cookie: agentSession.cookie } })).statusCode, 403);
    const roles = await app.inject({ url: '/api/v1/roles', headers: { cookie: adminSession.cookie } });
    assert.equal(roles.json().roles.find((r: { id: string }) => r.id === 'analyst').permissions.some((p: { permission: string }) => p.permission === 'requests:read_personal'), false);
  });
});

describe('bad input on every identity route is a 4xx naming the problem, never a 500', () => {
  const json = { 'content-type': 'application/json' };
  const cases: { name: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string; status: number; field?: string; code?: string }[] = [
    { name: 'sign-in: missing fields', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: '{}', status: 400, field: 'email' },
    { name: 'sign-in: wrong types', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: '{"email":1,"password":["x"]}', status: 400, field: 'email' },
    { name: 'sign-in: unknown field', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: '{"email":"a@b.example","password":"x","remember":true}', status: 400, field: 'remember' },
    { name: 'sign-in: absurd password', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(1025) }), status: 400, field: 'password' },
    { name: 'sign-in: oversized body', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(20_000) }), status: 413 },
    { name: 'sign-in: broken JSON', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: '{"email":', status: 400 },
    { name: 'sign-in: text body', method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'text/plain' }, payload: 'hello', status: 415 },
    { name: 'sign-in: JSON array', method: 'POST', url: '/api/v1/auth/sign-in', headers: json, payload: '[]', status: 400, field: 'body' },
    { name: 'sign-out: unknown field', method: 'POST', url: '/api/v1/auth/sign-out', headers: json, payload: '{"all":true}', status: 400, field: 'all' },
    { name: 'sign-out-everywhere: unknown field', method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: json, payload: '{"all":true}', status: 400, field: 'all' },
    { name: 'users: unknown query', method: 'GET', url: '/api/v1/users?sort=name', status: 400, field: 'sort' },
    { name: 'users: bad status', method: 'GET', url: '/api/v1/users?status=asleep', status: 400, field: 'status' },
    { name: 'users: missing fields', method: 'POST', url: '/api/v1/users', headers: json, payload: '{"email":"n@testville.example"}', status: 400, field: 'name' },
    { name: 'users: wrong types', method: 'POST', url: '/api/v1/users', headers: json, payload: '{"email":"n@testville.example","name":"N","roles":"agent"}', status: 400, field: 'roles' },
    { name: 'users: unknown field', method: 'POST', url: '/api/v1/users', headers: json, payload: '{"email":"n@testville.example","name":"N","roles":["agent"],"isAdmin":true}', status: 400, field: 'isAdmin' },
    { name: 'users: oversized body', method: 'POST', url: '/api/v1/users', headers: json, payload: JSON.stringify({ email: 'n@testville.example', name: 'x'.repeat(20_000), roles: ['agent'] }), status: 413 },
    { name: 'users: wrong content type', method: 'POST', url: '/api/v1/users', headers: { 'content-type': 'application/xml' }, payload: '<user/>', status: 415 },
    { name: 'user: bad id', method: 'GET', url: '/api/v1/users/abc', status: 400, field: 'id' },
    { name: 'patch: bad id', method: 'PATCH', url: '/api/v1/users/-1', headers: json, payload: '{"status":"disabled"}', status: 400, field: 'id' },
    { name: 'patch: nothing to change', method: 'PATCH', url: '/api/v1/users/1', headers: json, payload: '{}', status: 400 },
    { name: 'patch: wrong status', method: 'PATCH', url: '/api/v1/users/1', headers: json, payload: '{"status":"gone"}', status: 400, field: 'status' },
    { name: 'patch: no roles', method: 'PATCH', url: '/api/v1/users/1', headers: json, payload: '{"roles":[]}', status: 400, field: 'roles' },
    { name: 'patch: unknown field', method: 'PATCH', url: '/api/v1/users/1', headers: json, payload: '{"password":"new one please"}', status: 400, field: 'password' },
    { name: 'api-keys: missing scopes', method: 'POST', url: '/api/v1/api-keys', headers: json, payload: '{"name":"k"}', status: 400, field: 'scopes' },
    { name: 'api-keys: wrong types', method: 'POST', url: '/api/v1/api-keys', headers: json, payload: '{"name":"k","scopes":["open311:write"],"rateLimitPerMinute":"fast"}', status: 400, field: 'rateLimitPerMinute' },
    { name: 'api-keys: unknown field', method: 'POST', url: '/api/v1/api-keys', headers: json, payload: '{"name":"k","scopes":["open311:write"],"secret":"mine"}', status: 400, field: 'secret' },
    { name: 'api-keys: malformed scope', method: 'POST', url: '/api/v1/api-keys', headers: json, payload: '{"name":"k","scopes":["everything"]}', status: 400, field: 'scopes.0' },
    { name: 'api-keys: oversized body', method: 'POST', url: '/api/v1/api-keys', headers: json, payload: JSON.stringify({ name: 'k'.repeat(20_000), scopes: ['open311:write'] }), status: 413 },
    { name: 'api-keys: bad id', method: 'DELETE', url: '/api/v1/api-keys/1.5', status: 400, field: 'id' },
    { name: 'audit: bad date', method: 'GET', url: '/api/v1/audit?from=yesterday', status: 400, field: 'from' },
    { name: 'audit: bad limit', method: 'GET', url: '/api/v1/audit?limit=100000', status: 400, field: 'limit' },
    { name: 'audit: unknown query', method: 'GET', url: '/api/v1/audit?user=1', status: 400, field: 'user' },
    { name: 'audit: repeated parameter', method: 'GET', url: '/api/v1/audit?action=auth.sign_in&action=user.created', status: 400, field: 'action' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const res = await app.inject({ method: c.method, url: c.url, payload: c.payload, headers: { ...adminSession.headers, ...c.headers } });
      assert.equal(res.statusCode, c.status, res.body);
      const { error } = res.json();
      assert.ok(error.code && error.message, res.body);
      if (c.field) assert.equal(error.field, c.field, res.body);
    });
  }
});
