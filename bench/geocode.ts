/**
 * Gazetteer benchmark: imports a synthetic OpenAddresses file of N points laid out on Portland's
 * grid (real street-name vocabulary, directionals, suffixes, units on one address in ten), then
 * times forward searches (exact, spelled-out, typo, street only, place name) and reverse lookups,
 * one at a time. Bounded: a fixed number of calls; it only talks to 127.0.0.1.
 *
 *   node --import tsx bench/geocode.ts --db pglite|postgres [--points 300000] [--calls 500]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importOpenAddresses, reverseGeocode, searchAddresses } from '../src/modules/geo/index.ts';
import { openBenchDb, type Engine } from './load.ts';
import { latencyStats, msSince, pick, seededRandom } from './stats.ts';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'pglite' }, points: { type: 'string', default: '300000' }, calls: { type: 'string', default: '500' } } });
const engine = values.db as Engine;
const points = Number(values.points);
const calls = Number(values.calls);
const NAMES = ['Alder', 'Ankeny', 'Belmont', 'Burnside', 'Clay', 'Couch', 'Davis', 'Division', 'Everett', 'Flanders', 'Glisan', 'Hawthorne', 'Harrison', 'Holgate', 'Irving', 'Johnson', 'Kearney', 'Lovejoy', 'Madison', 'Main', 'Market', 'Morrison', 'Oak', 'Pine', 'Powell', 'Salmon', 'Sandy', 'Stark', 'Taylor', 'Washington', 'Yamhill', 'Alberta', 'Killingsworth', 'Prescott', 'Fremont', 'Broadway', 'Halsey', 'Tillamook', 'Woodstock', 'Foster'];
const STREETS = [
  ...['N', 'NE', 'SE', 'SW', 'NW'].flatMap((d) => NAMES.map((n) => `${d} ${n} St`)),
  ...['NE', 'SE'].flatMap((d) => Array.from({ length: 160 }, (_, i) => `${d} ${ordinal(i + 1)} Ave`)),
];
function ordinal(n: number): string {
  const t = n % 100;
  return `${n}${t >= 11 && t <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

const random = seededRandom(311);
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-geocode-bench-'));
const file = join(dir, 'oa.csv');
const rows: string[] = ['LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH'];
const written: Array<{ number: number; street: string; lon: number; lat: number }> = [];
for (let i = 0; i < points; i++) {
  const street = STREETS[i % STREETS.length] as string;
  const number = 100 + Math.floor(i / STREETS.length) * 2 + (i % 2);
  const lon = -122.76 + random() * 0.26;
  const lat = 45.45 + random() * 0.15;
  const unit = i % 10 === 0 ? `APT ${1 + (i % 7)}` : '';
  rows.push(`${lon.toFixed(6)},${lat.toFixed(6)},${number},${street.toUpperCase()},${unit},PORTLAND,MULTNOMAH,OR,972${String(i % 100).padStart(2, '0')},,h${i}`);
  if (!unit) written.push({ number, street, lon, lat });
}
writeFileSync(file, `${rows.join('\n')}\n`);

const bench = await openBenchDb({ engine, databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', poolSize: 4, keep: false });
try {
  const started = process.hrtime.bigint();
  const summary = await importOpenAddresses(bench.deps, file);
  const importMs = msSince(started);
  console.log(`${engine}: imported ${summary.inserted.toLocaleString('en-US')} points in ${(importMs / 1000).toFixed(1)} s (${Math.round(summary.read / (importMs / 1000)).toLocaleString('en-US')} rows/s)`);
  const again = process.hrtime.bigint();
  const second = await importOpenAddresses(bench.deps, file);
  console.log(`${engine}: re-import (all unchanged: ${second.unchanged.toLocaleString('en-US')}) in ${(msSince(again) / 1000).toFixed(1)} s`);
  const spell = (s: string) => s.replace(/\bSt$/, 'Street').replace(/\bAve$/, 'Avenue').replace(/^NE /, 'Northeast ').replace(/^SE /, 'Southeast ');
  const typo = (s: string) => s.replace(/([a-z])([a-z])([a-z]+)$/i, '$1$3');
  const kinds: Record<string, (a: (typeof written)[number]) => string> = {
    exact: (a) => `${a.number} ${a.street}`,
    spelled: (a) => `${a.number} ${spell(a.street)}`,
    typo: (a) => `${a.number} ${typo(a.street.replace(/ (St|Ave)$/, ''))} ${a.street.split(' ').at(-1)}`,
    street: (a) => a.street,
    place: () => 'Portland Building',
  };
  for (const [kind, query] of Object.entries(kinds)) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < calls; i++) {
      const a = pick(written, random);
      const t0 = process.hrtime.bigint();
      const result = await searchAddresses(bench.deps, query(a), { limit: 8 });
      times.push(msSince(t0));
      if (kind === 'street' || kind === 'place' ? result.length > 0 : result.some((r) => r.label.startsWith(`${a.number} `) && Math.abs(r.lat - a.lat) < 1e-5)) found++;
    }
    const s = latencyStats(times);
    console.log(`${engine}: forward ${kind.padEnd(8)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  found ${found}/${calls}`);
  }
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await reverseGeocode(bench.deps, 45.45 + random() * 0.15, -122.76 + random() * 0.26);
    times.push(msSince(t0));
  }
  const s = latencyStats(times);
  console.log(`${engine}: reverse          p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`);
} finally {
  await bench.close();
  rmSync(dir, { recursive: true, force: true });
}
