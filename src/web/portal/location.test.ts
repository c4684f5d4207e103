import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { upsertAddresses } from '../../modules/geo/index.ts';
import { getServiceRequest, transitionServiceRequest } from '../../modules/requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';

/** The report form's location without JavaScript, and the Nearby page, over Testville with a small gazetteer. */
const t = await openTestDatabase();
await seedTestville(t.deps);
const place = (number: string, street: string, lat: number, lon: number) => ({ number, street, city: 'Testville', region: 'TV', postcode: '99999', lat, lon });
await upsertAddresses(
  t.deps,
  [place('100', 'Main St', 45.5, -122.61), place('200', 'Main St', 45.501, -122.61), place('5', 'N Elm St', 45.51, -122.57), place('5', 'S Elm St', 45.47, -122.57), { ...place('1', 'Civic Plaza', 45.52, -122.59), placeName: 'Testville City Hall' }],
  'test',
);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Opens the streetlight form, waits like a person, and posts `fields` with its trap values. */
async function report(fields: Array<[string, string]>, code = 'STREETLIGHT') {
  const form = await app.inject({ url: `/report/${code}` });
  const trap = /name="form_started" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  t.clock.advance(5000);
  return app.inject({ method: 'POST', url: `/report/${code}`, headers: FORM, payload: new URLSearchParams([['form_started', trap], ['website', ''], ...fields]).toString() });
}

const numberOf = (location: string | undefined) => /\/report\/received\/([A-Z]+-\d{4}-\d+)/.exec(location ?? '')?.[1] ?? '';

describe('report form: the address path without JavaScript', () => {
  test('the form carries the location settings, the script (when built) and the Nearby link', async () => {
    const page = await app.inject({ url: '/report/STREETLIGHT' });
    const data = JSON.parse(/<script type="application\/json" id="portal-geo">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}');
    assert.equal(data.tileUrl, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    assert.deepEqual(data.bounds, [[45.46, -122.66], [45.54, -122.54]]);
    assert.equal(data.messages.useMyLocation, 'Use my location');
    assert.match(page.body, /<nav aria-label="Main menu">[\s\S]*href="\/nearby"/);
  });

  test('one full match places the report at the address point and names it', async () => {
    const res = await report([['address', '100 main street']]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const created = await getServiceRequest(t.deps, numberOf(res.headers.location));
    assert.deepEqual(created.location, { lat: 45.5, long: -122.61 });
    assert.equal(created.address, '100 Main St, Testville, TV 99999');
  });

  test('several matches come back as "Which address did you mean?"; the choice places the report', async () => {
    const res = await report([['address', '5 Elm St']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<div class="error-summary"[\s\S]*<a href="#f-address_choice">Which address did you mean\?/);
    assert.match(res.body, /<legend>Which address did you mean\?<\/legend>/);
    const values = [...res.body.matchAll(/name="address_choice" value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(values, ['45.510000,-122.570000', '45.470000,-122.570000', 'as-typed']);
    assert.match(res.body, /id="f-address" name="address"[^>]*value="5 Elm St"/, 'what was typed is kept');
    // Chosen where an open report of the same kind is near: the nearby list comes back with the point kept.
    await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {}, location: { lat: 45.4701, long: -122.5701 } });
    const near = await report([['address', '5 Elm St'], ['address_choice', '45.470000,-122.570000']]);
    assert.match(near.body, /Already reported nearby\?/);
    assert.match(near.body, /id="f-lat" name="lat"[^>]*value="45.470000"/);
    assert.ok(!near.body.includes('name="address_choice"'), 'the address is not asked again');
    const chosen = await report([['address', '5 S Elm St, Testville, TV 99999'], ['lat', '45.470000'], ['long', '-122.570000'], ['confirm_new', '1']]);
    assert.equal(chosen.statusCode, 303);
    const created = await getServiceRequest(t.deps, numberOf(chosen.headers.location));
    assert.deepEqual(created.location, { lat: 45.47, long: -122.57 });
    assert.match(created.address ?? '', /5 S Elm St/);
  });

  test('a forged choice places nothing; "none of these" keeps the text without a position', async () => {
    const forged = await report([['address', '5 Elm St'], ['address_choice', '10.000000,10.000000']]);
    assert.equal(forged.statusCode, 400, 'the choice is asked again');
    const asTyped = await report([['address', '5 Elm St'], ['address_choice', 'as-typed']]);
    assert.equal(asTyped.statusCode, 303);
    const created = await getServiceRequest(t.deps, numberOf(asTyped.headers.location));
    assert.equal(created.location, null);
    assert.equal(created.address, '5 Elm St');
  });

  test('nothing found: accepted as free text, and the resident is told it is not on the map', async () => {
    const res = await report([['address', 'behind the old mill by the river']]);
    assert.equal(res.statusCode, 303, /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0]);
    const received = await app.inject({ url: res.headers.location as string });
    assert.match(received.body, /We could not place this address on the map/);
    const second = await report([['address', '200 Main St']]);
    assert.equal(second.statusCode, 303, second.body.slice(second.body.indexOf('<main'), second.body.indexOf('<main') + 1500));
    const placed = await app.inject({ url: second.headers.location as string });
    assert.ok(!placed.body.includes('We could not place'), 'a placed report says nothing of the kind');
  });

  test('the geocoded point drives the duplicate check ("add my support")', async () => {
    await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {}, location: { lat: 45.52, long: -122.59 } });
    const res = await report([['address', 'Testville City Hall']], 'GRAFFITI');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Already reported nearby\?/);
    assert.match(res.body, /name="confirm_new" value="1"/);
  });
});

const secret = 'Zelda Confidential';

describe('Nearby page', () => {
  // Made once the report-form tests are done: made at the top level, they ran beside those tests,
  // and the streetlight below, open until its last transition, was then a "nearby" duplicate there.
  before(async () => {
    await createPothole(t.deps, { location: { lat: 45.5003, long: -122.6102 }, address: '102 Main St', description: `My neighbour ${secret} again`, requester: { name: secret, email: 'zelda@example.org', phone: '503-555-0199' } });
    const closedOne = await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {}, location: { lat: 45.5008, long: -122.6098 }, address: '180 Main St' });
    let version = closedOne.request.version;
    for (const to of ['acknowledged', 'in_progress', 'resolved', 'closed'] as const) {
      version = (await transitionServiceRequest(t.deps, { request: closedOne.request.id, to, expectedVersion: version, actor: 'staff:1' })).version;
    }
    await createPothole(t.deps, { serviceCode: 'ADA_COMPLAINT', attributes: {}, location: { lat: 45.5001, long: -122.61 }, address: '101 Main St', description: 'Confidential matter' });
  });

  test('around an address: public requests nearest first, never personal data, descriptions or confidential services', async () => {
    const page = await app.inject({ url: '/nearby?q=100%20Main%20St&radius=250' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Within 250 metres of 100 Main St, Testville, TV 99999/);
    assert.match(page.body, /<table class="nearby-list">/);
    assert.match(page.body, /102 Main St/);
    for (const leak of [secret, 'zelda@example.org', '503-555-0199', 'Confidential matter', '101 Main St', 'ADA_COMPLAINT', 'ada complaint']) assert.ok(!page.body.includes(leak), `must not show ${leak}`);
    const data = JSON.parse(/<script type="application\/json" id="nearby-data">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}');
    assert.deepEqual(Object.keys(data.points[0]).sort(), ['lat', 'long', 'n', 'service', 'status']);
    assert.equal(data.centre.radius, 250);
  });

  test('filters: service and status; a district; a position; several addresses offer a choice', async () => {
    const open = await app.inject({ url: '/nearby?lat=45.5&long=-122.61&service=STREETLIGHT&status=open' });
    assert.ok(!open.body.includes('102 Main St'), 'another service is filtered out');
    assert.ok(!open.body.includes('180 Main St'), 'a closed request is filtered out');
    const closed = await app.inject({ url: '/nearby?lat=45.5&long=-122.61&service=STREETLIGHT&status=closed' });
    assert.match(closed.body, /180 Main St/);
    const west = await app.inject({ url: '/nearby?district=west' });
    assert.match(west.body, /In West/);
    assert.match(west.body, /102 Main St/);
    const east = await app.inject({ url: '/nearby?district=east' });
    assert.ok(!east.body.includes('102 Main St'));
    const choice = await app.inject({ url: '/nearby?q=5%20Elm%20St' });
    assert.match(choice.body, /Which address did you mean\?/);
    assert.match(choice.body, /href="\/nearby\?lang=en&amp;lat=45\.510000&amp;long=-122\.570000&amp;radius=500"/);
    const unknown = await app.inject({ url: '/nearby?q=qqzz%20xxyy' });
    assert.match(unknown.body, /We could not find “qqzz xxyy”/);
    const junk = await app.inject({ url: '/nearby?lat=abc&long=%3Cscript%3E&radius=99999&status=maybe&service=%3Cb%3E' });
    assert.equal(junk.statusCode, 200, 'bad filters are ignored, not an error');
    assert.ok(!junk.body.includes('<script>'));
  });

  test('address look-ups are limited per client address', async () => {
    let status = 200;
    for (let i = 0; i < 125 && status === 200; i++) status = (await app.inject({ url: '/nearby?q=100%20Main%20St', remoteAddress: '198.51.100.7' })).statusCode;
    assert.equal(status, 429);
    assert.equal((await app.inject({ url: '/nearby?district=west', remoteAddress: '198.51.100.7' })).statusCode, 200, 'a district needs no look-up');
  });

  test('in every language', async () => {
    for (const lang of ['es', 'vi', 'zh-Hant', 'ru']) {
      const page = await app.inject({ url: `/nearby?lang=${lang}&q=100%20Main%20St` });
      assert.match(page.body, new RegExp(`<html lang="${lang}">`));
      assert.ok(!/portal\.nearbyPage|portal\.location/.test(page.body), `${lang}: a message key shows`);
    }
  });
});
