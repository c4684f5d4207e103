import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/**
 * Hourly volumes from the real 311 history in fixtures/real/ (for the forecast back-test and the
 * bench). The LA sample is every request of 1–3 January 2020 up to a cut-off; NYC's is a merge of
 * one-day samples, too sparse for a continuous series (docs/metrics.md says what that allows).
 */
const FIXTURES = fileURLToPath(new URL('../../../fixtures/real/', import.meta.url));

/**
 * Requests per hour of the Los Angeles sample, in its local time, from its first hour up to (not
 * including) its last, partly sampled hour; hours with none count 0.
 */
export function laHourlyVolumes(): { hours: string[]; counts: number[] } {
  const rows = parse(readFileSync(`${FIXTURES}la311-2020-sample.csv`, 'utf8'), { columns: true, skip_empty_lines: true }) as { createddate: string }[];
  const counts = new Map<string, number>();
  for (const r of rows) {
    const hour = r.createddate.slice(0, 13);
    if (/^\d{4}-\d{2}-\d{2} \d{2}$/.test(hour)) counts.set(hour, (counts.get(hour) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort();
  const first = Date.parse(`${keys[0]?.replace(' ', 'T')}:00:00Z`);
  const last = Date.parse(`${keys.at(-1)?.replace(' ', 'T')}:00:00Z`);
  const hours: string[] = [];
  for (let t = first; t < last; t += 3_600_000) hours.push(new Date(t).toISOString().slice(0, 13).replace('T', ' '));
  return { hours, counts: hours.map((h) => counts.get(h) ?? 0) };
}

/**
 * The longest run of consecutive days in the New York City sample, with the rows each day holds.
 * The sample merges one-day and random samples from 2014–2024, so its counts are what each sample
 * kept (500, 1,000, 5,000 rows), not the day's volume; the run is returned to show how short it is
 * (a daily model with a weekly season needs two weeks to fit, four to back-test).
 */
export function nycLongestDailyRun(): { days: string[]; counts: number[]; sampleFiles: string[] } {
  const rows = parse(readFileSync(`${FIXTURES}nyc311-sample.csv`, 'utf8'), { columns: true, skip_empty_lines: true }) as { created_date: string; source_file: string }[];
  const counts = new Map<string, number>();
  const files = new Map<string, Set<string>>();
  for (const r of rows) {
    const day = r.created_date.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
    counts.set(day, (counts.get(day) ?? 0) + 1);
    files.set(day, (files.get(day) ?? new Set()).add(r.source_file));
  }
  const days = [...counts.keys()].sort();
  let best: string[] = [];
  let run: string[] = [];
  for (const d of days) {
    const previous = run.at(-1);
    run = previous !== undefined && Date.parse(`${d}T00:00:00Z`) - Date.parse(`${previous}T00:00:00Z`) === 86_400_000 ? [...run, d] : [d];
    if (run.length > best.length) best = run;
  }
  return { days: best, counts: best.map((d) => counts.get(d) ?? 0), sampleFiles: [...new Set(best.flatMap((d) => [...(files.get(d) ?? [])]))].sort() };
}
