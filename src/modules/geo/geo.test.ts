import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { seedDemoCity } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { runImportExportCommands } from '../../test/cli.ts';
import { nominatimGeocoder } from './geocoder.ts';
import { registerGeoCommands } from './cli.ts';
import { importOpenAddresses } from './import.ts';
import { countAddressPoints } from './repository.ts';
import { resolveAddress, reverseGeocode, searchAddresses } from './service.ts';

const t = await openTestDatabase();
await seedDemoCity(t.deps);
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-geo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('forward search in the demo gazetteer', () => {
  test('the same building however it is written, typos included', async () => {
    for (const q of ['1120 SW 5th Ave', '1120 sw fifth avenue', '1120 Southwest Fifth Av.', '1120 SW 5th avenu', 'Portland Building', '1120 SW 5th Ave, Portland, OR 97204']) {
      const [first] = await searchAddresses(t.deps, q);
      assert.ok(first, `no result for ${q}`);
      assert.match(first.label, /1120 SW 5th Ave/, q);
      assert.ok(Math.abs(first.lat - 45.5158) < 0.001 && Math.abs(first.long + 122.6795) < 0.001, q);
      assert.ok(first.districtIds.includes('district-4'), `${q}: district ${first.districtIds}`);
    }
  });

  test('the form resolves one full match, offers a choice for several, none for nonsense', async () => {
    const one = await resolveAddress(t.deps, '1221 SW 4th Avenue', null);
    assert.equal(one.kind, 'one');
    assert.match(one.kind === 'one' ? one.match.label : '', /City Hall/);
    const several = await resolveAddress(t.deps, 'SE Hawthorne Blvd', null);
    assert.equal(several.kind, 'several');
    assert.ok(several.kind === 'several' && several.matches.length > 1 && several.matches.every((m) => /Hawthorne/.test(m.label)));
    // Two houses differ by one digit: a partial match is offered, never taken silently.
    const typo = await resolveAddress(t.deps, '1221 SW 4th Avenoo Portlnd', null);
    assert.equal(typo.kind, 'several');
    assert.equal((await resolveAddress(t.deps, 'zzqx qqxz', null)).kind, 'none');
    // Intersections are not addresses: kept as text, never snapped to a house on one of the streets.
    for (const q of ['SE Division St y SE 50th Ave', 'SE Hawthorne Blvd & SE 12th Ave', 'NE Alberta St and NE 15th Ave', 'SW 5th Ave / SW Main St']) assert.equal((await resolveAddress(t.deps, q, null)).kind, 'none', q);
  });

  test('bad queries are refused with the field named', async () => {
    await assert.rejects(searchAddresses(t.deps, '   '), { code: 'required', status: 400 });
    await assert.rejects(searchAddresses(t.deps, 'x'.repeat(201)), { code: 'too_long' });
    await assert.rejects(searchAddresses(t.deps, '!!! ???'), { code: 'invalid' });
  });
});

describe('reverse geocoding', () => {
  test('the nearest address with its distance, and the district', async () => {
    const r = await reverseGeocode(t.deps, 45.5146, -122.679);
    assert.match(r.address?.label ?? '', /City Hall/);
    assert.ok((r.address?.distanceMeters ?? 99) < 5);
    assert.equal(r.inside, true);
    assert.ok(r.districtIds.includes('district-4'));
  });

  test('a point outside the city is said so; far from every address there is none', async () => {
    const seattle = await reverseGeocode(t.deps, 47.6062, -122.3321);
    assert.equal(seattle.inside, false);
    assert.equal(seattle.address, null);
    assert.deepEqual(seattle.districtIds, []);
    await assert.rejects(reverseGeocode(t.deps, 91, 0), { status: 400, code: 'invalid_location' });
  });
});

describe('import addresses --format openaddresses', () => {
  const header = 'LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH';
  const rows = [
    '-122.6500,45.5400,4000,NE BROADWAY,,PORTLAND,MULTNOMAH,OR,97232,,a1',
    '-122.6501,45.5401,4002,NE BROADWAY,APT 1,PORTLAND,MULTNOMAH,OR,97232,,a2',
    '-122.6502,45.5402,4002,NE BROADWAY,APT 2,PORTLAND,MULTNOMAH,OR,97232,,a3',
    '-122.6502,45.5402,4002,NE BROADWAY,APT 2,PORTLAND,MULTNOMAH,OR,97232,,a3', // repeated
    ',45.5,10,NE NOWHERE ST,,PORTLAND,,OR,97232,,b1', // no LON
    '-122.65,45.54,,NE BROADWAY,,PORTLAND,,OR,97232,,b2', // no number
    '200,45.54,12,NE BROADWAY,,PORTLAND,,OR,97232,,b3', // LON out of range
  ];

  test('streamed, counted, idempotent, and searchable afterwards', async () => {
    const file = join(dir, 'oa.csv');
    writeFileSync(file, `\uFEFF${header}\n${rows.join('\n')}\n`);
    const before = await countAddressPoints(t.deps.db);
    const first = await runImportExportCommands(registerGeoCommands, t.deps, ['import', 'addresses', '--format', 'openaddresses', file]);
    assert.equal(first.exitCode, 0, first.err);
    assert.match(first.out, /read\s+7/);
    assert.match(first.out, /new\s+3/);
    assert.match(first.out, /repeated\s+1/);
    assert.match(first.out, /skipped\s+3/);
    assert.match(first.out, /no usable LON\/LAT: 2 — e\.g\. line 6; line 8/);
    assert.equal(await countAddressPoints(t.deps.db), before + 3);
    const again = await importOpenAddresses(t.deps, file);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 3]);
    // A moved point is updated, not duplicated.
    writeFileSync(file, `${header}\n${rows[0]?.replace('45.5400', '45.5410')}\n`);
    const moved = await importOpenAddresses(t.deps, file);
    assert.deepEqual([moved.inserted, moved.updated], [0, 1]);
    const [hit] = await searchAddresses(t.deps, '4000 northeast broadway');
    assert.equal(hit?.label, '4000 NE Broadway, Portland, OR 97232');
    assert.equal(hit?.lat, 45.541);
    // Units of one building fold into one answer unless a unit is asked for.
    assert.equal((await searchAddresses(t.deps, '4002 NE Broadway')).length, 1);
    assert.match((await searchAddresses(t.deps, '4002 NE Broadway Apt 2'))[0]?.label ?? '', /Apt 2/);
  });

  test('a file that is not OpenAddresses, or missing, is refused with a clear message', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'X,Y,ADDRESS\n1,2,3\n');
    const r = await runImportExportCommands(registerGeoCommands, t.deps, ['import', 'addresses', '--format', 'openaddresses', bad]);
    assert.equal(r.exitCode, 1);
    assert.match(r.err, /header lacks LON, LAT, NUMBER, STREET/);
    const missing = await runImportExportCommands(registerGeoCommands, t.deps, ['import', 'addresses', '--format', 'openaddresses', join(dir, 'nope.csv')]);
    assert.match(missing.err, /no such file/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    assert.match((await runImportExportCommands(registerGeoCommands, t.deps, ['import', 'addresses', '--format', 'openaddresses', empty])).err, /no rows/);
  });
});

describe('outside geocoder (Nominatim protocol, local server)', () => {
  const seen: string[] = [];
  let url = '';
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (u.pathname === '/search') res.end(JSON.stringify(u.searchParams.get('q')?.includes('Lovejoy') ? [{ lat: '45.5300', lon: '-122.6850', display_name: '1500 NW Lovejoy St, Portland' }, { lat: 'x', lon: '1', display_name: 'broken' }] : []));
    else if (u.pathname === '/reverse') res.end(JSON.stringify({ lat: u.searchParams.get('lat'), lon: u.searchParams.get('lon'), display_name: 'Somewhere in Forest Park' }));
    else res.writeHead(404).end('[]');
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('asked only when the gazetteer has nothing, with the address text only', async () => {
    const geocoder = nominatimGeocoder(url);
    await searchAddresses(t.deps, '1120 SW 5th Ave', { geocoder });
    assert.equal(seen.length, 0, 'the gazetteer answered: the outside geocoder is not asked');
    const found = await searchAddresses(t.deps, '1500 NW Lovejoy St', { geocoder });
    assert.deepEqual(seen, ['/search?format=jsonv2&q=1500+NW+Lovejoy+St&limit=5']);
    assert.equal(found.length, 1, 'the nonsensical result is dropped');
    assert.equal(found[0]?.source, 'geocoder');
    assert.ok(found[0]?.districtIds.includes('district-4'));
    const far = await reverseGeocode(t.deps, 45.58, -122.8, { geocoder });
    assert.equal(far.address?.label, 'Somewhere in Forest Park');
    assert.equal(seen.at(-1), '/reverse?format=jsonv2&lat=45.58&lon=-122.8');
  });

  test('a server that is down is no answer, not an error', async () => {
    const down = nominatimGeocoder('http://127.0.0.1:9', { timeoutMs: 1000 });
    assert.deepEqual(await searchAddresses(t.deps, '1 Nowhere Lane', { geocoder: down }), []);
  });
});

const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

describe('public API', () => {
  test('GET /api/v1/geocode: labels, coordinates, district; cacheable', async () => {
    const res = await app.inject({ url: '/api/v1/geocode?q=1120%20sw%20fifth%20avenue&locale=es' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['cache-control'] as string, /max-age=300/);
    const body = res.json() as { results: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(body.results[0] ?? {}), ['label', 'lat', 'long', 'district']);
    assert.equal((body.results[0]?.district as { id: string }).id, 'district-4');
    assert.match((body.results[0]?.district as { name: string }).name, /^Distrito 4/);
    // Typing in progress: the last word may be unfinished.
    const typing = (await app.inject({ url: '/api/v1/geocode?q=1120%20sw%205' })).json() as { results: Array<{ label: string }> };
    assert.match(typing.results[0]?.label ?? '', /The Portland Building/);
    const hawth = (await app.inject({ url: '/api/v1/geocode?q=SE%20Hawth' })).json() as { results: Array<{ label: string }> };
    assert.ok(hawth.results.length > 1 && hawth.results.every((r) => /SE Hawthorne Blvd/.test(r.label)));
    const bad = await app.inject({ url: '/api/v1/geocode?q=' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'query.q');
  });

  test('GET /api/v1/geocode/reverse: inside with district, outside said plainly, bad input named', async () => {
    const inside = (await app.inject({ url: '/api/v1/geocode/reverse?lat=45.5146&long=-122.679' })).json();
    assert.equal(inside.inside, true);
    assert.match(inside.address.label, /City Hall/);
    assert.equal(inside.message, null);
    const outside = (await app.inject({ url: '/api/v1/geocode/reverse?lat=47.6062&long=-122.3321' })).json();
    assert.equal(outside.inside, false);
    assert.match(outside.message, /outside City of Portland/);
    const bad = await app.inject({ url: '/api/v1/geocode/reverse?lat=north&long=-122' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'query.lat');
  });

  test('rate limited per client address', async () => {
    const other = { remoteAddress: '203.0.113.9' };
    let last = 200;
    for (let i = 0; i < 125 && last !== 429; i++) last = (await app.inject({ url: '/api/v1/geocode/reverse?lat=45.5&long=-122.6', ...other })).statusCode;
    assert.equal(last, 429);
    assert.equal((await app.inject({ url: '/api/v1/geocode/reverse?lat=45.5&long=-122.6' })).statusCode, 200, 'another client is not limited');
  });
});
