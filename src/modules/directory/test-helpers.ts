import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Db } from '../../db/client.ts';

/** Test support for the directory: the Miami fixture, an independent CSV reader, small zips, HSDS 3.0 schemas. */

export const MIAMI_ZIP = fileURLToPath(new URL('../../../fixtures/real/miami211-hsds-datapackage.zip', import.meta.url));

/**
 * A deliberately small RFC 4180 reader (quotes, doubled quotes, CR/LF), written apart from the
 * importer so tests count and read the fixture's rows independently of the code under test.
 */
export function readCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length) {
    endField();
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

const tables = new Map<string, Record<string, string>[]>();
/** The rows of one CSV of the Miami package as objects keyed by its header (read once per process). */
export function miamiTable(file: string): Record<string, string>[] {
  const cached = tables.get(file);
  if (cached) return cached;
  const entries = unzipSync(readFileSync(MIAMI_ZIP), { filter: (f) => f.name === `data/${file}` });
  const bytes = entries[`data/${file}`];
  if (!bytes) throw new Error(`${file} is not in the Miami package`);
  const [header = [], ...rows] = readCsvRecords(new TextDecoder().decode(bytes));
  const table = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  tables.set(file, table);
  return table;
}

/** A zip built from the given files (text or bytes). */
export function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content])));
}

/** A minimal valid 1.x data package: one organization, one service, one location, one phone. */
export function tinyPackage(overrides: Record<string, string | Uint8Array | null> = {}): Uint8Array {
  const resources = ['organizations', 'services', 'locations', 'services_at_location', 'phones', 'regular_schedules'].map((name) => ({ name, path: `${name}.csv` }));
  const files: Record<string, string | Uint8Array | null> = {
    'datapackage.json': JSON.stringify({ name: 'tiny', resources }),
    'organizations.csv': 'id,name,description,url\norg-1,Tiny Food Bank,"Free <b>groceries</b> &amp; meals",tinyfood.example.org\n',
    'services.csv': 'id,organization_id,name,description,status\nsvc-1,org-1,Groceries,Weekly groceries,active\n',
    'locations.csv': 'id,organization_id,name,latitude,longitude\nloc-1,org-1,Main hall,25.77,-80.19\n',
    'services_at_location.csv': 'id,service_id,location_id\nsal-1,svc-1,loc-1\n',
    'phones.csv': 'id,service_id,number\nph-1,svc-1,305-555-0100\n',
    'regular_schedules.csv': 'service_id,weekday,opens_at,closes_at\nsvc-1,Monday,9:00am,5:00pm\n',
    ...overrides,
  };
  return zipOf(Object.fromEntries(Object.entries(files).filter((e): e is [string, string | Uint8Array] => e[1] !== null)));
}

export const DIRECTORY_TABLES = [
  'directory_organizations',
  'directory_services',
  'directory_locations',
  'directory_addresses',
  'directory_service_at_locations',
  'directory_phones',
  'directory_schedules',
  'directory_languages',
  'directory_accessibility',
  'directory_service_areas',
  'directory_taxonomies',
  'directory_taxonomy_terms',
  'directory_service_taxonomy_terms',
] as const;

/** Row counts of every directory table. */
export async function directoryCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DIRECTORY_TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
    counts[table] = r.rows[0]?.n ?? -1;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// HSDS 3.0 JSON schemas (a subset written for the tests from the specification's schema/*.json):
// the required fields and the types of every field we emit. `additionalProperties: false` makes
// sure nothing outside 3.0 leaks out; `last_modified` is the field behind the API's modified_after
// (in the 3.0 examples and 3.1 schema).

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const uri = { type: 'string', format: 'uri' } as const;
const email = { type: 'string', format: 'email' } as const;
const date = { type: 'string', format: 'date' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const time = { type: 'string', pattern: '^([01][0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?$' } as const;
const list = (items: object) => ({ type: 'array', items });
const obj = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, properties, additionalProperties: false });

export const hsds = (() => {
  const language = obj(['id'], { id: str, service_id: str, location_id: str, phone_id: str, name: str, code: str, note: str });
  const phone = obj(['id', 'number'], {
    id: str,
    location_id: str,
    service_id: str,
    organization_id: str,
    contact_id: str,
    service_at_location_id: str,
    number: str,
    extension: num,
    type: str,
    description: str,
    languages: list(language),
  });
  const schedule = obj(['id'], {
    id: str,
    service_id: str,
    location_id: str,
    service_at_location_id: str,
    valid_from: date,
    valid_to: date,
    dtstart: date,
    timezone: num,
    until: date,
    count: num,
    wkst: { enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
    freq: { enum: ['WEEKLY', 'MONTHLY'] },
    interval: num,
    byday: { type: 'string', pattern: '^(-?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))(,-?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))*$' },
    byweekno: str,
    // The 3.0 schema types these as number while its own example writes "2,3,4".
    bymonthday: { type: ['string', 'number'] },
    byyearday: { type: ['string', 'number'] },
    description: str,
    opens_at: time,
    closes_at: time,
    schedule_link: uri,
    attending_type: str,
    notes: str,
  });
  const address = obj(['id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'], {
    id: str,
    location_id: str,
    attention: str,
    address_1: str,
    address_2: str,
    city: str,
    region: str,
    state_province: str,
    postal_code: str,
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    address_type: { enum: ['physical', 'postal', 'virtual'] },
  });
  const accessibility = obj(['id'], { id: str, location_id: str, description: str, details: str, url: uri });
  const location = obj(['id', 'location_type'], {
    id: str,
    location_type: { enum: ['physical', 'postal', 'virtual'] },
    url: uri,
    organization_id: str,
    name: str,
    alternate_name: str,
    description: str,
    transportation: str,
    latitude: { type: 'number', minimum: -90, maximum: 90 },
    longitude: { type: 'number', minimum: -180, maximum: 180 },
    external_identifier: str,
    external_identifier_type: str,
    last_modified: dateTime,
    addresses: list(address),
    accessibility: list(accessibility),
    phones: list(phone),
    schedules: list(schedule),
    languages: list(language),
  });
  const taxonomy = obj(['id', 'name', 'description'], { id: str, name: str, description: str, uri, version: str });
  const taxonomyTerm = obj(['id', 'name', 'description'], {
    id: str,
    code: str,
    name: str,
    description: str,
    parent_id: str,
    taxonomy: str,
    taxonomy_id: str,
    taxonomy_detail: taxonomy,
    language: str,
    term_uri: uri,
  });
  const attribute = obj(['id', 'link_type'], { id: str, link_id: str, link_type: str, link_entity: str, taxonomy_term_id: str, value: str, taxonomy_term: taxonomyTerm });
  const organizationFields = {
    id: str,
    name: str,
    alternate_name: str,
    description: str,
    email,
    website: uri,
    tax_status: str,
    tax_id: str,
    year_incorporated: num,
    legal_status: str,
    logo: uri,
    uri,
    parent_organization_id: str,
    last_modified: dateTime,
    phones: list(phone),
  };
  const organization = obj(['id', 'name', 'description'], organizationFields);
  const serviceAtLocation = obj(['id'], { id: str, service_id: str, location_id: str, description: str, last_modified: dateTime, phones: list(phone), schedules: list(schedule), location });
  const serviceArea = obj(['id'], { id: str, service_id: str, name: str, description: str, extent: str, extent_type: str, uri: str });
  const serviceFields = {
    id: str,
    organization_id: str,
    name: str,
    alternate_name: str,
    description: str,
    url: uri,
    email,
    status: { enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
    interpretation_services: str,
    application_process: str,
    fees_description: str,
    wait_time: str,
    accreditations: str,
    licenses: str,
    eligibility_description: str,
    minimum_age: num,
    maximum_age: num,
    assured_date: date,
    assurer_email: email,
    alert: str,
    last_modified: dateTime,
  };
  const service = obj(['id', 'name', 'status'], {
    ...serviceFields,
    organization,
    phones: list(phone),
    schedules: list(schedule),
    service_areas: list(serviceArea),
    service_at_locations: list(serviceAtLocation),
    languages: list(language),
    attributes: list(attribute),
  });
  const page = (item: object) => ({
    type: 'object',
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    properties: {
      total_items: { type: 'integer' },
      total_pages: { type: 'integer' },
      page_number: { type: 'integer' },
      size: { type: 'integer' },
      first_page: { type: 'boolean' },
      last_page: { type: 'boolean' },
      empty: { type: 'boolean' },
      contents: list(item),
    },
    additionalProperties: false,
  });
  return { service, organization, location, serviceAtLocation, phone, schedule, taxonomyTerm, taxonomy, address, language, page, serviceFields: obj(['id', 'name', 'status'], serviceFields) };
})();
