import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { agentsNeeded } from './erlang.ts';
import { backTest, fitHoltWinters, forecastHoltWinters, type BackTest } from './forecast.ts';
import type { Cell, TileData } from './metrics.ts';
import * as repo from './repository.ts';

/**
 * Forecasts (daily with a weekly season, hourly with a daily season) of request and contact
 * volumes, each with its back-test beside it, and the staffing the hourly call forecast needs:
 * Erlang C for 90 % of calls answered within 25 s, with the average handle time from the contact log.
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

function testFigures(bt: BackTest | null): Record<string, Cell> {
  return {
    backtest_points: bt?.testPoints ?? null,
    mape: bt?.mape === null || bt === null ? null : Math.round(bt.mape * 1000) / 1000,
    smape: bt?.smape === null || bt === null ? null : Math.round(bt.smape * 1000) / 1000,
    naive_mape: bt?.naiveMape === null || bt === null ? null : Math.round(bt.naiveMape * 1000) / 1000,
  };
}

/** Daily forecast of the next four weeks (requests or contacts), with the last eight weeks' actuals. */
export async function forecastTile(deps: Deps, what: 'requests' | 'contacts'): Promise<PlanningTile> {
  const { timeZone } = await getJurisdiction(deps);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).startOf('day');
  const { keys, counts } = await series(deps, what, 'day', today.minus({ days: DAILY_HISTORY_DAYS }), today);
  const base = { tile: 'forecast', by: 'day' as const, from: today.minus({ days: 56 }).toISODate() ?? '', to: today.plus({ days: DAILY_HORIZON - 1 }).toISODate() ?? '', timeZone };
  const columns = [{ key: 'key', kind: 'text' as const }, { key: 'actual', kind: 'count' as const }, { key: 'forecast', kind: 'count' as const }];
  if (counts.length < 14) return { ...base, columns, rows: [], notes: ['insight.note.not_enough_history'], meta: { series: what, history_days: counts.length, ...testFigures(null) } };
  const model = fitHoltWinters(counts, 7);
  const ahead = forecastHoltWinters(model, DAILY_HORIZON);
  const bt = counts.length >= 28 ? backTest(counts, 7, 14) : null;
  const rows: Record<string, Cell>[] = keys.slice(-56).map((key, i, all) => ({ key, actual: counts[counts.length - all.length + i] ?? 0, forecast: null }));
  ahead.forEach((f, i) => rows.push({ key: today.plus({ days: i }).toISODate() ?? '', actual: null, forecast: Math.round(f * 10) / 10 }));
  return { ...base, columns, rows, notes: bt ? ['insight.note.forecast'] : ['insight.note.forecast', 'insight.note.no_backtest'], meta: { series: what, history_days: counts.length, ...testFigures(bt) } };
}

/**
 * Agents needed per hour of the coming week (Monday first) to answer 90 % of calls within 25 s:
 * an hourly Holt-Winters forecast of inbound calls, Erlang C per hour, and shrinkage.
 */
export async function staffingTile(deps: Deps, options: { shrinkage?: number } = {}): Promise<PlanningTile> {
  const shrinkage = options.shrinkage ?? 0.3;
  const { timeZone } = await getJurisdiction(deps);
  const now = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone });
  const nextMonday = now.startOf('week').plus({ weeks: 1 });
  const today = now.startOf('day');
  const { counts } = await series(deps, 'calls', 'hour', today.minus({ days: HOURLY_HISTORY_DAYS }), today);
  const aht = await repo.averageHandleSeconds(deps.db, today.minus({ days: HOURLY_HISTORY_DAYS }).toJSDate(), today.toJSDate());
  const handle = aht ?? DEFAULT_HANDLE_SECONDS;
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const columns = [{ key: 'key', kind: 'text' as const }, ...days.map((d) => ({ key: d, kind: 'count' as const }))];
  const base = { tile: 'staffing', by: 'hour_of_day' as const, from: nextMonday.toISODate() ?? '', to: nextMonday.plus({ days: 6 }).toISODate() ?? '', timeZone, columns };
  const meta: Record<string, Cell> = { average_handle_seconds: Math.round(handle), handle_time_from_log: aht !== null, shrinkage, target_share: 0.9, target_seconds: 25 };
  if (counts.length < 48) return { ...base, rows: [], notes: ['insight.note.not_enough_history'], meta: { ...meta, history_hours: counts.length } };
  const model = fitHoltWinters(counts, 24);
  // Hours from the end of the history (today 00:00) to the end of next week.
  const until = nextMonday.plus({ weeks: 1 });
  const horizon = Math.round(until.diff(today, 'hours').hours);
  const ahead = forecastHoltWinters(model, horizon);
  const grid = Array.from({ length: 24 }, (_, h) => ({ key: String(h).padStart(2, '0') + ':00', ...Object.fromEntries(days.map((d) => [d, 0])) }) as Record<string, Cell>);
  ahead.forEach((calls, i) => {
    const at = today.plus({ hours: i });
    if (at < nextMonday) return;
    const need = agentsNeeded({ calls, averageHandleSeconds: handle, intervalSeconds: 3600, targetShare: 0.9, targetSeconds: 25, shrinkage });
    const row = grid[at.hour];
    const day = days[at.weekday - 1];
    if (row && day) row[day] = Math.max(Number(row[day] ?? 0), need.scheduled);
  });
  const bt = counts.length >= 24 * 9 ? backTest(counts, 24, 24 * 7) : null;
  return { ...base, rows: grid, notes: aht === null ? ['insight.note.staffing', 'insight.note.default_handle_time'] : ['insight.note.staffing'], meta: { ...meta, history_hours: counts.length, ...testFigures(bt) } };
}
