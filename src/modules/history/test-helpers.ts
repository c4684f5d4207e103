import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import type { Deps } from '../../deps.ts';
import type { DemoCity, SeedService } from '../../db/seed/demo-city/types.ts';
import { importCatalog } from '../catalog/import.ts';

/**
 * Two test jurisdictions the real NYC and LA files fall into: boxes around each city, split into
 * two districts, a few departments (for agency mappings) and one service a mapping can name.
 */
export const NYC_BOX = { west: -74.3, east: -73.65, south: 40.45, north: 40.95 } as const;
export const LA_BOX = { west: -118.7, east: -118.1, south: 33.65, north: 34.35 } as const;
export const TORONTO_BOX = { west: -79.65, east: -79.1, south: 43.55, north: 43.9 } as const;

const service = (code: string, jurisdictionId: string, departmentId: string, extra: Partial<SeedService> = {}): SeedService => ({
  code,
  jurisdictionId,
  name: { en: code.toLowerCase().replace(/_/g, ' ') },
  description: { en: code },
  group: 'history-test',
  keywords: [],
  handling: 'intake',
  departmentId,
  slaHours: 40,
  defaultPriority: 'normal',
  confidential: false,
  attributes: [],
  ...extra,
});

const box = (b: { west: number; east: number; south: number; north: number }): Array<[number, number]> => [[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north]];

export function importCities(): DemoCity {
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));
  const nycMid = -73.95;
  return {
    jurisdictions: [
      { id: 'nyc', name: { en: 'New York' }, timeZone: 'America/New_York', trackingPrefix: 'NYC', open311JurisdictionId: 'nyc.example', boundary: box(NYC_BOX), hours, localHolidays: [], observesFederalHolidays: true },
      { id: 'la', name: { en: 'Los Angeles' }, timeZone: 'America/Los_Angeles', trackingPrefix: 'LA', open311JurisdictionId: 'la.example', boundary: box(LA_BOX), hours, localHolidays: [], observesFederalHolidays: true },
      { id: 'toronto', name: { en: 'Toronto' }, timeZone: 'America/Toronto', trackingPrefix: 'TOR', open311JurisdictionId: 'toronto.example', boundary: box(TORONTO_BOX), hours, localHolidays: [], observesFederalHolidays: false },
    ],
    departments: [
      { id: 'nyc-police', jurisdictionId: 'nyc', kind: 'department', agencyKind: 'city', name: { en: 'Police' } },
      { id: 'nyc-housing', jurisdictionId: 'nyc', kind: 'department', agencyKind: 'city', name: { en: 'Housing' } },
      { id: 'nyc-311', jurisdictionId: 'nyc', kind: 'department', agencyKind: 'city', name: { en: '311' } },
      { id: 'la-sanitation', jurisdictionId: 'la', kind: 'department', agencyKind: 'city', name: { en: 'Sanitation' } },
    ],
    serviceGroups: [{ code: 'history-test', name: { en: 'History test' } }],
    services: [service('NOISE', 'nyc', 'nyc-police'), service('BULKY', 'la', 'la-sanitation'), service('CAMP', 'la', 'la-sanitation', { confidential: false })],
    districts: [
      { id: 'nyc-west', jurisdictionId: 'nyc', kind: 'council_district', name: { en: 'West' }, area: box({ ...NYC_BOX, east: nycMid }), approximate: true },
      { id: 'nyc-east', jurisdictionId: 'nyc', kind: 'council_district', name: { en: 'East' }, area: box({ ...NYC_BOX, west: nycMid }), approximate: true },
    ],
    routingRules: [],
  };
}

export async function seedImportCities(deps: Deps): Promise<void> {
  await importCatalog(deps, importCities());
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes a large CSV derived from the real NYC sample: its records repeated `copies` times, each copy
 * with its own `unique_key` (`<key>-<copy>`), everything else as recorded. Returns the record count.
 */
export async function writeNycDerivedCsv(path: string, records: number, sample = 'fixtures/real/nyc311-sample.csv'): Promise<number> {
  const rows = parse(readFileSync(sample), { bom: true }) as string[][];
  const [header, ...data] = rows as [string[], ...string[][]];
  const key = header.indexOf('unique_key');
  const out = createWriteStream(path);
  out.write(header.map(csvCell).join(',') + '\n');
  for (let i = 0; i < records; i++) {
    const row = [...(data[i % data.length] as string[])];
    row[key] = `${row[key]}-${Math.floor(i / data.length)}`;
    if (!out.write(row.map(csvCell).join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return records;
}
