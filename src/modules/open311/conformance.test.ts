import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { importCatalog } from '../catalog/import.ts';
import { createApiKey } from '../identity/index.ts';
import { createServiceRequest, getServiceRequest, mergeServiceRequests, transitionServiceRequest, addNote } from '../requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, seedTestville, testville } from '../../test/factories.ts';
import {
  W3C_DATETIME, form, readCreated, readDefinition, readDiscovery, readErrors, readRequests, readServices, readUpdates, type SpecFormat,
} from './test-client.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
// A second jurisdiction (a county in another time zone) with its own Open311 jurisdiction_id.
const city = testville();
const { west, east, south, north } = TESTVILLE;
await importCatalog(t.deps, {
  jurisdictions: [{ ...city.jurisdictions[0]!, id: 'testcounty', name: { en: 'Test County' }, timeZone: 'America/Denver', trackingPrefix: 'TC', open311JurisdictionId: 'county.example', isDefault: false, boundary: [[west, south], [east, south], [east, north], [west, north]] }],
  departments: [{ id: 'county-roads', jurisdictionId: 'testcounty', kind: 'department', agencyKind: 'county', name: { en: 'County Roads' } }],
  serviceGroups: [{ code: 'county', name: { en: 'County' } }],
  services: [{ ...city.services[1]!, code: 'COUNTY_ROAD', jurisdictionId: 'testcounty', departmentId: 'county-roads', group: 'county', name: { en: 'County road problem' } }],
  districts: [],
  routingRules: [],
});
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: 'https://311.testville.example' } });
after(() => app.close());

const system = { actor: { kind: 'system' as const, label: 'test' } };
const submitKey = (await createApiKey(t.deps, { name: 'fixmystreet', scopes: ['open311:write'] }, system)).key;
const partnerKey = (await createApiKey(t.deps, { name: 'works-system', scopes: ['open311:write', 'requests:write'] }, system)).key;
const readKey = (await createApiKey(t.deps, { name: 'reader', scopes: ['requests:read'] }, system)).key;

const FORMATS: SpecFormat[] = ['json', 'xml'];
const BASE = '/open311/v2';
const centre = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };

async function get(path: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: `${BASE}/${path}`, headers });
}
async function post(path: string, fields: Record<string, string | number | string[] | undefined>) {
  return app.inject({ method: 'POST', url: `${BASE}/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
}
function expectErrors(format: SpecFormat, res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, mention?: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), format === 'json' ? /^application\/json/ : /^text\/xml/);
  const errors = readErrors(format, res.body);
  assert.ok(errors.length >= 1);
  for (const e of errors) assert.equal(e.code, status);
  if (mention) assert.ok(errors.some((e) => e.description.includes(mention)), `no error mentions ${mention}: ${JSON.stringify(errors)}`);
  return errors;
}
const potholeForm = (extra: Record<string, string | number | string[] | undefined> = {}) => ({
  api_key: submitKey,
  service_code: 'POTHOLE',
  lat: centre.lat,
  long: centre.long,
  'attribute[SIZE]': 'small',
  description: 'Pothole reported through Open311',
  ...extra,
});

describe('discovery', () => {
  for (const format of FORMATS) {
    test(`lists the GeoReport v2 endpoint with both formats (${format})`, async () => {
      const res = await get(`discovery.${format}`);
      assert.equal(res.statusCode, 200);
      const d = readDiscovery(format, res.body);
      assert.equal(d.endpoints.length, 1);
      assert.equal(d.endpoints[0]!.url, 'https://311.testville.example/open311/v2');
      assert.equal(d.endpoints[0]!.specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(d.endpoints[0]!.formats.sort(), ['application/json', 'text/xml']);
      assert.match(d.changeset, W3C_DATETIME);
    });
  }
});

describe('services', () => {
  test('the same services in JSON and XML: requestable, public ones only', async () => {
    const [json, xml] = await Promise.all(FORMATS.map((f) => get(`services.${f}`)));
    const fromJson = readServices('json', json!.body);
    assert.deepEqual(readServices('xml', xml!.body), fromJson);
    const codes = fromJson.map((s) => s.service_code).sort();
    assert.deepEqual(codes, ['GRAFFITI', 'NO_SLA', 'POTHOLE', 'SEWER_BACKUP', 'STREETLIGHT']);
    const pothole = fromJson.find((s) => s.service_code === 'POTHOLE')!;
    assert.equal(pothole.metadata, true);
    assert.equal(pothole.type, 'realtime');
    assert.equal(pothole.group, 'Streets');
    assert.equal(fromJson.find((s) => s.service_code === 'STREETLIGHT')!.metadata, false);
  });

  test('other jurisdictions by jurisdiction_id; an unknown one is a 404', async () => {
    const county = readServices('json', (await get('services.json?jurisdiction_id=county.example')).body);
    assert.deepEqual(county.map((s) => s.service_code), ['COUNTY_ROAD']);
    const same = readServices('json', (await get('services.json?jurisdiction_id=testville.example')).body);
    assert.equal(same.length, 5);
    for (const format of FORMATS) expectErrors(format, await get(`services.${format}?jurisdiction_id=nowhere.example`), 404, 'nowhere.example');
  });

  test('names in the language asked for, English otherwise', async () => {
    const es = readServices('json', (await get('services.json?locale=es')).body);
    assert.equal(es.find((s) => s.service_code === 'POTHOLE')!.service_name, 'es POTHOLE');
    const viaHeader = readServices('json', (await get('services.json', { 'accept-language': 'es-MX,es;q=0.9' })).body);
    assert.equal(viaHeader.find((s) => s.service_code === 'POTHOLE')!.service_name, 'es POTHOLE');
  });

  test('ETag and Last-Modified answer 304; gzip when asked', async () => {
    const first = await get('services.json');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    const lastModified = String(first.headers['last-modified']);
    assert.ok(!Number.isNaN(Date.parse(lastModified)));
    assert.equal((await get('services.json', { 'if-none-match': etag })).statusCode, 304);
    assert.equal((await get('services.json', { 'if-none-match': 'W/"other"' })).statusCode, 200);
    assert.equal((await get('services.json', { 'if-modified-since': lastModified })).statusCode, 304);
    assert.equal((await get('services.json', { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).statusCode, 200);
    const xmlTag = String((await get('services.xml')).headers.etag);
    assert.notEqual(xmlTag, etag);
    const zipped = await app.inject({ method: 'GET', url: `${BASE}/services.xml`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    const text = gunzipSync(zipped.rawPayload).toString('utf8');
    assert.equal(readServices('xml', text).length, 5);
  });
});

describe('service definitions', () => {
  for (const format of FORMATS) {
    test(`attributes with datatypes, order and values (${format})`, async () => {
      const res = await get(`services/POTHOLE.${format}`);
      assert.equal(res.statusCode, 200, res.body);
      const def = readDefinition(format, res.body);
      assert.equal(def.service_code, 'POTHOLE');
      assert.deepEqual(def.attributes.map((a) => a.code), ['SIZE', 'DEPTH_CM', 'NOTICED_AT', 'LANES', 'PLATE', 'DETAILS', 'SAFETY_NOTE']);
      const size = def.attributes[0]!;
      assert.deepEqual([size.datatype, size.required, size.variable, size.order], ['singlevaluelist', true, true, 1]);
      assert.deepEqual(size.values, [{ key: 'small', name: 'Small' }, { key: 'large', name: 'Large' }]);
      assert.equal(def.attributes.find((a) => a.code === 'SAFETY_NOTE')!.variable, false);
      assert.equal(def.attributes.find((a) => a.code === 'LANES')!.datatype, 'multivaluelist');
    });
    test(`unknown, confidential and non-requestable services are 404 (${format})`, async () => {
      for (const code of ['NOPE', 'ADA_COMPLAINT', 'TRASH_DAY', 'RETIRED']) expectErrors(format, await get(`services/${code}.${format}`), 404, code);
      expectErrors(format, await get(`services/POTHOLE.${format}?jurisdiction_id=county.example`), 404);
    });
  }
  test('a resource without .json or .xml is a 404 in XML', async () => {
    expectErrors('xml', await get('services/POTHOLE'), 404, '.json or .xml');
    expectErrors('xml', await get('nothing.json'.replace('.json', '')), 404);
    expectErrors('json', await get('nothing.json'), 404);
  });
});

describe('POST requests', () => {
  for (const format of FORMATS) {
    test(`creates a request with attribute[CODE] and attribute[CODE][] answers (${format})`, async () => {
      const res = await post(`requests.${format}`, potholeForm({
        'attribute[LANES][]': ['left', 'bike'],
        'attribute[DEPTH_CM]': '12.5',
        'attribute[NOTICED_AT]': '2026-03-01T08:00:00-08:00',
        address_string: '1 Main St',
        media_url: 'https://img.example/p.jpg',
        account_id: 'acct-1',
      }));
      assert.equal(res.statusCode, 201, res.body);
      const [created] = readCreated(format, res.body);
      assert.match(created!.service_request_id, /^TV-2026-\d{6}$/);
      assert.match(created!.token, /^[A-Za-z0-9_-]{16,}$/);
      assert.equal(created!.account_id, 'acct-1');
      const back = await get(`requests/${created!.service_request_id}.json?extensions=true`);
      const [r] = readRequests('json', back.body);
      assert.equal(r!.status, 'open');
      assert.equal(r!.service_code, 'POTHOLE');
      assert.equal(r!.address, '1 Main St');
      assert.equal(r!.media_url, 'https://img.example/p.jpg');
      assert.equal(r!.lat, centre.lat);
      assert.equal(r!.long, centre.long);
      assert.match(r!.requested_datetime, /^2026-03-\d\dT\d\d:\d\d:\d\d-08:00$/);
      assert.equal(Date.parse(r!.requested_datetime), (await getServiceRequest(t.deps, created!.service_request_id)).createdAt.getTime());
      const ext = r!.extended_attributes as { channel: string; detailed_status: string; attributes: Array<{ code: string; values: string[] }> };
      assert.equal(ext.channel, 'open311');
      assert.equal(ext.detailed_status, 'new');
      assert.deepEqual(ext.attributes.find((a) => a.code === 'LANES')!.values, ['left', 'bike']);
      assert.deepEqual(ext.attributes.find((a) => a.code === 'DEPTH_CM')!.values, ['12.5']);
      const viaToken = await get(`tokens/${created!.token}.${format}`);
      assert.equal(viaToken.statusCode, 200, viaToken.body);
      assert.equal(readCreated(format, viaToken.body)[0]!.service_request_id, created!.service_request_id);
    });

    test(`a single attribute[CODE] for a multivaluelist and repeated plain keys both work (${format})`, async () => {
      for (const lanes of [{ 'attribute[LANES]': 'right' }, { 'attribute[LANES]': ['left', 'right'] }]) {
        const res = await post(`requests.${format}`, potholeForm(lanes));
        assert.equal(res.statusCode, 201, res.body);
      }
    });

    test(`api_key: missing, wrong, revoked-looking or without the scope is a 403 (${format})`, async () => {
      expectErrors(format, await post(`requests.${format}`, potholeForm({ api_key: undefined })), 403, 'api_key');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ api_key: 'fdk_nope_nope' })), 403, 'api_key');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ api_key: readKey })), 403, 'open311:write');
      const header = await app.inject({ method: 'POST', url: `${BASE}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': 'fdk_bad_key' }, payload: form(potholeForm()) });
      expectErrors(format, header, 403);
    });

    test(`attribute validation: required, list values, datatypes, unknown codes; every problem listed (${format})`, async () => {
      const missing = await post(`requests.${format}`, potholeForm({ 'attribute[SIZE]': undefined }));
      expectErrors(format, missing, 400, 'attribute[SIZE]');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[SIZE]': 'huge' })), 400, 'small, large');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[LANES][]': ['left', 'sky'] })), 400, 'attribute[LANES]');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[DEPTH_CM]': 'deep' })), 400, 'attribute[DEPTH_CM]');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[NOTICED_AT]': 'yesterday' })), 400, 'attribute[NOTICED_AT]');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[COLOUR]': 'red' })), 400, 'attribute[COLOUR]');
      const several = expectErrors(format, await post(`requests.${format}`, potholeForm({ 'attribute[SIZE]': 'huge', 'attribute[DEPTH_CM]': 'x', email: 'not-an-address' })), 400);
      assert.equal(several.length, 3);
      assert.ok(several.some((e) => e.description.startsWith('email')));
    });

    test(`location, service and field errors (${format})`, async () => {
      expectErrors(format, await post(`requests.${format}`, potholeForm({ lat: undefined, long: undefined })), 400, 'location');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ long: undefined })), 400, 'long');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ lat: '45.x' })), 400, 'lat');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ lat: 40.7, long: -74 })), 400, 'outside');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ service_code: 'NOPE' })), 400, 'NOPE');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ service_code: 'ADA_COMPLAINT' })), 400, 'ADA_COMPLAINT');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ service_code: 'TRASH_DAY' })), 400);
      expectErrors(format, await post(`requests.${format}`, potholeForm({ service_code: undefined })), 400, 'service_code');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ media_url: 'javascript:alert(1)' })), 400, 'media_url');
      expectErrors(format, await post(`requests.${format}`, potholeForm({ jurisdiction_id: 'nowhere' })), 404);
      const byAddress = await post(`requests.${format}`, potholeForm({ lat: undefined, long: undefined, address_id: 'ADDR-991' }));
      assert.equal(byAddress.statusCode, 201, byAddress.body);
      const id = readCreated(format, byAddress.body)[0]!.service_request_id;
      const [r] = readRequests('xml', (await get(`requests/${id}.xml`)).body);
      assert.equal(r!.address_id, 'ADDR-991');
      assert.equal(r!.lat, null);
    });
  }

  test('a request in the second jurisdiction, dated in its own time zone', async () => {
    const res = await post('requests.json', { api_key: submitKey, jurisdiction_id: 'county.example', service_code: 'COUNTY_ROAD', lat: centre.lat, long: centre.long, description: 'County road washout' });
    assert.equal(res.statusCode, 201, res.body);
    const id = readCreated('json', res.body)[0]!.service_request_id;
    assert.match(id, /^TC-2026-/);
    const [r] = readRequests('json', (await get(`requests/${id}.json?jurisdiction_id=county.example`)).body);
    assert.match(r!.requested_datetime, /-07:00$/);
    assert.equal(Date.parse(r!.requested_datetime), (await getServiceRequest(t.deps, id)).createdAt.getTime());
    expectErrors('json', await get(`requests/${id}.json`), 404);
  });

  test('a key sent only in the form body is rate-limited per key (429 with Retry-After)', async () => {
    const slow = (await createApiKey(t.deps, { name: 'tiny', scopes: ['open311:write'], rateLimitPerMinute: 2 }, system)).key;
    for (let i = 0; i < 2; i++) assert.equal((await post('requests.json', potholeForm({ api_key: slow }))).statusCode, 201);
    const refused = await post('requests.xml', potholeForm({ api_key: slow }));
    expectErrors('xml', refused, 429, '2 requests a minute');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await post('requests.json', potholeForm())).statusCode, 201); // other keys are unaffected
  });

  test('tokens: unknown tokens are a 404', async () => {
    for (const format of FORMATS) expectErrors(format, await get(`tokens/AAAAAAAAAAAAAAAAAAAAAAAA.${format}`), 404);
  });
});

describe('GET requests', () => {
  // GRAFFITI requests made here only, so each list is exactly what this block creates (in before(),
  // which runs when the block's turn comes, not while earlier blocks' tests run).
  let t0 = new Date();
  const made: string[] = [];
  let old = { trackingNumber: '' };
  let closed = '';
  let newestFirst: string[] = [];
  before(async () => {
    t0 = t.clock.now();
    t.clock.set('2025-10-01T17:00:00Z'); // 152 days before: outside the default window
    old = (await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {}, description: 'Old graffiti' })).request;
    t.clock.set(t0);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      const r = (await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {}, description: `Graffiti ${i}`, location: { lat: centre.lat + i * 0.001, long: centre.long } })).request;
      made.push(r.trackingNumber);
    }
    closed = made[0]!;
    t.clock.advance(60_000);
    await transitionServiceRequest(t.deps, { request: closed, to: 'resolved', expectedVersion: 1, actor: 'crew', publicNote: 'Painted over', internalNote: 'used 2 cans' });
    newestFirst = [...made].reverse();
  });

  for (const format of FORMATS) {
    test(`default window, newest first, filters by service_code and status (${format})`, async () => {
      const all = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI`)).body);
      assert.deepEqual(all.map((r) => r.service_request_id), newestFirst);
      assert.ok(!all.some((r) => r.service_request_id === old.trackingNumber));
      for (const r of all) {
        assert.match(r.requested_datetime, W3C_DATETIME);
        assert.match(r.updated_datetime, W3C_DATETIME);
        assert.match(r.requested_datetime, /-08:00$/);
      }
      const open = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&status=open`)).body);
      assert.deepEqual(open.map((r) => r.service_request_id), newestFirst.filter((id) => id !== closed));
      const shut = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&status=closed`)).body);
      assert.deepEqual(shut.map((r) => [r.service_request_id, r.status, r.status_notes]), [[closed, 'closed', 'Painted over']]);
      const both = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI,STREETLIGHT&status=open,closed`)).body);
      assert.equal(both.length, 5);
      const withOld = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&start_date=2025-09-01T00:00:00Z&end_date=2025-10-02T00:00:00-07:00`)).body);
      assert.deepEqual(withOld.map((r) => r.service_request_id), [old.trackingNumber]);
    });

    test(`service_request_id overrides every other filter, in the order asked (${format})`, async () => {
      const ids = [old.trackingNumber, made[2]!, 'TV-2026-999999'];
      const rows = readRequests(format, (await get(`requests.${format}?service_request_id=${ids.join(',')}&service_code=STREETLIGHT&status=closed`)).body);
      assert.deepEqual(rows.map((r) => r.service_request_id), [old.trackingNumber, made[2]]);
    });

    test(`paging edges: page_size, last partial page, past the end, bad values (${format})`, async () => {
      const page = async (n: number) => readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&page_size=2&page=${n}`)).body).map((r) => r.service_request_id);
      assert.deepEqual([await page(1), await page(2), await page(3), await page(4)], [newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4), []]);
      const empty = await get(`requests.${format}?service_code=GRAFFITI&page=99`);
      assert.equal(empty.statusCode, 200);
      assert.equal(empty.body, format === 'json' ? '[]' : '<?xml version="1.0" encoding="utf-8"?><service_requests/>');
      expectErrors(format, await get(`requests.${format}?page=0`), 400, 'page');
      expectErrors(format, await get(`requests.${format}?page_size=1001`), 400, 'page_size');
      expectErrors(format, await get(`requests.${format}?page_size=ten`), 400, 'page_size');
    });

    test(`updated_after / updated_before for incremental sync, oldest change first (${format})`, async () => {
      const since = new Date(t0.getTime() + 90_000).toISOString();
      const rows = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&updated_after=${since}`)).body).map((r) => r.service_request_id);
      // made[1..4] were created after `since`; made[0] was updated (resolved) after all of them.
      assert.deepEqual(rows, [...made.slice(1), closed]);
      const before = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&updated_before=${encodeURIComponent(since)}`)).body).map((r) => r.service_request_id);
      assert.deepEqual(before, [old.trackingNumber]);
    });

    test(`lat/long/radius and bbox (${format})`, async () => {
      const near = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&lat=${centre.lat}&long=${centre.long}&radius=150`)).body);
      assert.deepEqual(near.map((r) => r.service_request_id).sort(), [made[0], made[1]].sort());
      const box = `${centre.long - 0.001},${centre.lat + 0.0025},${centre.long + 0.001},${centre.lat + 0.0045}`;
      const inBox = readRequests(format, (await get(`requests.${format}?service_code=GRAFFITI&bbox=${box}`)).body);
      assert.deepEqual(inBox.map((r) => r.service_request_id).sort(), [made[3], made[4]].sort());
      expectErrors(format, await get(`requests.${format}?bbox=1,2,3`), 400, 'bbox');
      expectErrors(format, await get(`requests.${format}?lat=45.5`), 400, 'long');
      expectErrors(format, await get(`requests.${format}?radius=100`), 400, 'radius');
      expectErrors(format, await get(`requests.${format}?lat=45.5&long=-122.6&radius=900000`), 400, 'radius');
    });

    test(`bad dates and statuses are 400s naming the parameter; empty results are empty lists (${format})`, async () => {
      expectErrors(format, await get(`requests.${format}?start_date=yesterday`), 400, 'start_date');
      expectErrors(format, await get(`requests.${format}?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z`), 400, 'start_date');
      expectErrors(format, await get(`requests.${format}?status=pending`), 400, 'status');
      expectErrors(format, await get(`requests.${format}?service_request_id=<script>`), 400, 'service_request_id');
      const none = readRequests(format, (await get(`requests.${format}?service_code=NO_SLA`)).body);
      assert.deepEqual(none, []);
    });

    test(`one request by id; unknown ids are 404s (${format})`, async () => {
      const [r] = readRequests(format, (await get(`requests/${closed}.${format}`)).body);
      assert.equal(r!.service_request_id, closed);
      assert.equal(r!.agency_responsible, 'Streets');
      assert.equal(r!.extended_attributes, null);
      expectErrors(format, await get(`requests/TV-2026-999999.${format}`), 404);
      expectErrors(format, await get(`requests/not-an-id.${format}`), 404);
    });
  }

  test('extensions: detailed status, public notes only, merged duplicates name their parent', async () => {
    const [parent, child] = [made[3]!, made[4]!];
    await mergeServiceRequests(t.deps, { child, parent, actor: 'agent' });
    await addNote(t.deps, { request: parent, actor: 'agent', publicNote: 'Crew scheduled', internalNote: 'secret internal remark' });
    for (const format of FORMATS) {
      const res = await get(`requests/${child}.${format}?extensions=true`);
      const [c] = readRequests(format, res.body);
      const ext = c!.extended_attributes as Record<string, unknown>;
      assert.equal(ext.detailed_status, 'duplicate');
      assert.equal(ext.parent_service_request_id, parent);
      assert.equal(c!.status, 'closed');
      const [p] = readRequests(format, (await get(`requests/${parent}.${format}?extensions=true`)).body);
      const pext = p!.extended_attributes as Record<string, unknown>;
      const notes = JSON.stringify(pext.notes);
      assert.ok(notes.includes('Crew scheduled'));
      assert.ok(!(await get(`requests/${parent}.${format}?extensions=true`)).body.includes('secret internal remark'));
      assert.equal(pext.district, 'west');
      assert.equal(pext.channel, 'web');
    }
  });
});

describe('servicerequestupdates (mySociety)', () => {
  let r = { id: 0, trackingNumber: '' };
  before(async () => {
    r = (await createPothole(t.deps, { description: 'For updates' })).request;
    await transitionServiceRequest(t.deps, { request: r.id, to: 'in_progress', expectedVersion: 1, actor: 'crew', publicNote: 'On our way', internalNote: 'truck 7' });
    await addNote(t.deps, { request: r.id, actor: 'crew', internalNote: 'internal only' });
  });

  for (const format of FORMATS) {
    test(`GET lists public updates with the status after each (${format})`, async () => {
      const res = await get(`servicerequestupdates.${format}?service_request_id=${r.trackingNumber}`);
      assert.equal(res.statusCode, 200, res.body);
      const updates = readUpdates(format, res.body);
      assert.deepEqual(updates.map((u) => [u.service_request_id, u.status, u.description]), [[r.trackingNumber, 'in_progress', 'On our way']]);
      assert.match(updates[0]!.updated_datetime, W3C_DATETIME);
      assert.ok(!res.body.includes('truck 7') && !res.body.includes('internal only'));
      const window = readUpdates(format, (await get(`servicerequestupdates.${format}?start_date=2026-03-02T00:00:00-08:00&end_date=2026-03-03T00:00:00-08:00`)).body);
      assert.ok(window.some((u) => u.service_request_id === r.trackingNumber));
      const later = readUpdates(format, (await get(`servicerequestupdates.${format}?start_date=2026-04-01T00:00:00Z`)).body);
      assert.deepEqual(later, []);
      expectErrors(format, await get(`servicerequestupdates.${format}?end_date=soon`), 400, 'end_date');
    });
  }

  test('POST from a partner: a comment, a status change (FIXED), a retry with the same update_id', async () => {
    const comment = await post('servicerequestupdates.xml', { api_key: submitKey, service_request_id: r.trackingNumber, description: 'Resident says it got worse', status: 'OPEN', update_id: 'fms-1', updated_datetime: '2026-03-02T09:30:00-08:00', media_url: 'https://img.example/u.jpg' });
    assert.equal(comment.statusCode, 201, comment.body);
    const [u1] = readUpdates('xml', comment.body);
    assert.match(u1!.update_id, /^\d+$/);
    const retry = await post('servicerequestupdates.xml', { api_key: submitKey, service_request_id: r.trackingNumber, description: 'Resident says it got worse', status: 'OPEN', update_id: 'fms-1' });
    assert.equal(readUpdates('xml', retry.body)[0]!.update_id, u1!.update_id);
    expectErrors('json', await post('servicerequestupdates.json', { api_key: submitKey, service_request_id: r.trackingNumber, status: 'FIXED', description: 'done' }), 403, 'requests:write');
    const fixed = await post('servicerequestupdates.json', { api_key: partnerKey, service_request_id: r.trackingNumber, status: 'FIXED', description: 'Filled today' });
    assert.equal(fixed.statusCode, 201, fixed.body);
    const listed = readUpdates('json', (await get(`servicerequestupdates.json?service_request_id=${r.trackingNumber}`)).body);
    assert.deepEqual(listed.map((u) => [u.status, u.description, u.media_url]), [
      ['in_progress', 'On our way', ''],
      ['in_progress', 'Resident says it got worse', 'https://img.example/u.jpg'],
      ['fixed', 'Filled today', ''],
    ]);
    const [now] = readRequests('json', (await get(`requests/${r.trackingNumber}.json`)).body);
    assert.equal(now!.status, 'closed');
    const reopened = await post('servicerequestupdates.json', { api_key: partnerKey, service_request_id: r.trackingNumber, status: 'OPEN', description: 'Came back' });
    assert.equal(reopened.statusCode, 201, reopened.body);
    assert.equal(readRequests('json', (await get(`requests/${r.trackingNumber}.json`)).body)[0]!.status, 'open');
  });

  test('POST errors: no key, unknown request, bad status, nothing to say', async () => {
    for (const format of FORMATS) {
      expectErrors(format, await post(`servicerequestupdates.${format}`, { service_request_id: r.trackingNumber, description: 'x' }), 403, 'api_key');
      expectErrors(format, await post(`servicerequestupdates.${format}`, { api_key: partnerKey, service_request_id: 'TV-2026-999999', description: 'x' }), 404);
      expectErrors(format, await post(`servicerequestupdates.${format}`, { api_key: partnerKey, service_request_id: r.trackingNumber, status: 'MAYBE', description: 'x' }), 400, 'status');
      expectErrors(format, await post(`servicerequestupdates.${format}`, { api_key: partnerKey, service_request_id: r.trackingNumber }), 400, 'description');
    }
  });
});

test('a confidential request is a 404 by id and absent from lists', async () => {
  const secret = (await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'web', description: 'Ramp blocked', location: centre })).request;
  for (const format of FORMATS) {
    expectErrors(format, await get(`requests/${secret.trackingNumber}.${format}`), 404);
    const ids = readRequests(format, (await get(`requests.${format}?service_request_id=${secret.trackingNumber}`)).body);
    assert.deepEqual(ids, []);
  }
});
