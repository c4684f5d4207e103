import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { openTestDatabase } from '../../test/database.ts';
import { exportDirectoryText } from './export.ts';
import { importDirectory } from './import.ts';
import { directoryCounts, hsds, MIAMI_ZIP } from './test-helpers.ts';

const source = await openTestDatabase();
const copy = await openTestDatabase();
await importDirectory(source.deps, MIAMI_ZIP);
const started = Date.now();
const exported = await exportDirectoryText(source.deps);
console.log(`# Miami 211 export on ${source.handle.engine}: ${Date.now() - started} ms, ${exported.length} characters`);
/** The parts of an exported service these tests read. */
interface ExportedService {
  id: string;
  status?: string;
  organization: { name: string };
  schedules?: Array<{ byday: string; opens_at: string; closes_at: string }>;
  languages?: Array<{ code: string }>;
  attributes?: Array<{ link_entity: string; taxonomy_term: { taxonomy: string } }>;
  service_at_locations?: Array<{ phones?: Array<{ number: string; extension?: unknown }>; location?: { addresses?: Array<{ city: string }> } }>;
}
const services = JSON.parse(exported) as ExportedService[];

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(hsds.service);

describe('HSDS 3.0 JSON export', () => {
  test('exports every service, in byte order of id', async () => {
    assert.equal(services.length, (await directoryCounts(source.deps.db)).directory_services);
    const ids = services.map((s) => s.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
  });

  test('every exported service validates against the HSDS 3.0 schemas (service, organization, location, service_at_location, phone, schedule, taxonomy_term, …)', () => {
    const failures = services.flatMap((s) => (validate(s) ? [] : [`${s.id}: ${ajv.errorsText(validate.errors)}`]));
    assert.deepEqual(failures.slice(0, 5), []);
  });

  test('the schemas are not vacuous: a service missing what 3.0 requires is refused', () => {
    const first = structuredClone(services[0]);
    assert.ok(first && validate(first));
    delete first.status;
    assert.equal(validate(first), false);
    const badPhone = structuredClone(services.find((s) => s.service_at_locations?.some((sal) => sal.phones?.length)));
    const phone = badPhone?.service_at_locations?.find((sal) => sal.phones?.length)?.phones?.[0];
    assert.ok(badPhone && phone && validate(badPhone));
    phone.extension = 'x12';
    assert.equal(validate(badPhone), false);
  });

  test('one service nests organization, service_at_locations with location, address and phones, schedules, languages and taxonomy terms', () => {
    const s = services.find((x) => x.id === '143');
    assert.ok(s);
    assert.equal(s.organization.name, 'OFFICE OF THE ATTORNEY GENERAL');
    const sal = s.service_at_locations?.[0];
    assert.equal(sal?.phones?.[0]?.number, '866-966-7226');
    assert.equal(sal?.location?.addresses?.[0]?.city, 'Tallahassee');
    assert.deepEqual(
      s.schedules?.map((x) => `${x.byday} ${x.opens_at}-${x.closes_at}`),
      ['MO 08:00-17:00', 'TU 08:00-17:00', 'WE 08:00-17:00', 'TH 08:00-17:00', 'FR 08:00-17:00'],
    );
    assert.deepEqual(s.languages?.map((l) => l.code).sort(), ['en', 'es']);
    const attributes = s.attributes ?? [];
    assert.ok(attributes.length > 0);
    assert.ok(attributes.every((a) => a.link_entity === 'service' && a.taxonomy_term.taxonomy === 'Open211 Miami - AIRS'));
  });
});

describe('round trip', () => {
  test('export → import into an empty directory → export gives the same JSON; importing it again changes nothing', async () => {
    copy.clock.set('2027-01-01T00:00:00Z'); // a different "now": times must come from the JSON, not the clock
    const imported = await importDirectory(copy.deps, new TextEncoder().encode(exported));
    assert.equal(imported.format, 'hsds-json');
    for (const [key, e] of Object.entries(imported.entities)) assert.equal(e.skipped, 0, `${key}: ${JSON.stringify(e.skips)}`);
    const again = await exportDirectoryText(copy.deps);
    assert.equal(again.length, exported.length);
    assert.ok(again === exported, 'the second export is the same text');

    const before = await directoryCounts(copy.deps.db);
    const reimport = await importDirectory(copy.deps, new TextEncoder().encode(exported), { format: 'hsds-json' });
    for (const [key, e] of Object.entries(reimport.entities)) assert.equal(e.inserted + e.updated, 0, key);
    assert.deepEqual(await directoryCounts(copy.deps.db), before);
  });
});

describe('HSDS 3.0 JSON import of records other systems write', () => {
  test('fields outside the directory are reported, links without a taxonomy term are skipped with a reason', async () => {
    const service = {
      id: 'ext-svc-1',
      name: 'Counselling <script>alert(1)</script>',
      status: 'active',
      description: 'Talk to someone &amp; feel better',
      organization: { id: 'ext-org-1', name: 'Example Org', description: 'An example' },
      contacts: [{ id: 'c1', name: 'Ann Persona' }],
      attributes: [{ id: 'a1', link_type: 'eligibility', value: 'adults' }],
      service_at_locations: [{ id: 'ext-sal-1', location: { id: 'ext-loc-1', location_type: 'virtual', url: 'https://example.org/chat' } }],
      schedules: [{ id: 'ext-sch-1', freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '14:00' }],
    };
    const summary = await importDirectory(copy.deps, new TextEncoder().encode(JSON.stringify({ contents: [service] })));
    assert.equal(summary.entities.services.inserted, 1);
    assert.equal(summary.entities.schedules.inserted, 1);
    assert.deepEqual(summary.entities.service_taxonomy_terms.skips.map((s) => s.reason), ['attribute without a taxonomy term (only taxonomy links are kept)']);
    assert.ok(summary.notes.some((n) => /fields not imported: service\.contacts \(1\)/.test(n)));
    const row = await copy.deps.db.selectFrom('directory_services').selectAll().where('id', '=', 'ext-svc-1').executeTakeFirstOrThrow();
    assert.equal(row.name, 'Counselling');
    assert.equal(row.description, 'Talk to someone & feel better');
  });
});
