import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { isHoliday, type BusinessCalendar } from '../../lib/business-calendar.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { agentsNeeded } from './erlang.ts';
import { backTestWithHolidays, forecastWithHolidays, quietestDayFactor, type HolidayBackTest, type HolidayEffect, type HolidayInput } from './forecast.ts';
import type { Cell, TileData } from './metrics.ts';
import * as repo from './repository.ts';

/**
 * Forecasts (daily with a weekly season, hourly with a daily season) of request and contact
 * volumes, each with its back-test beside it, and the staffing the hourly call forecast needs:
 * Erlang C for 90 % of calls answered within 25 s, with the average handle time from the contact log.
 * Holidays are the jurisdiction's own (its local holidays, and the US federal ones when its calendar
 * observes them): taken out of the history, learned as a factor, applied to the days ahead.
 */

export interface PlanningTile extends TileData {
  meta: Record<string, Cell>;
}

const DAILY_HISTORY_DAYS = 182;
const DAILY_HORIZON = 28;
const HOURLY_HISTORY_DAYS = 28;
/** Used when the contact log has no answered calls yet (5 minutes, a common 311 figure); the tile says so. */
export const DEFAULT_HANDLE_SECONDS = 300;

/** A zero-filled series of local days or hours [from, to) from the rollups, oldest first. */
async function series(deps: Deps, what: 'requests' | 'contacts' | 'calls', step: 'day' | 'hour', from: DateTime, to: DateTime) {
  const rows = await repo.volumeSeries(deps.db, what, step, from.toJSDate(), to.toJSDate(), from.zoneName ?? 'UTC');
  const got = new Map(rows.map((r) => [r.key, r.n]));
  const keys: string[] = [];
  const fmt = step === 'day' ? 'yyyy-MM-dd' : "yyyy-MM-dd'T'HH':00'";
  for (let t = from; t < to; t = step === 'day' ? t.plus({ days: 1 }) : t.plus({ hours: 1 })) {
    const k = t.toFormat(fmt);
    if (keys.at(-1) !== k) keys.push(k);
  }
  // Drop leading empty stretches: a series starts at its first non-zero value.
  const counts = keys.map((k) => got.get(k) ?? 0);
  const start = counts.findIndex((n) => n > 0);
  return start < 0 ? { keys: [], counts: [] } : { keys: keys.slice(start), counts: counts.slice(start) };
}

const round3 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);

function testFigures(bt: HolidayBackTest | null): Record<string, Cell> {
  return {
    backtest_points: bt?.testPoints ?? null,
    mape: round3(bt?.mape),
    smape: round3(bt?.smape),
    naive_mape: round3(bt?.naiveMape),
    mape_without_holidays: round3(bt?.plainMape),
    smape_without_holidays: round3(bt?.plainSmape),
  };
}

/** Whether a local date 'YYYY-MM-DD' is a holiday of the calendar (answers cached per date). */
function holidayTest(calendar: BusinessCalendar): (date: string) => boolean {
  const known = new Map<string, boolean>();
  return (date) => {
    let v = known.get(date);
    if (v === undefined) known.set(date, (v = isHoliday(calendar, date)));
    return v;
  };
}

function holidayFigures(effect: HolidayEffect): Record<string, Cell> {
  return { holiday_factor: round3(effect.factor), holiday_factor_source: effect.source, holidays_in_history: effect.days };
}

const holidayNote = (effect: HolidayEffect): string => (effect.source === 'history' ? 'insight.note.holiday_learned' : 'insight.note.holiday_default');

/**
 * Daily forecast of the next four weeks (requests or contacts), with the last eight weeks' actuals;
 * a `holiday` column marks the jurisdiction's holidays, on which the forecast is the ordinary one
 * times the holiday factor.
 */
export async function forecastTile(deps: Deps, what: 'requests' | 'contacts'): Promise<PlanningTile> {
  const { timeZone, calendar } = await getJurisdiction(deps);
  const holiday = holidayTest(calendar);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).startOf('day');
  const { keys, counts } = await series(deps, what, 'day', today.minus({ days: DAILY_HISTORY_DAYS }), today);
  const base = { tile: 'forecast', by: 'day' as const, from: today.minus({ days: 56 }).toISODate() ?? '', to: today.plus({ days: DAILY_HORIZON - 1 }).toISODate() ?? '', timeZone };
  const columns = [{ key: 'key', kind: 'text' as const }, { key: 'actual', kind: 'count' as const }, { key: 'forecast', kind: 'count' as const }, { key: 'holiday', kind: 'text' as const }];
  if (counts.length < 14) return { ...base, columns, rows: [], notes: ['insight.note.not_enough_history'], meta: { series: what, history_days: counts.length, ...testFigures(null) } };
  const aheadDays = Array.from({ length: DAILY_HORIZON }, (_, i) => today.plus({ days: i }).toISODate() ?? '');
  const history = keys.map(holiday);
  const input: HolidayInput = {
    history,
    ahead: aheadDays.map(holiday),
    lags: [7, 14],
    defaultFactor: quietestDayFactor(counts, keys.map((k) => DateTime.fromISO(k).weekday), history),
  };
  const { forecast: ahead, effect } = forecastWithHolidays(counts, 7, DAILY_HORIZON, input);
  const bt = counts.length >= 28 ? backTestWithHolidays(counts, 7, 14, input) : null;
  const rows: Record<string, Cell>[] = keys.slice(-56).map((key, i, all) => ({ key, actual: counts[counts.length - all.length + i] ?? 0, forecast: null, holiday: history[history.length - all.length + i] ?? false }));
  ahead.forEach((f, i) => rows.push({ key: aheadDays[i] ?? '', actual: null, forecast: Math.round(f * 10) / 10, holiday: input.ahead[i] ?? false }));
  const notes = ['insight.note.forecast', ...(bt ? [] : ['insight.note.no_backtest']), holidayNote(effect)];
  return { ...base, columns, rows, notes, meta: { series: what, history_days: counts.length, ...testFigures(bt), ...holidayFigures(effect), holidays_ahead: input.ahead.filter(Boolean).length } };
}

/**
 * Agents needed per hour of the coming week (Monday first) to answer 90 % of calls within 25 s:
 * an hourly Holt-Winters forecast of inbound calls, Erlang C per hour, and shrinkage.
 */
export async function staffingTile(deps: Deps, options: { shrinkage?: number } = {}): Promise<PlanningTile> {
  const shrinkage = options.shrinkage ?? 0.3;
  const { timeZone, calendar } = await getJurisdiction(deps);
  const holiday = holidayTest(calendar);
  const now = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone });
  const nextMonday = now.startOf('week').plus({ weeks: 1 });
  const today = now.startOf('day');
  const { keys, counts } = await series(deps, 'calls', 'hour', today.minus({ days: HOURLY_HISTORY_DAYS }), today);
  const aht = await repo.averageHandleSeconds(deps.db, today.minus({ days: HOURLY_HISTORY_DAYS }).toJSDate(), today.toJSDate());
  const handle = aht ?? DEFAULT_HANDLE_SECONDS;
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const columns = [{ key: 'key', kind: 'text' as const }, ...weekdays.map((d) => ({ key: d, kind: 'count' as const }))];
  const base = { tile: 'staffing', by: 'hour_of_day' as const, from: nextMonday.toISODate() ?? '', to: nextMonday.plus({ days: 6 }).toISODate() ?? '', timeZone, columns };
  const meta: Record<string, Cell> = { average_handle_seconds: Math.round(handle), handle_time_from_log: aht !== null, shrinkage, target_share: 0.9, target_seconds: 25 };
  if (counts.length < 48) return { ...base, rows: [], notes: ['insight.note.not_enough_history'], meta: { ...meta, history_hours: counts.length } };
  // Hours from the end of the history (today 00:00) to the end of next week.
  const until = nextMonday.plus({ weeks: 1 });
  const horizon = Math.round(until.diff(today, 'hours').hours);
  const aheadAt = Array.from({ length: horizon }, (_, i) => today.plus({ hours: i }));
  // Keys are local "yyyy-MM-ddTHH:00": the date says whether it is a holiday, the hour its place in the day.
  const history = keys.map((k) => holiday(k.slice(0, 10)));
  const days = new Map<string, number>();
  keys.forEach((k, i) => days.set(k.slice(0, 10), (days.get(k.slice(0, 10)) ?? 0) + (counts[i] ?? 0)));
  const dayKeys = [...days.keys()];
  const input: HolidayInput = {
    history,
    ahead: aheadAt.map((at) => holiday(at.toISODate() ?? '')),
    historyHours: keys.map((k) => Number(k.slice(11, 13))),
    aheadHours: aheadAt.map((at) => at.hour),
    lags: [168, 24],
    defaultFactor: quietestDayFactor([...days.values()], dayKeys.map((d) => DateTime.fromISO(d).weekday), dayKeys.map(holiday)),
  };
  const { forecast: ahead, effect } = forecastWithHolidays(counts, 24, horizon, input);
  const holidaysNextWeek = [...new Set(aheadAt.filter((at, i) => at >= nextMonday && input.ahead[i]).map((at) => at.toISODate() ?? ''))];
  const grid = Array.from({ length: 24 }, (_, h) => ({ key: String(h).padStart(2, '0') + ':00', ...Object.fromEntries(weekdays.map((d) => [d, 0])) }) as Record<string, Cell>);
  ahead.forEach((calls, i) => {
    const at = today.plus({ hours: i });
    if (at < nextMonday) return;
    const need = agentsNeeded({ calls, averageHandleSeconds: handle, intervalSeconds: 3600, targetShare: 0.9, targetSeconds: 25, shrinkage });
    const row = grid[at.hour];
    const day = weekdays[at.weekday - 1];
    if (row && day) row[day] = Math.max(Number(row[day] ?? 0), need.scheduled);
  });
  const bt = counts.length >= 24 * 9 ? backTestWithHolidays(counts, 24, 24 * 7, input) : null;
  const notes = ['insight.note.staffing', ...(aht === null ? ['insight.note.default_handle_time'] : []), holidayNote(effect), ...(holidaysNextWeek.length ? ['insight.note.staffing_holidays'] : [])];
  return { ...base, rows: grid, notes, meta: { ...meta, history_hours: counts.length, ...testFigures(bt), ...holidayFigures(effect), holidays_next_week: holidaysNextWeek.join(', ') } };
}
