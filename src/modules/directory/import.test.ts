import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/database.ts';
import { AppError } from '../../lib/errors.ts';
import { importDirectory, type DirectoryImportSummary } from './import.ts';
import { directoryCounts, miamiTable, MIAMI_ZIP, tinyPackage, zipOf } from './test-helpers.ts';

const t = await openTestDatabase();
const { db } = t.deps;

// The Miami import runs once for this file; the tests below read what it wrote.
const started = Date.now();
const first = await importDirectory(t.deps, MIAMI_ZIP);
console.log(`# Miami 211 import on ${t.handle.engine}: ${Date.now() - started} ms`);
const countsAfterFirst = await directoryCounts(db);
const table = (file: string) => miamiTable(file);
const blank = (v: string | undefined) => (v ?? '').trim() === '';
const reasons = (s: DirectoryImportSummary, key: keyof DirectoryImportSummary['entities']) => Object.fromEntries(s.entities[key].skips.map((r) => [r.reason, r.count]));

describe('Miami 211 HSDS 1.x data package', () => {
  test('every CSV row is read, and each is imported or skipped with a reason', () => {
    const rows = {
      organizations: table('organizations.csv').length,
      services: table('services.csv').length,
      locations: table('locations.csv').length,
      addresses: table('physical_addresses.csv').length,
      service_at_locations: table('services_at_location.csv').length,
      phones: table('phones.csv').length,
      schedules: table('regular_schedules.csv').length,
      languages: table('languages.csv').length,
      accessibility: table('accessibility_for_disabilities.csv').length,
      taxonomy_terms: table('taxonomy.csv').length,
      service_taxonomy_terms: table('services_taxonomy.csv').length,
    };
    assert.deepEqual(rows, {
      organizations: 1074,
      services: 4089,
      locations: 4089,
      addresses: 4089,
      service_at_locations: 4089,
      phones: 4089,
      schedules: 11350,
      languages: 9364,
      accessibility: 4089,
      taxonomy_terms: 1994,
      service_taxonomy_terms: 26259,
    });
    for (const [key, n] of Object.entries(rows)) {
      const e = first.entities[key as keyof typeof rows];
      assert.equal(e.read, n, `${key} read`);
      assert.equal(e.imported + e.skipped, e.read, `${key}: imported + skipped = read`);
      assert.equal(e.skips.reduce((sum, r) => sum + r.count, 0), e.skipped, `${key}: every skip has a reason`);
      assert.equal(e.inserted, e.imported, `${key}: all new on the first import`);
    }
  });

  test('what the package holds cleanly is all imported, and the database holds exactly what was imported', () => {
    for (const key of ['organizations', 'services', 'locations', 'service_at_locations'] as const) assert.equal(first.entities[key].skipped, 0, key);
    assert.equal(first.entities.taxonomies.imported, 1, 'one vocabulary: Open211 Miami - AIRS');
    const e = first.entities;
    assert.deepEqual(countsAfterFirst, {
      directory_organizations: e.organizations.imported,
      directory_services: e.services.imported,
      directory_locations: e.locations.imported,
      directory_addresses: e.addresses.imported,
      directory_service_at_locations: e.service_at_locations.imported,
      directory_phones: e.phones.imported,
      directory_schedules: e.schedules.imported,
      directory_languages: e.languages.imported,
      directory_accessibility: e.accessibility.imported,
      directory_service_areas: 0,
      directory_taxonomies: 1,
      directory_taxonomy_terms: e.taxonomy_terms.imported,
      directory_service_taxonomy_terms: e.service_taxonomy_terms.imported,
    });
  });

  test('skipped rows are the ones the CSV shows are unusable, each with its reason', () => {
    const phones = table('phones.csv');
    assert.deepEqual(reasons(first, 'phones'), { 'number is empty': phones.filter((p) => blank(p.number)).length });
    assert.equal(first.entities.phones.skipped, 22);

    const languages = table('languages.csv');
    assert.deepEqual(reasons(first, 'languages'), { 'no language named': languages.filter((l) => blank(l.language)).length });

    const accessibility = table('accessibility_for_disabilities.csv');
    assert.deepEqual(reasons(first, 'accessibility'), {
      'no accessibility description, details or url': accessibility.filter((a) => blank(a.accessibility) && blank(a.details)).length,
    });

    const addresses = table('physical_addresses.csv');
    const skippedAddresses = addresses.filter((a) => ['address_1', 'city', 'state_province', 'postal_code'].some((f) => blank(a[f]))).length;
    assert.equal(first.entities.addresses.skipped, skippedAddresses);
    assert.deepEqual(Object.keys(reasons(first, 'addresses')).sort(), ['address_1 is empty', 'city is empty']);

    const terms = table('taxonomy.csv');
    assert.deepEqual(reasons(first, 'taxonomy_terms'), { 'duplicate id (the first record with it was kept)': terms.length - new Set(terms.map((r) => r.id)).size });

    const links = table('services_taxonomy.csv');
    assert.deepEqual(reasons(first, 'service_taxonomy_terms'), {
      'the same service and term are already linked (repeated row)': links.length - new Set(links.map((l) => `${l.service_id}|${l.taxonomy_id}`)).size,
    });

    // Schedules: only unreadable times are skipped (6:300pm, 9:0am, "5:00" without am/pm, …), never a weekday.
    const schedules = first.entities.schedules;
    assert.deepEqual(Object.keys(reasons(first, 'schedules')).sort(), ['closes_at is not valid', 'opens_at is not valid']);
    assert.ok(schedules.skipped > 0 && schedules.skipped < 100, `${schedules.skipped} schedules skipped`);
    const examples = schedules.skips.flatMap((s) => s.examples).join('\n');
    assert.match(examples, /regular_schedules\.csv line \d+: (opens|closes)_at "[^"]+" is (ambiguous|not a time)/);
  });

  test('records match the CSV field by field', async () => {
    const org = await db.selectFrom('directory_organizations').selectAll().where('id', '=', '136').executeTakeFirstOrThrow();
    assert.equal(org.name, 'GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC.');
    assert.equal(org.website, 'http://www.girlscoutsfl.org/', 'a bare host gets http://');
    assert.match(org.description, /^The Girl Scout Council of Tropical Florida, Inc\. is the preeminent/);
    assert.ok(org.description.endsWith('self-worth.\n\n###MON###'), 'literal \\n sequences become line breaks');

    const phone = await db.selectFrom('directory_phones').selectAll().where('id', '=', '143').executeTakeFirstOrThrow();
    assert.deepEqual(
      { number: phone.number, extension: phone.extension, service: phone.service_id, location: phone.location_id, sal: phone.service_at_location_id },
      { number: '866-966-7226', extension: null, service: '143', location: '143', sal: '143' },
    );
    const withExtension = await db.selectFrom('directory_phones').select(['number', 'extension']).where('id', '=', '163').executeTakeFirstOrThrow();
    assert.deepEqual(withExtension, { number: '305-573-4200', extension: 57471 }, '"305-573-4200 x57471" is split');

    // regular_schedules.csv: service 143, Monday–Friday, 8:00am–5:00pm, "8:00am-5:00pm, Mon-Fri".
    const schedules = await db.selectFrom('directory_schedules').selectAll().where('service_id', '=', '143').execute();
    assert.deepEqual(schedules.map((s) => s.byday).sort(), ['FR', 'MO', 'TH', 'TU', 'WE']);
    for (const s of schedules) {
      assert.deepEqual([s.freq, s.opens_at, s.closes_at, s.description, s.location_id], ['WEEKLY', '08:00', '17:00', '8:00am-5:00pm, Mon-Fri', null]);
    }

    const location = await db
      .selectFrom('directory_locations')
      .select(['name', sql<number>`(coordinates)[1]`.as('lat'), sql<number>`(coordinates)[0]`.as('long'), 'organization_id'])
      .where('id', '=', '150')
      .executeTakeFirstOrThrow();
    assert.deepEqual(location, { name: 'SALVATION ARMY - DONATION CENTER', lat: 25.7991167460233, long: -80.1967001873212, organization_id: '149' });

    const address = await db.selectFrom('directory_addresses').selectAll().where('id', '=', '136').executeTakeFirstOrThrow();
    assert.deepEqual(
      [address.address_1, address.city, address.state_province, address.postal_code, address.country, address.address_type, address.location_id],
      ['11347 SW 160th Street', 'Miami', 'FL', '33157', 'US', 'physical', '136'],
    );

    const languages = await db.selectFrom('directory_languages').select(['name', 'code']).where('service_id', '=', '143').orderBy('name').execute();
    assert.deepEqual(languages, [
      { name: 'English', code: 'en' },
      { name: 'Spanish', code: 'es' },
    ]);

    const term = await db.selectFrom('directory_taxonomy_terms').selectAll().where('id', '=', 'PN-8100.4500-240').executeTakeFirstOrThrow();
    assert.deepEqual([term.name, term.parent_id], ['Gay/Lesbian/Bisexual/Transgender Support Groups', 'P']);
    const dup = await db.selectFrom('directory_taxonomy_terms').select('name').where('id', '=', 'J').executeTakeFirstOrThrow();
    assert.equal(dup.name, 'Environment and Public Health/Safety', 'the first of two rows with id J is kept');
  });

  test('an organization_id naming an Open211 site record resolves to that record’s organization, and is reported', async () => {
    // services.csv: service 6562 names organization 6253, which is a service whose organization is 6017.
    const service = await db.selectFrom('directory_services').select('organization_id').where('id', '=', '6562').executeTakeFirstOrThrow();
    assert.equal(service.organization_id, '6017');
    const adjusted = first.entities.services.adjustments.find((a) => a.reason.startsWith('organization_id named a service record'));
    const organizations = new Set(table('organizations.csv').map((o) => o.id));
    assert.equal(adjusted?.count, table('services.csv').filter((s) => !organizations.has(s.organization_id ?? '')).length);
  });

  test('importing the same package again is idempotent: same counts, nothing written', async () => {
    const again = await importDirectory(t.deps, MIAMI_ZIP);
    assert.deepEqual(await directoryCounts(db), countsAfterFirst);
    for (const [key, e] of Object.entries(again.entities)) {
      assert.equal(e.read, first.entities[key as keyof typeof again.entities].read, key);
      assert.equal(e.inserted + e.updated, 0, `${key}: nothing written`);
      assert.equal(e.unchanged, first.entities[key as keyof typeof again.entities].imported, key);
    }
    assert.ok(!again.notes.some((n) => /marked modified/.test(n)));
  });

  test('the summary names what the package has that is not imported', () => {
    assert.ok(first.notes.some((n) => /contacts\.csv not imported: contacts name individual people/.test(n)));
    assert.ok(first.notes.some((n) => /postal_addresses\.csv is listed in datapackage\.json but not in the zip/.test(n)));
    assert.ok(first.notes.some((n) => /taxonomy\.csv: column not imported: taxonomy_facet/.test(n)));
  });
});

describe('a changed package updates in place and moves last_modified', () => {
  test('a changed phone updates one phone and re-stamps its service', async () => {
    t.clock.set('2026-03-01T00:00:00Z');
    await importDirectory(t.deps, tinyPackage());
    const before = await db.selectFrom('directory_services').select('last_modified').where('id', '=', 'svc-1').executeTakeFirstOrThrow();
    t.clock.set('2026-03-05T00:00:00Z');
    const changed = await importDirectory(t.deps, tinyPackage({ 'phones.csv': 'id,service_id,number\nph-1,svc-1,305-555-0199\n' }));
    assert.equal(changed.entities.phones.updated, 1);
    assert.equal(changed.entities.services.unchanged, 1);
    const after = await db.selectFrom('directory_services').select('last_modified').where('id', '=', 'svc-1').executeTakeFirstOrThrow();
    assert.equal(before.last_modified.toISOString(), '2026-03-01T00:00:00.000Z');
    assert.equal(after.last_modified.toISOString(), '2026-03-05T00:00:00.000Z');
    const org = await db.selectFrom('directory_organizations').selectAll().where('id', '=', 'org-1').executeTakeFirstOrThrow();
    assert.equal(org.description, 'Free groceries & meals', 'markup removed, entities decoded');
    assert.equal(org.last_modified.toISOString(), '2026-03-01T00:00:00.000Z', 'the unchanged organization keeps its time');
  });
});

describe('bad files are refused with a clear error, and nothing is written', () => {
  const refuse = async (input: Uint8Array | string, code: string, message: RegExp, options: Parameters<typeof importDirectory>[2] = {}) => {
    const before = await directoryCounts(db);
    await assert.rejects(importDirectory(t.deps, input, options), (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      return true;
    });
    assert.deepEqual(await directoryCounts(db), before, 'nothing written');
  };

  test('a file that is neither a zip nor JSON', () => refuse(new TextEncoder().encode('id,name\n1,x\n'), 'unknown_format', /neither a zip .* nor JSON/));
  test('not a zip when a CSV package is asked for', () => refuse(new TextEncoder().encode('hello'), 'not_a_zip', /not a zip archive/, { format: 'hsds-csv' }));
  test('a truncated zip', () => refuse(readFileSync(MIAMI_ZIP).subarray(0, 5000), 'bad_zip', /cannot be read/));
  test('a zip without datapackage.json', () => refuse(zipOf({ 'organizations.csv': 'id,name\n1,x\n' }), 'no_datapackage', /no datapackage\.json/));
  test('a datapackage.json that is not JSON', () => refuse(tinyPackage({ 'datapackage.json': '{nope' }), 'bad_datapackage', /not valid JSON/));
  test('a package without services', () => refuse(tinyPackage({ 'services.csv': null }), 'incomplete_package', /no services CSV/));
  test('a CSV with a wrong header', () =>
    refuse(tinyPackage({ 'phones.csv': 'identifier,service_id,telephone\nph-1,svc-1,305-555-0100\n' }), 'bad_columns', /phones\.csv lacks the columns id, number; its header is: identifier, service_id, telephone/));
  test('a CSV that is not UTF-8 (Latin-1 "Peña")', () =>
    refuse(tinyPackage({ 'organizations.csv': new Uint8Array([...new TextEncoder().encode('id,name\norg-1,Pe'), 0xf1, ...new TextEncoder().encode('a\n')]) }), 'bad_encoding', /organizations\.csv is not valid UTF-8 \(first bad byte on line 2\)/));
  test('an unterminated quote', () => refuse(tinyPackage({ 'services.csv': 'id,organization_id,name\nsvc-9,org-1,"Open quote\n' }), 'bad_csv', /services\.csv is not valid CSV/));
  test('a file over the size limit', () => refuse(tinyPackage(), 'file_too_large', /at most 100 bytes/, { maxBytes: 100 }));
  test('a zip that inflates past the limit', () => refuse(tinyPackage({ 'big.csv': 'x'.repeat(50_000) }), 'file_too_large', /inflates to/, { maxEntryBytes: 10_000 }));
  test('JSON that is not services', () => refuse(new TextEncoder().encode('{"hello": 1}'), 'bad_json', /expected an array of services/));
  test('broken JSON', () => refuse(new TextEncoder().encode('[{"id": '), 'bad_json', /not valid JSON/));
  test('a missing file', () => refuse('/nonexistent/directory.zip', 'unreadable_file', /Cannot read \/nonexistent\/directory\.zip: ENOENT/));
});

describe('rows the importer cannot use are skipped, not fatal', () => {
  test('a phone with no parent, a schedule with an invalid weekday, a row with too many fields', async () => {
    const summary = await importDirectory(
      t.deps,
      tinyPackage({
        'phones.csv': 'id,service_id,number\nph-2,,305-555-0101\nph-3,no-such-service,305-555-0102\n',
        'regular_schedules.csv': 'service_id,weekday,opens_at,closes_at\nsvc-1,Funday,9:00am,5:00pm\nsvc-1,Tuesday,9:00am,5:00pm,extra\n',
      }),
    );
    assert.deepEqual(reasons(summary, 'phones'), {
      'no parent (organization, service, location or service at location)': 1,
      'service_id names no service in this file or the directory': 1,
    });
    assert.deepEqual(reasons(summary, 'schedules'), { 'weekday is not a day of the week': 1, 'row does not match the header': 1 });
    assert.match(summary.entities.schedules.skips[0]?.examples[0] ?? '', /regular_schedules\.csv line 2: "Funday"/);
  });
});
