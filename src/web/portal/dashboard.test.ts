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

/** The map's areas: each path's accessible name, and the figures written on the map. */
function mapOf(page: string): { names: Record<string, string>; labels: string[]; svg: string } {
  const svg = /<svg viewBox="[^"]+" width="100%" style="[^"]*" role="group" aria-labelledby="dashboard-map-council_district-title">[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
  const names: Record<string, string> = {};
  for (const m of svg.matchAll(/<path d="[^"]+" fill="([^"]+)"[^>]* role="img" aria-label="([^"]+)"><title>([^<]+)<\/title><\/path>/g)) {
    assert.equal(m[2], m[3], 'the tooltip says what the accessible name says');
    names[(m[2] ?? '').split(':')[0] ?? ''] = `${m[2]} [${m[1]}]`;
  }
  return { names, labels: [...svg.matchAll(/<text [^>]*aria-hidden="true">([^<]*)<\/text>/g)].map((m) => m[1] ?? ''), svg };
}

test('a choropleth of requests per 1,000 residents by district, drawn without JavaScript, withheld areas hatched and never given a figure', async () => {
  // No population loaded: West has requests but no rate (no data); East has none (withheld: 0 is a small count).
  let page = (await app.inject({ method: 'GET', url: '/dashboard?days=30' })).body;
  assert.match(page, /<figcaption id="dashboard-map-council_district-title"><strong>Map: requests per 1,000 residents, by council district<\/strong><\/figcaption>/);
  let map = mapOf(page);
  assert.ok(map.svg, 'the map is there');
  assert.equal(map.names.West, 'West: no figure (no population figure for this area) [url(#dashboard-map-council_district-none)]');
  assert.equal(map.names.East, 'East: not shown (fewer than 5 requests) [url(#dashboard-map-council_district-withheld)]');
  assert.deepEqual(map.labels, ['&lt;5', '—'], 'East, then West');
  assert.match(page, /<pattern id="dashboard-map-council_district-withheld"/);
  assert.match(page, /Not shown: fewer than 5 requests<\/li>/, 'the legend explains the hatching');
  assert.match(page, /<\/figure>\s*<p class="notice">Please read with care/, 'the caution is right beside the map');
  assert.doesNotMatch(page, /<script/);

  const { loadPopulations } = await import('../../modules/analytics/equity.ts');
  await loadPopulations(t.deps, { districts: [{ districtId: 'west', population: 2600, source: 'test' }, { districtId: 'east', population: 1000, source: 'test' }] }, null);
  page = (await app.inject({ method: 'GET', url: '/dashboard?days=30' })).body;
  map = mapOf(page);
  assert.match(map.names.West ?? '', /^West: 5 requests per 1,000 residents \[#[0-9a-f]{6}\]$/);
  assert.deepEqual(map.labels, ['&lt;5', '5']);
  assert.match(page, /<li><svg [^>]*><rect [^>]*fill="#[0-9a-f]{6}"[^>]*\/><\/svg> 5<\/li>/, 'the legend has the class of West');

  // Three requests in East: withheld, and West with it (one hidden cell could be worked out from the total).
  for (let i = 0; i < 3; i++) {
    t.clock.set(new Date(Date.parse('2026-03-05T18:10:00Z') + i * 60_000));
    await createPothole(t.deps, { serviceCode: 'POTHOLE', attributes: { SIZE: 'small' }, location: { lat: 45.5, long: -122.56 }, description: `East ${i}`, requester });
  }
  t.clock.set('2026-03-05T18:30:00Z');
  page = (await app.inject({ method: 'GET', url: '/dashboard?days=30' })).body;
  map = mapOf(page);
  assert.match(map.names.East ?? '', /^East: not shown/);
  assert.match(map.names.West ?? '', /^West: not shown/);
  assert.deepEqual(map.labels, ['&lt;5', '&lt;5']);
  const said = [...Object.values(map.names).map((n) => n.split(' [')[0]), ...map.labels].join(' | ');
  assert.doesNotMatch(said.replace(/fewer than 5 requests|&lt;5/g, ''), /\d/, `no withheld figure on the map: ${said}`);

  const es = (await app.inject({ method: 'GET', url: '/dashboard?days=30', headers: { 'accept-language': 'es' } })).body;
  assert.match(es, /Mapa: solicitudes por cada 1.000 habitantes, por distrito del concejo/);
  assert.match(mapOf(es).names.East ?? '', /^East: no se muestra \(menos de 5 solicitudes\)/);
});
