import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { zoneOffsets } from '../../lib/calendar/zone-offsets.ts';
import { canonicalJson, sha256, zodProblems } from '../../lib/validate.ts';
import { CHANNELS, STATUSES, type Channel, type Status } from '../requests/index.ts';
import { compileDateFormat } from './dates.ts';

/**
 * The mapping file: how one city's export becomes our requests. The built-in formats (nyc311,
 * la311, open311) are mappings in this same format (`mappings/*.json`); docs/import-mapping.md
 * describes every key.
 */

const columnName = z.string().min(1).max(200);
const columnList = z.union([columnName, z.array(columnName).min(1).max(10)]);
/** Statuses an imported record may have: `duplicate` needs a parent request, which a file cannot give. */
const IMPORT_STATUSES = STATUSES.filter((s) => s !== 'duplicate') as Exclude<Status, 'duplicate'>[];

export const mappingSchema = z.strictObject({
  source: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'source must be 1–64 lowercase letters, digits, "_", "." or "-"'),
  description: z.string().max(500).optional(),
  timeZone: z.string().optional(),
  dateFormats: z.array(z.string().min(1).max(100)).max(20).default([]),
  columns: z.strictObject({
    externalId: columnName,
    createdAt: columnName,
    closedAt: columnName.optional(),
    updatedAt: columnName.optional(),
    service: columnName,
    serviceName: columnName.optional(),
    status: columnName,
    channel: columnName.optional(),
    agency: columnName.optional(),
    description: columnList.optional(),
    address: columnList.optional(),
    latitude: columnName.optional(),
    longitude: columnName.optional(),
    closingNote: columnName.optional(),
  }),
  nullValues: z.array(z.string().max(100)).max(50).default(['']),
  status: z.record(z.string(), z.enum(IMPORT_STATUSES)),
  channel: z.record(z.string(), z.enum(CHANNELS)).default({}),
  services: z.record(z.string(), z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).default({}),
  unmappedServices: z.enum(['create', 'skip']).default('create'),
  agencies: z.record(z.string(), z.string().regex(/^[a-z0-9-]{1,64}$/)).default({}),
});
export type MappingInput = z.input<typeof mappingSchema>;
export type Mapping = z.output<typeof mappingSchema>;

export const BUILTIN_FORMATS = ['nyc311', 'la311', 'open311'] as const;
export type BuiltinFormat = (typeof BUILTIN_FORMATS)[number];

/** A value lookup that ignores case and surrounding spaces; `*` is the fallback when present. */
export class ValueMap<V> {
  readonly #map = new Map<string, V>();
  readonly fallback: V | undefined;
  constructor(entries: Record<string, V>) {
    for (const [k, v] of Object.entries(entries)) if (k !== '*') this.#map.set(k.trim().toLowerCase(), v);
    this.fallback = entries['*'];
  }
  get(value: string): V | undefined {
    return this.#map.get(value.trim().toLowerCase()) ?? this.fallback;
  }
  values(): V[] {
    return [...this.#map.values(), ...(this.fallback === undefined ? [] : [this.fallback])];
  }
}

/** A mapping checked and ready to apply. */
export interface CompiledMapping {
  mapping: Mapping;
  /** SHA-256 of the canonical mapping: part of a run's identity, so a changed mapping is a new run. */
  hash: string;
  status: ValueMap<Exclude<Status, 'duplicate'>>;
  channel: ValueMap<Channel>;
  services: ValueMap<string>;
  agencies: ValueMap<string>;
  nulls: Set<string>;
  /** Every column the mapping reads. */
  columns: string[];
}

const mappingError = (where: string, message: string): AppError =>
  new AppError('bad_mapping', 400, `The mapping ${where} is not usable: ${message}`, { field: 'mapping' });

/** Checks a mapping (parsed JSON) and compiles it; every problem is named. */
export function compileMapping(raw: unknown, where: string): CompiledMapping {
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    throw mappingError(where, zodProblems(parsed.error).map((p) => p.message).join('; '));
  }
  const mapping = parsed.data;
  if (mapping.timeZone !== undefined && !zoneOffsets(mapping.timeZone)) {
    throw mappingError(where, `timeZone ${JSON.stringify(mapping.timeZone)} is not an IANA time zone (e.g. America/New_York)`);
  }
  for (const f of mapping.dateFormats) {
    try {
      compileDateFormat(f);
    } catch (error) {
      throw mappingError(where, (error as Error).message);
    }
  }
  if (Object.keys(mapping.status).length === 0) throw mappingError(where, 'status maps no value: name how each status of the file maps to ours');
  const c = mapping.columns;
  const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const columns = [
    ...new Set([c.externalId, c.createdAt, c.closedAt, c.updatedAt, c.service, c.serviceName, c.status, c.channel, c.agency, ...list(c.description), ...list(c.address), c.latitude, c.longitude, c.closingNote].filter((x): x is string => x !== undefined)),
  ];
  if ((c.latitude === undefined) !== (c.longitude === undefined)) throw mappingError(where, 'columns.latitude and columns.longitude go together');
  return {
    mapping,
    hash: sha256(canonicalJson(mapping)),
    status: new ValueMap(mapping.status),
    channel: new ValueMap(mapping.channel),
    services: new ValueMap(mapping.services),
    agencies: new ValueMap(mapping.agencies),
    nulls: new Set(mapping.nullValues.map((v) => v.trim().toLowerCase())),
    columns,
  };
}

/** A built-in format's mapping. */
export function builtinMapping(format: BuiltinFormat): CompiledMapping {
  const text = readFileSync(new URL(`./mappings/${format}.json`, import.meta.url), 'utf8');
  return compileMapping(JSON.parse(text), `built into ${format}`);
}

/** A mapping file given on the command line. */
export function readMappingFile(path: string): CompiledMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('bad_mapping', 400, `The mapping file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: 'mapping' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw mappingError(path, `it is not JSON (${(error as Error).message})`);
  }
  return compileMapping(raw, path);
}
