/**
 * Real 311 records (NYC and Los Angeles) moved into the demo city, for the benchmarks and the demo
 * city's recent activity (`activity.ts`).
 *
 * Each source city's points are mapped linearly from their 1st–99th percentile box onto a box inside
 * Portland, so hot spots, sparse areas and exact repeats stay as they were; points that land outside
 * the City of Portland's boundary are dropped. Each complaint type becomes a demo-city intake service:
 * by a hand-written keyword table where the match is obvious, otherwise by frequency rank, so the
 * type frequency distribution is kept. Each row keeps its source's real open/closed status.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { ringContains, type LonLat } from '../../../lib/geo.ts';
import { demoCity } from './index.ts';
import type { SeedService } from './types.ts';

export type Source = 'nyc' | 'la';
export type SampleChannel = 'web' | 'phone' | 'app' | 'email' | 'walk_in';

export interface SamplePoint {
  source: Source;
  /** The complaint or request type as the source city wrote it. */
  type: string;
  serviceCode: string;
  lon: number;
  lat: number;
  /** Whether the source record is still open (NYC Open/Assigned/In Progress…, LA Open/Pending). */
  open: boolean;
  channel: SampleChannel;
  /** A short real description: NYC's descriptor, or LA's request type. */
  description: string;
}

export interface SampleSummary {
  rowsRead: Record<Source, number>;
  withCoordinates: Record<Source, number>;
  kept: Record<Source, number>;
  openShare: Record<Source, number>;
  typesByKeyword: number;
  typesByRank: number;
  rowsByKeyword: number;
  rowsByRank: number;
  services: number;
}

export interface RealSample {
  points: SamplePoint[];
  summary: SampleSummary;
}

/** Where the points go: most of the city east and west of the river, clear of Forest Park's edge. */
export const TARGET_BOX = { west: -122.76, east: -122.5, south: 45.47, north: 45.6 };

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/real/', import.meta.url));

/** Obvious matches, checked in order; the first listed service that exists as an intake service wins. */
const KEYWORDS: Array<[RegExp, string[]]> = [
  [/street ?light|streetlight/, ['STREETLIGHT_OUT']],
  [/traffic signal/, ['TRAFFIC_SIGNAL']],
  [/street sign/, ['STREET_SIGN']],
  [/pothole|street condition|highway condition/, ['POTHOLE']],
  [/graffiti|illegal posting/, ['GRAFFITI']],
  [/dumping|bulky|metal\/household|electronic|e-waste|electronics waste/, ['ILLEGAL_DUMPING']],
  [/noise/, ['NOISE']],
  [/derelict vehicle|abandoned vehicle/, ['ABANDONED_VEHICLE']],
  [/illegal parking|blocked driveway/, ['PARKING_VIOLATION']],
  [/parking meter|muni meter/, ['PARKING_METER']],
  [/for hire|taxi/, ['PRIVATE_FOR_HIRE']],
  [/tree/, ['TREE_ISSUE']],
  [/water leak|water system|water waste|water conservation/, ['WATER_LEAK']],
  [/water quality|drinking/, ['WATER_QUALITY']],
  [/hydrant/, ['FIRE_HYDRANT']],
  [/sewer|sewage/, ['SEWER_BACKUP']],
  [/sidewalk|curb/, ['SIDEWALK_HAZARD']],
  [/encampment|homeless/, ['CAMPSITE']],
  [/dirty condition|litter|sanitation condition/, ['LITTER']],
  [/missed collection|collection truck|sanitation worker/, ['COLLECTION_COMPLAINT']],
  [/heat\/hot water|unsanitary condition|paint\/plaster|plumbing|door\/window|flooring|appliance|electric|elevator/, ['HOUSING_MAINTENANCE']],
  [/rodent/, ['RATS_MOSQUITOES', 'PROPERTY_NUISANCE']],
  [/general construction|building\/use|construction/, ['CONSTRUCTION_SITE']],
  [/obstruction/, ['ROW_OBSTRUCTION']],
  [/spill|hazardous|industrial waste/, ['POLLUTION_SPILL']],
  [/park/, ['PARK_MAINTENANCE']],
];

const CLOSED_STATUSES = new Set(['closed', 'cancelled', 'referred out']);

function channelOf(raw: string): SampleChannel {
  const v = raw.toLowerCase();
  if (/mobile|app/.test(v)) return 'app';
  if (/online|web|self service|driver self/.test(v)) return 'web';
  if (/mail/.test(v)) return 'email';
  if (/walk/.test(v)) return 'walk_in';
  return 'phone';
}

interface RawRow {
  source: Source;
  type: string;
  lon: number;
  lat: number;
  open: boolean;
  channel: SampleChannel;
  description: string;
}

async function readSource(source: Source): Promise<{ rows: RawRow[]; read: number }> {
  const file = source === 'nyc' ? 'nyc311-sample.csv' : 'la311-2020-sample.csv';
  const parser = createReadStream(FIXTURES + file).pipe(parse({ columns: true, relax_column_count: true, bom: true }));
  const rows: RawRow[] = [];
  let read = 0;
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    read++;
    const lat = Number(record.latitude ?? '');
    const lon = Number(record.longitude ?? '');
    if (!record.latitude || !record.longitude || !Number.isFinite(lat) || !Number.isFinite(lon) || lat === 0 || lon === 0) continue;
    const type = (source === 'nyc' ? record.complaint_type : record.requesttype)?.trim() || 'Other';
    const status = (record.status ?? '').trim().toLowerCase();
    const channel = channelOf((source === 'nyc' ? record.open_data_channel_type : record.requestsource) ?? '');
    const detail = source === 'nyc' ? (record.descriptor ?? '').trim() : '';
    const description = detail && detail.toLowerCase() !== type.toLowerCase() ? `${type}: ${detail}` : type;
    rows.push({ source, type, lon, lat, open: !CLOSED_STATUSES.has(status), channel, description });
  }
  return { rows, read };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[i] as number;
}

/** A linear map from the source's 1st–99th percentile box onto the target box. */
function boxMapper(rows: RawRow[]): (lon: number, lat: number) => LonLat {
  const lons = rows.map((r) => r.lon).sort((a, b) => a - b);
  const lats = rows.map((r) => r.lat).sort((a, b) => a - b);
  const [w, e, s, n] = [percentile(lons, 1), percentile(lons, 99), percentile(lats, 1), percentile(lats, 99)];
  const t = TARGET_BOX;
  return (lon, lat) => [t.west + ((lon - w) / (e - w)) * (t.east - t.west), t.south + ((lat - s) / (n - s)) * (t.north - t.south)];
}

/** Maps each `source:type` key to a service code; reports which came from the keyword table. */
function mapTypes(rows: RawRow[], intake: SeedService[]): { codeOf: Map<string, string>; byKeyword: Set<string> } {
  const codes = new Set(intake.map((s) => s.code));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.source}:${r.type}`, (counts.get(`${r.source}:${r.type}`) ?? 0) + 1);
  const codeOf = new Map<string, string>();
  const byKeyword = new Set<string>();
  const unmapped: string[] = [];
  for (const key of counts.keys()) {
    const type = key.slice(key.indexOf(':') + 1).toLowerCase();
    const code = KEYWORDS.find(([re, cands]) => re.test(type) && cands.some((c) => codes.has(c)))?.[1].find((c) => codes.has(c));
    if (code) {
      codeOf.set(key, code);
      byKeyword.add(key);
    } else unmapped.push(key);
  }
  // Services no keyword reached come first, so the rarer real types fill them in rank order.
  const used = new Set(codeOf.values());
  const order = [...intake.filter((s) => !used.has(s.code)), ...intake.filter((s) => used.has(s.code))];
  unmapped.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b));
  unmapped.forEach((key, rank) => codeOf.set(key, (order[rank % order.length] as SeedService).code));
  return { codeOf, byKeyword };
}

/** Reads both CSVs and returns the points moved into Portland, with a summary. */
export async function loadRealSample(): Promise<RealSample> {
  const portland = demoCity.jurisdictions.find((j) => j.id === 'portland');
  if (!portland) throw new Error('the demo city has no portland jurisdiction');
  const intake = demoCity.services.filter((s) => s.handling === 'intake' && s.jurisdictionId === portland.id);
  const zero = (): Record<Source, number> => ({ nyc: 0, la: 0 });
  const summary: SampleSummary = {
    rowsRead: zero(), withCoordinates: zero(), kept: zero(), openShare: zero(),
    typesByKeyword: 0, typesByRank: 0, rowsByKeyword: 0, rowsByRank: 0, services: 0,
  };
  const kept: RawRow[] = [];
  for (const source of ['nyc', 'la'] as const) {
    const { rows, read } = await readSource(source);
    summary.rowsRead[source] = read;
    summary.withCoordinates[source] = rows.length;
    const toPortland = boxMapper(rows);
    let open = 0;
    for (const r of rows) {
      const [lon, lat] = toPortland(r.lon, r.lat);
      if (!ringContains(portland.boundary, [lon, lat])) continue;
      kept.push({ ...r, lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 });
      summary.kept[source]++;
      if (r.open) open++;
    }
    summary.openShare[source] = summary.kept[source] ? open / summary.kept[source] : 0;
  }
  const { codeOf, byKeyword } = mapTypes(kept, intake);
  summary.typesByKeyword = byKeyword.size;
  summary.typesByRank = codeOf.size - byKeyword.size;
  const points = kept.map((r): SamplePoint => {
    const key = `${r.source}:${r.type}`;
    if (byKeyword.has(key)) summary.rowsByKeyword++;
    else summary.rowsByRank++;
    return { ...r, serviceCode: codeOf.get(key) as string };
  });
  summary.services = new Set(points.map((p) => p.serviceCode)).size;
  return { points, summary };
}

/** The sample's summary as a few lines for a terminal. */
export function formatSummary(s: SampleSummary, points: SamplePoint[]): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const perService = new Map<string, number>();
  for (const p of points) perService.set(p.serviceCode, (perService.get(p.serviceCode) ?? 0) + 1);
  const top = [...perService].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${c} ${pct(n / points.length)}`);
  return [
    `real sample: ${points.length} points kept in Portland`,
    `  NYC: ${s.rowsRead.nyc} rows read, ${s.withCoordinates.nyc} with coordinates, ${s.kept.nyc} kept, ${pct(s.openShare.nyc)} open`,
    `  LA:  ${s.rowsRead.la} rows read, ${s.withCoordinates.la} with coordinates, ${s.kept.la} kept, ${pct(s.openShare.la)} open`,
    `  types mapped by keyword: ${s.typesByKeyword} (${pct(s.rowsByKeyword / points.length)} of rows); by frequency rank: ${s.typesByRank} (${pct(s.rowsByRank / points.length)} of rows)`,
    `  ${s.services} intake services used; largest: ${top.join(', ')}`,
  ].join('\n');
}
