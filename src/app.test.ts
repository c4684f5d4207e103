import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from './app.ts';
import { openTestDatabase } from './test/database.ts';
import { seedTestville } from './test/factories.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

describe('health', () => {
  test('/healthz answers ok and /readyz says the database is ready', async () => {
    assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
    assert.equal(ready.json().engine, t.handle.engine);
  });

  test('every response carries a request id; a given one is echoed', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(res.headers['x-request-id'], 'abc-123');
    assert.ok((await app.inject('/healthz')).headers['x-request-id']);
    const forged = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\n{"level":60}' } });
    assert.match(String(forged.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');
  });

  test('unknown routes are a JSON 404 naming the path', async () => {
    const res = await app.inject('/nope?x=1');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
    assert.match(res.json().error.message, /GET \/nope$/);
  });
});

describe('portal home page', () => {
  test('lists public, active services; never confidential or retired ones', async () => {
    const res = await app.inject('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="en">/);
    assert.match(res.body, /pothole/);
    assert.doesNotMatch(res.body, /ada complaint/i);
    assert.doesNotMatch(res.body, /retired/i);
  });

  test('speaks Spanish when asked, remembers the choice, and follows Accept-Language', async () => {
    const chosen = await app.inject('/?lang=es');
    assert.match(chosen.body, /<html lang="es">/);
    assert.match(chosen.body, /¿En qué le podemos ayudar\?/);
    assert.match(chosen.body, /es POTHOLE/);
    assert.match(String(chosen.headers['set-cookie']), /frontdoor_lang=es/);
    const remembered = await app.inject({ url: '/', headers: { cookie: 'frontdoor_lang=es' } });
    assert.match(remembered.body, /<html lang="es">/);
    const browser = await app.inject({ url: '/', headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.5' } });
    assert.match(browser.body, /<html lang="zh-Hant">/);
  });

  test('text from the catalog is escaped', async () => {
    await t.deps.db.updateTable('services').set({ name: JSON.stringify({ en: '<script>alert(1)</script>' }) }).where('service_code', '=', 'STREETLIGHT').execute();
    const { invalidateCatalogCache } = await import('./modules/catalog/service.ts');
    invalidateCatalogCache(t.deps.db);
    const res = await app.inject('/');
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});
