import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { loadConfig, parseTrustProxy } from '../../config.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';

/**
 * TRUST_PROXY: behind a reverse proxy every request comes from the proxy's address, so the portal's
 * form limits must use X-Forwarded-For — and only when the proxy is trusted (otherwise anyone could
 * dodge a limit by sending the header).
 */
const t = await openTestDatabase();
await seedTestville(t.deps);

/** Posts the report form (with no address: refused after the limit is counted) from `client` through the proxy at 127.0.0.1. */
async function posts(trustProxy: boolean | string[], clients: string[]): Promise<number[]> {
  const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', trustProxy } });
  after(() => app.close());
  const form = await app.inject({ url: '/report/POTHOLE' });
  const trap = /name="form_started" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  t.clock.advance(5000);
  const statuses: number[] = [];
  for (const client of clients) {
    const res = await app.inject({
      method: 'POST',
      url: '/report/POTHOLE',
      remoteAddress: '127.0.0.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
      payload: new URLSearchParams([['form_started', trap], ['website', ''], ['attribute[SIZE]', 'small']]).toString(),
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

// The report form allows 20 posts an hour from one address.
const A = Array<string>(20).fill('203.0.113.7');

test('trusted proxy: two clients behind it are limited separately', async () => {
  const statuses = await posts(true, [...A, '203.0.113.7', '198.51.100.9']);
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(400), 'the first 20 are read (and refused: no address)');
  assert.equal(statuses[20], 429, 'the 21st from the same client is limited');
  assert.equal(statuses[21], 400, 'another client behind the same proxy is not');
});

test('trusted by address: the same, when the proxy is the one named', async () => {
  const statuses = await posts(['127.0.0.1'], [...A, '203.0.113.7', '198.51.100.9']);
  assert.deepEqual(statuses.slice(20), [429, 400]);
});

test('untrusted proxy (the default): X-Forwarded-For is ignored, everyone behind it shares one limit', async () => {
  const statuses = await posts(false, [...A, '198.51.100.9']);
  assert.equal(statuses[20], 429, 'a different X-Forwarded-For does not escape the limit');
});

test('TRUST_PROXY is read and checked at boot', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', 'loopback']);
  assert.equal(parseTrustProxy('off'), false);
  for (const bad of ['maybe', '0', '300.1.1.1', '10.0.0.0/40', 'http://proxy']) assert.equal(parseTrustProxy(bad), null, bad);
  assert.throws(() => loadConfig({ TRUST_PROXY: 'maybe' }), /TRUST_PROXY="maybe": must be false, true, a number of proxy hops/);
});
