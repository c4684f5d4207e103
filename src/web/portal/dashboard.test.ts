import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());
const requester = { name: 'Quentin Privateperson', email: 'quentin.private@example.org', phone: '503-555-0142' };
// 6 potholes, 5 streetlights, 2 graffiti.
for (let i = 0; i < 13; i++) {
  t.clock.set(new Date(Date.parse('2026-03-02T17:00:00Z') + i * 3_600_000));
  await createPothole(t.deps, { serviceCode: i < 6 ? 'POTHOLE' : i < 11 ? 'STREETLIGHT' : 'GRAFFITI', attributes: i < 6 ? { SIZE: 'small' } : {}, description: `Hole ${i} outside 77 Hidden Way`, requester });
}
t.clock.set('2026-03-05T18:00:00Z');

test('the public dashboard is a page of tables that works without JavaScript, with small counts withheld and no personal data', async () => {
  const res = await app.inject({ method: 'GET', url: '/dashboard?days=30' });
  assert.equal(res.statusCode, 200);
  const page = res.body;
  assert.match(page, /<h1>311 by the numbers<\/h1>/);
  assert.match(page, /<th scope="row">pothole<\/th><td>6<\/td>/, 'six potholes shown');
  assert.match(page, /<th scope="row">graffiti<\/th><td><abbr title="Fewer than 5: the exact number is not shown">&lt;5<\/abbr>/, 'two graffiti withheld');
  assert.match(page, /<th scope="row">streetlight<\/th><td><abbr/, 'and the next smallest with them, or total − others would reveal them');
  assert.match(page, /<dt>Requests made<\/dt><dd>13<\/dd>/);
  assert.match(page, /<option value="30" selected>/);
  assert.doesNotMatch(page, /<script/, 'no script needed');
  for (const secret of [requester.name, requester.email, requester.phone, 'Hidden Way', 'TV-2026']) assert.ok(!page.includes(secret), `leaks ${secret}`);
});

test('in every portal language, and a bad period falls back to 90 days', async () => {
  const es = await app.inject({ method: 'GET', url: '/dashboard?lang=es', headers: { 'accept-language': 'es' } });
  assert.equal(es.statusCode, 200);
  assert.match(es.body, /El 311 en cifras/);
  for (const lang of ['vi', 'zh-Hant', 'ru']) {
    const res = await app.inject({ method: 'GET', url: '/dashboard', headers: { 'accept-language': lang } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<html lang="${lang}"`));
  }
  const odd = await app.inject({ method: 'GET', url: '/dashboard?days=%27%3Bdrop' });
  assert.equal(odd.statusCode, 200);
  assert.match(odd.body, /<option value="90" selected>/);
});
