import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { forecastTile, staffingTile } from './planning.ts';

/**
 * The forecast and staffing tiles against Testville's calendar (US federal holidays observed, and
 * Founders Day, Friday 13 March 2026, a local holiday). The rollups are filled directly with a
 * series of known shape, so what the tiles learn can be checked against what was put in.
 */
const t = await openTestDatabase();
await seedTestville(t.deps);
const ZONE = 'America/Los_Angeles';
const TODAY = DateTime.fromISO('2026-03-02', { zone: ZONE }); // a Monday
t.clock.set(TODAY.set({ hour: 10 }).toJSDate());

const WEEKDAY = [120, 135, 130, 128, 110, 45, 30]; // Monday first
const FEDERAL_IN_HISTORY = ['2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25', '2026-01-01', '2026-01-19', '2026-02-16'];
const HOLIDAY_FACTOR = 0.4;

// 182 days of requests before today: the weekly pattern, every holiday at 40 %, all at local noon.
const dailyRows = Array.from({ length: 182 }, (_, i) => {
  const day = TODAY.minus({ days: 182 - i });
  const n = Math.round(WEEKDAY[day.weekday - 1]! * (FEDERAL_IN_HISTORY.includes(day.toISODate()!) ? HOLIDAY_FACTOR : 1) * (1 + 0.05 * Math.sin(i)));
  return { hour: day.set({ hour: 12 }).toUTC().toISO()!, n };
});
for (const r of dailyRows) {
  await sql`INSERT INTO analytics_request_hourly (hour, service_id, district_id, channel, department_id, opened) VALUES (${r.hour}::timestamptz, 1, 'west', 'web', 'streets', ${r.n})`.execute(t.deps.db);
}

// 28 days of inbound calls, hour by hour (office hours only), Presidents Day (16 Feb) at a quarter.
const callRows: { hour: string; n: number }[] = [];
for (let d = 28; d >= 1; d--) {
  const day = TODAY.minus({ days: d });
  if (day.weekday > 5) continue;
  for (let h = 8; h < 17; h++) callRows.push({ hour: day.set({ hour: h }).toUTC().toISO()!, n: Math.round((day.toISODate() === '2026-02-16' ? 0.25 : 1) * (20 + 10 * Math.sin(((h - 8) / 9) * Math.PI))) });
}
for (const r of callRows) {
  await sql`INSERT INTO analytics_contact_hourly (hour, channel, direction, language, district_id, contacts, answered, handles, handle_seconds) VALUES (${r.hour}::timestamptz, 'phone', 'inbound', 'en', 'west', ${r.n}, ${r.n}, ${r.n}, ${r.n * 240})`.execute(t.deps.db);
}

test('the daily forecast marks the calendar\'s holidays, learns their factor, and lowers the holidays ahead by it', async () => {
  const tile = await forecastTile(t.deps, 'requests');
  assert.deepEqual(tile.columns.map((c) => c.key), ['key', 'actual', 'forecast', 'holiday']);
  const ahead = tile.rows.filter((r) => r.forecast !== null);
  assert.equal(ahead.length, 28);
  assert.deepEqual(ahead.filter((r) => r.holiday === true).map((r) => r.key), ['2026-03-13'], 'Founders Day, the local holiday');
  assert.deepEqual(tile.rows.filter((r) => r.actual !== null && r.holiday === true).map((r) => r.key), ['2026-01-19', '2026-02-16'], 'the past eight weeks show their holidays too');
  assert.equal(tile.meta.holiday_factor_source, 'history');
  assert.equal(tile.meta.holidays_in_history, 8);
  assert.equal(tile.meta.holidays_ahead, 1);
  const factor = Number(tile.meta.holiday_factor);
  assert.ok(Math.abs(factor - HOLIDAY_FACTOR) < 0.03, `learned ${factor}`);
  // Founders Day (a Friday) against the ordinary Fridays either side of it.
  const friday = (key: string) => Number(ahead.find((r) => r.key === key)?.forecast);
  const ordinary = (friday('2026-03-06') + friday('2026-03-20')) / 2;
  assert.ok(Math.abs(friday('2026-03-13') / ordinary - factor) < 0.05, `Founders Day ${friday('2026-03-13')} vs ordinary Friday ${ordinary}`);
  assert.ok(tile.notes.includes('insight.note.holiday_learned'));
  for (const k of ['mape', 'mape_without_holidays', 'smape', 'smape_without_holidays']) {
    const v = tile.meta[k];
    assert.ok(typeof v === 'number' && v >= 0 && v < 0.5, `${k} ${v}`);
  }
});

test('staffing: Founders Day next week follows the holiday profile learned from Presidents Day', async () => {
  const tile = await staffingTile(t.deps);
  assert.equal(tile.meta.holidays_next_week, '2026-03-13');
  assert.equal(tile.meta.holiday_factor_source, 'history');
  assert.equal(tile.meta.holidays_in_history, 1);
  // One holiday at a quarter, and the default counting as one more: the quietest weekday (no calls
  // at weekends) — so half way from 0 to 0.25.
  assert.ok(Math.abs(Number(tile.meta.holiday_factor) - 0.125) < 0.02, `factor ${tile.meta.holiday_factor}`);
  assert.ok(tile.notes.includes('insight.note.staffing_holidays'));
  const noon = tile.rows.find((r) => r.key === '12:00');
  assert.ok(noon, 'a noon row');
  assert.ok(Number(noon.fri) < Number(noon.thu), `Friday (holiday) ${noon.fri} agents vs Thursday ${noon.thu}`);
});
