import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createStaff, seedTestville, signInOverHttp } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { createApiKey } from './api-keys.ts';
import { requirePermission } from './http.ts';
import { DEFAULT_IDENTITY_SETTINGS } from './settings.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({
  deps: t.deps,
  handle: t.handle,
  config: { logLevel: 'silent', defaultLocale: 'en', identity: { ...DEFAULT_IDENTITY_SETTINGS, apiKeyRateLimitPerMinute: 1000 } },
});
// A stand-in for the staff API's request routes, to show a scope at work.
app.get('/test/requests', { preHandler: requirePermission('requests:read') }, async (request) => ({ ok: true, caller: request.principal.kind }));
app.post('/test/requests', { preHandler: requirePermission('requests:write') }, async () => ({ ok: true }));
after(() => app.close());

const admin = await createStaff(t.deps, { roles: ['administrator'] });
const session = await signInOverHttp(app, admin.email);
const cli = { actor: { kind: 'cli' as const, label: 'test' } };

async function newKey(payload: Record<string, unknown>): Promise<{ id: number; key: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: session.headers, payload });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().apiKey.id, key: res.json().key };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  test('an administrator creates a key, shown once; it authenticates as Bearer or X-Api-Key', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: session.headers, payload: { name: 'Reporter app', scopes: ['open311:write', 'requests:read'] } });
    assert.equal(res.statusCode, 201, res.body);
    const { apiKey, key } = res.json();
    assert.match(key, /^fdk_[0-9a-f]{12}_[0-9a-f]{64}$/);
    assert.equal(apiKey.prefix, key.slice(0, 16));
    assert.deepEqual(apiKey.scopes, ['open311:write', 'requests:read']);
    assert.equal(res.headers['cache-control'], 'no-store');
    const list = await app.inject({ url: '/api/v1/api-keys', headers: { cookie: session.cookie } });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(key.slice(17)), 'the secret is never listed');
    const row = await t.deps.db.selectFrom('api_keys').selectAll().where('id', '=', apiKey.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(key.slice(17)), 'only a digest of the secret is stored');

    for (const headers of [bearer(key), { 'x-api-key': key }]) {
      const who = await app.inject({ url: '/api/v1/auth/me', headers });
      assert.equal(who.statusCode, 200, who.body);
      assert.deepEqual(who.json().principal, { kind: 'api_key', id: apiKey.id, name: 'Reporter app', scopes: ['open311:write', 'requests:read'] });
      assert.equal(who.json().csrfToken, undefined);
      assert.deepEqual((await app.inject({ url: '/test/requests', headers })).json(), { ok: true, caller: 'api_key' });
    }
  });

  test('a wrong, malformed or unknown key is 401, even on a public page', async () => {
    const { key } = await newKey({ name: 'wrong', scopes: ['requests:read'] });
    const tampered = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    for (const headers of [bearer(tampered), bearer('fdk_nope'), { 'x-api-key': '' }, { authorization: 'Basic dXNlcjpwYXNz' }, bearer(`fdk_${'0'.repeat(12)}_${'0'.repeat(64)}`)]) {
      for (const url of ['/test/requests', '/']) {
        const res = await app.inject({ url, headers });
        assert.equal(res.statusCode, 401, `${JSON.stringify(headers)} ${url}`);
        assert.equal(res.json().error.code, 'unauthenticated');
        assert.match(String(res.headers['www-authenticate']), /^Bearer /);
      }
    }
  });

  test('a revoked key stops working at once', async () => {
    const { id, key } = await newKey({ name: 'soon revoked', scopes: ['requests:read'] });
    assert.equal((await app.inject({ url: '/test/requests', headers: bearer(key) })).statusCode, 200);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: session.headers });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().apiKey.revokedAt);
    assert.equal(revoked.json().apiKey.revokedBy, admin.id);
    assert.equal((await app.inject({ url: '/test/requests', headers: bearer(key) })).statusCode, 401);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: session.headers })).statusCode, 200, 'revoking twice is harmless');
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/api-keys/999999', headers: session.headers })).statusCode, 404);
    const audit = await listAuditEvents(t.deps, { action: 'api_key.revoked', targetId: String(id) });
    assert.equal(audit.events.length, 1, 'one revocation recorded');
    assert.equal(audit.events[0]?.actor.id, String(admin.id));
  });

  test('a key without the scope a route needs is 403; a key never needs a CSRF token', async () => {
    const { key } = await newKey({ name: 'intake only', scopes: ['open311:write'] });
    const res = await app.inject({ url: '/test/requests', headers: bearer(key) });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'forbidden');
    assert.match(res.json().error.message, /requests:read/);
    assert.equal((await app.inject({ url: '/api/v1/users', headers: bearer(key) })).statusCode, 403, 'administration is not a key\'s business');
    const writer = await newKey({ name: 'writer', scopes: ['requests:write'] });
    assert.equal((await app.inject({ method: 'POST', url: '/test/requests', headers: bearer(writer.key) })).statusCode, 200);
  });

  test('each key has its own rate limit: over it, 429 with Retry-After; other keys and staff are not affected', async () => {
    const limited = await newKey({ name: 'slow', scopes: ['requests:read'], rateLimitPerMinute: 3 });
    const other = await newKey({ name: 'other', scopes: ['requests:read'], rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      const ok = await app.inject({ url: '/test/requests', headers: bearer(limited.key) });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['x-ratelimit-limit'], '3');
    }
    const over = await app.inject({ url: '/test/requests', headers: bearer(limited.key) });
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().error.code, 'rate_limited');
    const retryAfter = Number(over.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${over.headers['retry-after']}`);
    assert.equal((await app.inject({ url: '/test/requests', headers: bearer(other.key) })).statusCode, 200);
    for (let i = 0; i < 5; i++) assert.equal((await app.inject({ url: '/api/v1/api-keys', headers: { cookie: session.cookie } })).statusCode, 200);
  });

  test('scopes must exist and be grantable to keys; the command line creates keys too', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: session.headers, payload: { name: 'x', scopes: ['users:admin', 'time:travel'] } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`), ['scopes.0 scope_not_grantable', 'scopes.1 unknown_scope']);
    const { apiKey, key } = await createApiKey(t.deps, { name: 'from the CLI', scopes: ['open311:write'] }, cli);
    assert.equal(apiKey.createdBy, null);
    assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(key) })).json().principal.name, 'from the CLI');
    const created = await listAuditEvents(t.deps, { action: 'api_key.created', targetId: String(apiKey.id) });
    assert.equal(created.events[0]?.actor.kind, 'cli');
    assert.ok(!JSON.stringify(created.events).includes(key.slice(17)), 'the audit log never holds the secret');
  });
});
