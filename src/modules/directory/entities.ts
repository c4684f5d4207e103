import { cleanEmail, cleanText, cleanUrl, parseDate, parseNumber, parseTime, type Outcome } from './normalize.ts';
import { LOCATION_TYPES, SERVICE_STATUSES, type DirectoryTables } from './tables.ts';

/**
 * The directory's entities as an importer sees them: each table's fields with how a source value
 * is cleaned and checked. One generic `normalizeRecord` applies them, so the CSV and JSON importers
 * share every rule (plain text, URLs, times, enumerations, references).
 */

export const ENTITY_KEYS = [
  'taxonomies',
  'taxonomy_terms',
  'organizations',
  'services',
  'locations',
  'addresses',
  'service_at_locations',
  'phones',
  'schedules',
  'languages',
  'accessibility',
  'service_areas',
  'service_taxonomy_terms',
] as const;
export type EntityKey = (typeof ENTITY_KEYS)[number];

type Field =
  | { kind: 'id' }
  | { kind: 'ref'; entity: EntityKey; required?: boolean }
  | { kind: 'text'; required?: boolean; orEmpty?: boolean }
  | { kind: 'url' }
  | { kind: 'email' }
  | { kind: 'number'; integer?: boolean; min?: number; max?: number }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'enum'; values: readonly string[]; fallback?: string }
  | { kind: 'pattern'; pattern: RegExp; upper?: boolean }
  | { kind: 'country' }
  | { kind: 'coordinates' };

export interface EntitySpec {
  key: EntityKey;
  table: keyof DirectoryTables;
  fields: Record<string, Field>;
  /** Top-level records carry last_modified; the import sets it when the record changes. */
  lastModified: boolean;
  /** Each group needs at least one of its fields present, or the record is skipped with the reason. */
  anyOf?: Array<{ fields: string[]; reason: string }>;
}

const id = { kind: 'id' } as const;
const text = { kind: 'text' } as const;
const url = { kind: 'url' } as const;
const ref = (entity: EntityKey, required = false): Field => ({ kind: 'ref', entity, required });

export const SPECS: Record<EntityKey, EntitySpec> = {
  taxonomies: {
    key: 'taxonomies',
    table: 'directory_taxonomies',
    lastModified: false,
    fields: { id, name: { kind: 'text', required: true }, description: { kind: 'text', orEmpty: true }, uri: url, version: text },
  },
  taxonomy_terms: {
    key: 'taxonomy_terms',
    table: 'directory_taxonomy_terms',
    lastModified: false,
    fields: {
      id,
      code: text,
      name: { kind: 'text', required: true },
      description: { kind: 'text', orEmpty: true },
      parent_id: text,
      taxonomy_id: ref('taxonomies'),
      language: text,
      term_uri: url,
    },
  },
  organizations: {
    key: 'organizations',
    table: 'directory_organizations',
    lastModified: true,
    fields: {
      id,
      name: { kind: 'text', required: true },
      alternate_name: text,
      description: { kind: 'text', orEmpty: true },
      email: { kind: 'email' },
      website: url,
      tax_status: text,
      tax_id: text,
      year_incorporated: { kind: 'number', integer: true, min: 1000, max: 3000 },
      legal_status: text,
      logo: url,
      uri: url,
      parent_organization_id: text,
    },
  },
  services: {
    key: 'services',
    table: 'directory_services',
    lastModified: true,
    fields: {
      id,
      organization_id: ref('organizations', true),
      name: { kind: 'text', required: true },
      alternate_name: text,
      description: text,
      url,
      email: { kind: 'email' },
      status: { kind: 'enum', values: SERVICE_STATUSES, fallback: 'active' },
      interpretation_services: text,
      application_process: text,
      fees_description: text,
      wait_time: text,
      accreditations: text,
      licenses: text,
      eligibility_description: text,
      minimum_age: { kind: 'number', min: 0, max: 150 },
      maximum_age: { kind: 'number', min: 0, max: 150 },
      assured_date: { kind: 'date' },
      assurer_email: { kind: 'email' },
      alert: text,
    },
  },
  locations: {
    key: 'locations',
    table: 'directory_locations',
    lastModified: true,
    fields: {
      id,
      location_type: { kind: 'enum', values: LOCATION_TYPES, fallback: 'physical' },
      url,
      organization_id: ref('organizations'),
      name: text,
      alternate_name: text,
      description: text,
      transportation: text,
      coordinates: { kind: 'coordinates' },
      external_identifier: text,
      external_identifier_type: text,
    },
  },
  addresses: {
    key: 'addresses',
    table: 'directory_addresses',
    lastModified: false,
    fields: {
      id,
      location_id: ref('locations', true),
      attention: text,
      address_1: { kind: 'text', required: true },
      address_2: text,
      city: { kind: 'text', required: true },
      region: text,
      state_province: { kind: 'text', required: true },
      postal_code: { kind: 'text', required: true },
      country: { kind: 'country' },
      address_type: { kind: 'enum', values: LOCATION_TYPES, fallback: 'physical' },
    },
  },
  service_at_locations: {
    key: 'service_at_locations',
    table: 'directory_service_at_locations',
    lastModified: true,
    fields: { id, service_id: ref('services', true), location_id: ref('locations', true), description: text },
  },
  phones: {
    key: 'phones',
    table: 'directory_phones',
    lastModified: false,
    anyOf: [{ fields: ['organization_id', 'service_id', 'location_id', 'service_at_location_id'], reason: 'no parent (organization, service, location or service at location)' }],
    fields: {
      id,
      organization_id: ref('organizations'),
      service_id: ref('services'),
      location_id: ref('locations'),
      service_at_location_id: ref('service_at_locations'),
      number: { kind: 'text', required: true },
      extension: { kind: 'number', integer: true, min: 0 },
      type: text,
      description: text,
    },
  },
  schedules: {
    key: 'schedules',
    table: 'directory_schedules',
    lastModified: false,
    anyOf: [{ fields: ['service_id', 'location_id', 'service_at_location_id'], reason: 'no parent (service, location or service at location)' }],
    fields: {
      id,
      service_id: ref('services'),
      location_id: ref('locations'),
      service_at_location_id: ref('service_at_locations'),
      valid_from: { kind: 'date' },
      valid_to: { kind: 'date' },
      dtstart: { kind: 'date' },
      timezone: { kind: 'number', min: -14, max: 14 },
      until: { kind: 'date' },
      count: { kind: 'number', integer: true, min: 0 },
      wkst: { kind: 'pattern', pattern: /^(MO|TU|WE|TH|FR|SA|SU)$/, upper: true },
      freq: { kind: 'enum', values: ['WEEKLY', 'MONTHLY'] },
      interval: { kind: 'number', integer: true, min: 1 },
      byday: { kind: 'pattern', pattern: /^(-?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))(,-?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))*$/, upper: true },
      byweekno: text,
      bymonthday: text,
      byyearday: text,
      description: text,
      opens_at: { kind: 'time' },
      closes_at: { kind: 'time' },
      schedule_link: url,
      attending_type: text,
      notes: text,
    },
  },
  languages: {
    key: 'languages',
    table: 'directory_languages',
    lastModified: false,
    anyOf: [
      { fields: ['service_id', 'location_id', 'phone_id'], reason: 'no parent (service, location or phone)' },
      { fields: ['name', 'code'], reason: 'no language named' },
    ],
    fields: { id, service_id: ref('services'), location_id: ref('locations'), phone_id: ref('phones'), name: text, code: text, note: text },
  },
  accessibility: {
    key: 'accessibility',
    table: 'directory_accessibility',
    lastModified: false,
    anyOf: [{ fields: ['description', 'details', 'url'], reason: 'no accessibility description, details or url' }],
    fields: { id, location_id: ref('locations', true), description: text, details: text, url },
  },
  service_areas: {
    key: 'service_areas',
    table: 'directory_service_areas',
    lastModified: false,
    fields: { id, service_id: ref('services', true), name: text, description: text, extent: text, extent_type: text, uri: text },
  },
  service_taxonomy_terms: {
    key: 'service_taxonomy_terms',
    table: 'directory_service_taxonomy_terms',
    lastModified: false,
    fields: {
      id,
      service_id: ref('services', true),
      taxonomy_term_id: ref('taxonomy_terms', true),
      link_type: { kind: 'text', required: true },
      value: text,
    },
  },
};

/** The entities an entity's references point to (written before it). */
export function dependencies(key: EntityKey): EntityKey[] {
  return Object.values(SPECS[key].fields).flatMap((f) => (f.kind === 'ref' && f.entity !== key ? [f.entity] : []));
}

export type Row = Record<string, string | number | Date | null>;
/** Something worth telling about one record: `reason` groups it in the summary, `detail` names the value. */
export interface Issue {
  reason: string;
  detail?: string;
}
export type Normalized = { row: Row; adjustments: Issue[] } | { skip: Issue };

export interface NormalizeOptions {
  /** Turn literal `\n`, `\t` sequences into line breaks and tabs (1.x CSV exports write them). */
  unescape: boolean;
  /** ISO 3166-1 alpha-2 country for addresses that name none. */
  defaultCountry: string;
}

const COUNTRY_NAMES: Record<string, string> = { usa: 'US', 'united states': 'US', 'united states of america': 'US', 'u.s.': 'US', 'u.s.a.': 'US' };
const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const asText = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * Cleans one raw record (column name → source value) by its entity's rules. A missing required
 * value or a value that cannot be read where the record would be wrong without it skips the record;
 * an unreadable optional value (a website that is not a URL) is left out and reported.
 */
export function normalizeRecord(key: EntityKey, raw: Record<string, unknown>, options: NormalizeOptions): Normalized {
  const spec = SPECS[key];
  const row: Row = {};
  const adjustments: Issue[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = raw[name];
    if (field.kind === 'coordinates') {
      const [lat, long] = [raw.latitude, raw.longitude];
      row[name] = null;
      if (blank(lat) && blank(long)) continue;
      const la = parseNumber('latitude', lat, { min: -90, max: 90 });
      const lo = parseNumber('longitude', long, { min: -180, max: 180 });
      if ('value' in la && 'value' in lo) row[name] = `(${lo.value},${la.value})`;
      else adjustments.push({ reason: 'latitude/longitude missing or out of range; kept without coordinates', detail: `${String(lat)}, ${String(long)}` });
      continue;
    }
    if (field.kind === 'id' || field.kind === 'ref') {
      const v = asText(value)?.trim() ?? '';
      if (v.length > 255) return { skip: { reason: `${name} is longer than 255 characters` } };
      if (v === '' && (field.kind === 'id' || field.required)) return { skip: { reason: `no ${name}` } };
      row[name] = v === '' ? null : v;
      continue;
    }
    if (blank(value)) {
      if (field.kind === 'text' && field.required) return { skip: { reason: `${name} is empty` } };
      if (field.kind === 'enum' && field.fallback) row[name] = field.fallback;
      else if (field.kind === 'text' && field.orEmpty) row[name] = '';
      else if (field.kind === 'country') {
        row[name] = options.defaultCountry;
        adjustments.push({ reason: `country missing; ${options.defaultCountry} assumed` });
      } else row[name] = null;
      continue;
    }
    const result = readField(name, field, value, options);
    if ('value' in result) {
      if (result.value === null && field.kind === 'text' && field.required) return { skip: { reason: `${name} is empty` } };
      row[name] = result.value === null && field.kind === 'text' && field.orEmpty ? '' : result.value;
      continue;
    }
    const droppable = field.kind === 'url' || field.kind === 'email' || field.kind === 'number' || (field.kind === 'date' && name !== 'valid_from' && name !== 'valid_to');
    if (droppable) {
      row[name] = null;
      adjustments.push({ reason: `${name} unreadable; left out`, detail: result.problem });
    } else {
      return { skip: { reason: `${name} is not valid`, detail: result.problem } };
    }
  }
  const unmet = spec.anyOf?.find((group) => group.fields.every((f) => row[f] === null || row[f] === undefined));
  if (unmet) return { skip: { reason: unmet.reason } };
  return { row, adjustments };
}

function readField(name: string, field: Field, value: unknown, options: NormalizeOptions): Outcome<string | number | null> {
  const str = asText(value);
  switch (field.kind) {
    case 'text':
      return cleanText(name, value, { unescape: options.unescape });
    case 'url':
      return str === null ? { problem: `${name} is not text` } : cleanUrl(name, str);
    case 'email':
      return str === null ? { problem: `${name} is not text` } : cleanEmail(name, str);
    case 'number':
      return parseNumber(name, value, field);
    case 'date':
      return str === null ? { problem: `${name} is not a date` } : parseDate(name, str);
    case 'time': {
      if (str === null) return { problem: `${name} is not a time` };
      const r = parseTime(str);
      return 'value' in r ? r : { problem: `${name} ${r.problem}` };
    }
    case 'enum': {
      const v = str?.trim().toLowerCase() ?? '';
      const found = field.values.find((allowed) => allowed.toLowerCase() === v);
      return found ? { value: found } : { problem: `${name} must be one of ${field.values.join(', ')}: ${JSON.stringify(str?.slice(0, 40))}` };
    }
    case 'pattern': {
      const v = (field.upper ? str?.toUpperCase() : str)?.replace(/\s+/g, '') ?? '';
      return field.pattern.test(v) ? { value: v } : { problem: `${name} is not valid: ${JSON.stringify(str?.slice(0, 40))}` };
    }
    case 'country': {
      const v = str?.trim() ?? '';
      const named = COUNTRY_NAMES[v.toLowerCase()];
      if (named) return { value: named };
      return /^[a-z]{2}$/i.test(v) ? { value: v.toUpperCase() } : { problem: `country is not a two-letter ISO 3166 code: ${JSON.stringify(v.slice(0, 40))}` };
    }
    default:
      return { problem: `${name} cannot be read` };
  }
}

/** Columns written for an entity, in a fixed order (last_modified last when the entity has it). */
export function columnsOf(key: EntityKey): string[] {
  const spec = SPECS[key];
  return [...Object.keys(spec.fields), ...(spec.lastModified ? ['last_modified'] : [])];
}
