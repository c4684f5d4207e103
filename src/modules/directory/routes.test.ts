import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify from 'fastify';
import { registerErrorHandler } from '../../http/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { importDirectory } from './import.ts';
import { registerDirectoryRoutes } from './routes.ts';
import { hsds, miamiTable, MIAMI_ZIP } from './test-helpers.ts';

const t = await openTestDatabase();
await importDirectory(t.deps, MIAMI_ZIP); // at 2026-03-02T17:00:00Z (the test clock)
const app = Fastify({ logger: false });
registerErrorHandler(app);
registerDirectoryRoutes(app, t.deps);
await app.ready();
after(() => app.close());

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
addFormats.default(ajv);
const check = (schema: object, value: unknown): void => {
  const validate = ajv.compile(schema);
  assert.ok(validate(value), ajv.errorsText(validate.errors));
};
const get = async (url: string) => {
  const res = await app.inject(url);
  return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
};
const TOTAL_SERVICES = 4089;

describe('GET /hsds/', () => {
  test('says which HSDS version and profile the API follows', async () => {
    for (const url of ['/hsds/', '/hsds']) {
      const { status, body } = await get(url);
      assert.equal(status, 200);
      assert.equal(body.version, '3.0');
      assert.match(body.profile, /^https:\/\//);
    }
  });
});

describe('GET /hsds/services: paging', () => {
  test('the first page by default: 50 services and the HSDS page envelope', async () => {
    const { status, body } = await get('/hsds/services');
    assert.equal(status, 200);
    check(hsds.page(hsds.serviceFields), body);
    assert.deepEqual({ ...body, contents: undefined }, { total_items: TOTAL_SERVICES, total_pages: 82, page_number: 1, size: 50, first_page: true, last_page: false, empty: false, contents: undefined });
  });

  test('the last page holds the remainder; a page past the end is empty, not an error', async () => {
    const last = await get('/hsds/services?page=82');
    assert.deepEqual([last.body.size, last.body.first_page, last.body.last_page, last.body.empty], [TOTAL_SERVICES - 81 * 50, false, true, false]);
    const past = await get('/hsds/services?page=1000');
    assert.equal(past.status, 200);
    assert.deepEqual({ ...past.body }, { total_items: TOTAL_SERVICES, total_pages: 82, page_number: 1000, size: 0, first_page: false, last_page: true, empty: true, contents: [] });
  });

  test('pages do not overlap and cover every service once', async () => {
    const seen = new Set<string>();
    for (let page = 1; page <= 9; page++) {
      const { body } = await get(`/hsds/services?per_page=500&page=${page}`);
      for (const s of body.contents) seen.add(s.id);
    }
    assert.equal(seen.size, TOTAL_SERVICES);
  });

  test('per_page up to 500 is served; more is refused (not clamped), naming the parameter', async () => {
    assert.equal((await get('/hsds/services?per_page=500')).body.size, 500);
    const over = await get('/hsds/services?per_page=501');
    assert.equal(over.status, 400);
    assert.equal(over.body.error.field, 'per_page');
    assert.match(over.body.error.message, /per_page: must be at most 500/);
  });

  test('bad paging parameters are a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['page=0', 'page'],
      ['page=-1', 'page'],
      ['page=abc', 'page'],
      ['page=1.5', 'page'],
      ['per_page=0', 'per_page'],
      ['page=1&page=2', 'page'],
      ['pagesize=10', 'pagesize'],
      ['format=xml', 'format'],
    ] as const) {
      const { status, body } = await get(`/hsds/services?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.error.code, 'validation_failed', query);
      assert.equal(body.error.field, field, query);
    }
    assert.match((await get('/hsds/services?page=0')).body.error.message, /page: must be 1 or more \(pages are numbered from 1\)/);
  });
});

describe('GET /hsds/services: filters and search', () => {
  test('taxonomy_term_id: exactly the services the CSV links to the term', async () => {
    const expected = new Set(miamiTable('services_taxonomy.csv').filter((l) => l.taxonomy_id === 'PL-7000').map((l) => l.service_id));
    const { body } = await get('/hsds/services?taxonomy_term_id=PL-7000&per_page=500');
    assert.equal(body.total_items, expected.size);
    assert.deepEqual(new Set(body.contents.map((s: { id: string }) => s.id)), expected);
  });

  test('organization_id: only that organization’s services', async () => {
    const { body } = await get('/hsds/services?organization_id=6017&per_page=500');
    assert.ok(body.total_items > 10, `${body.total_items} services`);
    assert.ok(body.contents.every((s: { organization_id: string }) => s.organization_id === '6017'));
    assert.equal((await get('/hsds/services?organization_id=no-such-org')).body.total_items, 0);
  });

  test('search is a case-insensitive match on name and description; % and _ are literal', async () => {
    const { body } = await get(`/hsds/services?search=${encodeURIComponent('gIrL sCoUt')}`);
    assert.ok(body.contents.some((s: { id: string }) => s.id === '136'));
    assert.ok(body.contents.every((s: { name: string; description?: string }) => /girl scout/i.test(`${s.name} ${s.description ?? ''}`)));
    const byDescription = await get('/hsds/services?search=preeminent%20local%20organization');
    assert.ok(byDescription.body.contents.some((s: { id: string }) => s.id === '136'));
    assert.equal((await get('/hsds/services?search=%25%25%25_')).body.total_items, 0);
  });

  test('filters combine', async () => {
    const { body } = await get('/hsds/services?organization_id=6017&search=food&per_page=500');
    assert.ok(body.total_items >= 1);
    assert.ok(body.contents.every((s: { organization_id: string; name: string; description?: string }) => s.organization_id === '6017' && /food/i.test(`${s.name} ${s.description}`)));
  });

  test('modified_after: services modified on or after the time (ISO 8601 with a zone, or a date)', async () => {
    assert.equal((await get('/hsds/services?modified_after=2026-03-02T17:00:00Z')).body.total_items, TOTAL_SERVICES);
    assert.equal((await get('/hsds/services?modified_after=2026-03-02T12:00:00-05:00')).body.total_items, TOTAL_SERVICES);
    assert.equal((await get('/hsds/services?modified_after=2026-03-02T17:00:01Z')).body.total_items, 0);
    assert.equal((await get('/hsds/services?modified_after=2026-03-03')).body.total_items, 0);
    for (const bad of ['yesterday', '2026-13-45', '2026-03-02T17:00:00']) {
      const { status, body } = await get(`/hsds/services?modified_after=${bad}`);
      assert.equal(status, 400, bad);
      assert.equal(body.error.field, 'modified_after', bad);
    }
  });
});

describe('GET /hsds/services/{id}', () => {
  test('a fully nested HSDS 3.0 service, with no personal data', async () => {
    const { status, body } = await get('/hsds/services/136');
    assert.equal(status, 200);
    check(hsds.service, body);
    assert.equal(body.organization.name, 'GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC.');
    assert.equal(body.service_at_locations[0].phones[0].number, '305-253-4841');
    // contacts.csv names this service's CEO; contacts are never imported or served.
    const contact = miamiTable('contacts.csv').find((c) => c.service_id === '136');
    assert.ok(contact?.name);
    assert.ok(!JSON.stringify(body).includes(contact.name));
  });

  test('an unknown id is a 404 naming it', async () => {
    const { status, body } = await get('/hsds/services/no-such-service');
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
    assert.match(body.error.message, /Service "no-such-service" was not found/);
  });

  test('responses carry an ETag and Cache-Control; a matching If-None-Match gets 304', async () => {
    const first = await app.inject('/hsds/services/136');
    assert.match(String(first.headers.etag), /^W\/"[\w-]+"$/);
    assert.match(String(first.headers['cache-control']), /public, max-age=\d+/);
    const again = await app.inject({ url: '/hsds/services/136', headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });
});

describe('organizations, taxonomy terms, taxonomies, service at locations', () => {
  test('GET /hsds/organizations pages and searches organizations', async () => {
    const { body } = await get('/hsds/organizations?search=attorney%20general');
    check(hsds.page(hsds.organization), body);
    assert.ok(body.contents.some((o: { id: string }) => o.id === '143'));
    assert.equal((await get('/hsds/organizations')).body.total_items, 1074);
  });

  test('GET /hsds/organizations/{id} nests its services and locations; unknown is 404', async () => {
    const { status, body } = await get('/hsds/organizations/6017');
    assert.equal(status, 200);
    assert.equal(body.name, 'MIAMI-DADE COUNTY COMMUNITY ACTION AND HUMAN SERVICES');
    const services = (await get('/hsds/services?organization_id=6017&per_page=500')).body;
    assert.equal(body.services.length, services.total_items);
    for (const s of body.services) check(hsds.serviceFields, s);
    assert.ok(body.locations.length > 0);
    assert.equal((await get('/hsds/organizations/nope')).status, 404);
  });

  test('GET /hsds/taxonomy_terms: top_only, parent_id and search follow the CSV tree', async () => {
    const firstById = new Map<string, Record<string, string>>();
    for (const r of miamiTable('taxonomy.csv')) if (!firstById.has(r.id ?? '')) firstById.set(r.id ?? '', r);
    const terms = [...firstById.values()];
    const top = await get('/hsds/taxonomy_terms?top_only=true&per_page=500');
    check(hsds.page(hsds.taxonomyTerm), top.body);
    assert.equal(top.body.total_items, terms.filter((r) => !r.parent_id).length);
    const children = await get('/hsds/taxonomy_terms?parent_id=P&per_page=500');
    assert.equal(children.body.total_items, terms.filter((r) => r.parent_id === 'P').length);
    const search = await get('/hsds/taxonomy_terms?search=scouting');
    assert.ok(search.body.contents.some((x: { id: string }) => x.id === 'PS-9800.8500'));
    assert.equal((await get('/hsds/taxonomy_terms?top_only=maybe')).body.error.field, 'top_only');
  });

  test('GET /hsds/taxonomy_terms/{id} and /hsds/taxonomies', async () => {
    const term = await get('/hsds/taxonomy_terms/PL-7000');
    check(hsds.taxonomyTerm, term.body);
    assert.equal(term.body.name, 'Recreational Activities/Sports');
    const taxonomies = await get('/hsds/taxonomies');
    assert.deepEqual(taxonomies.body.contents.map((x: { name: string }) => x.name), ['Open211 Miami - AIRS']);
    assert.equal((await get(`/hsds/taxonomies/${term.body.taxonomy_id}`)).body.name, 'Open211 Miami - AIRS');
    const byTaxonomy = await get(`/hsds/taxonomy_terms?taxonomy_id=${term.body.taxonomy_id}`);
    assert.equal(byTaxonomy.body.total_items, 1991);
    assert.equal((await get('/hsds/taxonomy_terms/nope')).status, 404);
  });

  test('GET /hsds/service_at_locations filters like services; /{id} nests the location', async () => {
    const list = await get('/hsds/service_at_locations?organization_id=6017&per_page=500');
    const services = (await get('/hsds/services?organization_id=6017&per_page=500')).body.contents.map((s: { id: string }) => s.id);
    assert.deepEqual(new Set(list.body.contents.map((x: { service_id: string }) => x.service_id)), new Set(services));
    assert.equal((await get('/hsds/service_at_locations')).body.total_items, 4089);
    const one = await get('/hsds/service_at_locations/143');
    check(hsds.serviceAtLocation, one.body);
    assert.equal(one.body.location.addresses[0].city, 'Tallahassee');
    assert.equal((await get('/hsds/service_at_locations/nope')).status, 404);
    assert.equal((await get('/hsds/service_at_locations?per_page=1000')).status, 400);
  });
});

describe('modified_after sees a later change', () => {
  test('re-importing one changed service moves only that service past the earlier time', async () => {
    t.clock.set('2026-04-01T00:00:00Z');
    const service = (await get('/hsds/services/143')).body;
    const changed = { ...service, alert: 'Closed on April 3', last_modified: undefined };
    await importDirectory(t.deps, new TextEncoder().encode(JSON.stringify([changed])));
    const { body } = await get('/hsds/services?modified_after=2026-03-15');
    assert.deepEqual(body.contents.map((s: { id: string; alert: string }) => [s.id, s.alert]), [['143', 'Closed on April 3']]);
    assert.equal(body.contents[0].last_modified, '2026-04-01T00:00:00.000Z');
  });
});
