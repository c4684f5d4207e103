import type { Holiday } from '../business-calendar.ts';
import { MAX_YEAR, MIN_YEAR, daysFromCivil, formatDay, isoWeekday } from './civil-days.ts';

// US federal holidays (5 U.S.C. 6103), with the observed-date rule for federal employees.

interface FederalYear {
  readonly list: readonly Readonly<Holiday>[];
  readonly days: ReadonlySet<number>;
}

const federalCache = new Map<number, FederalYear>();

function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - isoWeekday(first) + 7) % 7) + (n - 1) * 7;
}

function lastWeekdayOfMonth(year: number, month: number, weekday: number): number {
  const last = month === 12 ? daysFromCivil(year + 1, 1, 1) - 1 : daysFromCivil(year, month + 1, 1) - 1;
  return last - ((isoWeekday(last) - weekday + 7) % 7);
}

/** Saturday → the Friday before, Sunday → the Monday after. */
function observedDay(dayNumber: number): number {
  const wd = isoWeekday(dayNumber);
  return wd === 6 ? dayNumber - 1 : wd === 7 ? dayNumber + 1 : dayNumber;
}

export function federalYear(year: number): FederalYear {
  const cached = federalCache.get(year);
  if (cached !== undefined) return cached;
  const entries: Array<[day: number, name: string]> = [];
  const fixed = (month: number, day: number, name: string): void => {
    const actual = daysFromCivil(year, month, day);
    const observed = observedDay(actual);
    entries.push([observed, observed === actual ? name : `${name} (observed)`]);
  };
  const MON = 1;
  const THU = 4;
  fixed(1, 1, "New Year's Day");
  if (year >= 1986) entries.push([nthWeekdayOfMonth(year, 1, MON, 3), 'Birthday of Martin Luther King, Jr.']);
  entries.push([nthWeekdayOfMonth(year, 2, MON, 3), "Washington's Birthday"]);
  entries.push([lastWeekdayOfMonth(year, 5, MON), 'Memorial Day']);
  if (year >= 2021) fixed(6, 19, 'Juneteenth National Independence Day');
  fixed(7, 4, 'Independence Day');
  entries.push([nthWeekdayOfMonth(year, 9, MON, 1), 'Labor Day']);
  entries.push([nthWeekdayOfMonth(year, 10, MON, 2), 'Columbus Day']);
  if (year <= 1977) entries.push([nthWeekdayOfMonth(year, 10, MON, 4), 'Veterans Day']);
  else fixed(11, 11, 'Veterans Day');
  entries.push([nthWeekdayOfMonth(year, 11, THU, 4), 'Thanksgiving Day']);
  fixed(12, 25, 'Christmas Day');
  // New Year's Day of the next year, when it falls on a Saturday, is observed on Dec 31 of this
  // year; likewise this year's, when on a Saturday, belongs to the previous year's list.
  if (year < MAX_YEAR) {
    const nextNewYear = daysFromCivil(year + 1, 1, 1);
    if (isoWeekday(nextNewYear) === 6) entries.push([nextNewYear - 1, "New Year's Day (observed)"]);
  }
  const firstDay = daysFromCivil(year, 1, 1);
  const lastDay = daysFromCivil(year + 1, 1, 1) - 1;
  const inYear = entries.filter(([d]) => d >= firstDay && d <= lastDay).sort((a, b) => a[0] - b[0]);
  const result: FederalYear = {
    list: Object.freeze(inYear.map(([d, name]) => Object.freeze({ date: formatDay(d), name }))),
    days: new Set(inYear.map(([d]) => d)),
  };
  federalCache.set(year, result);
  return result;
}

export function checkFederalYear(year: number, where: string): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(
      `${where}: year ${String(year)} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`,
    );
  }
}

/**
 * US federal holidays for a year, with observed dates (Saturday → Friday before, Sunday → Monday
 * after): New Year's Day, Birthday of Martin Luther King, Jr. (3rd Mon Jan, from 1986),
 * Washington's Birthday (3rd Mon Feb), Memorial Day (last Mon May), Juneteenth National
 * Independence Day (Jun 19, from 2021), Independence Day (Jul 4), Labor Day (1st Mon Sep),
 * Columbus Day (2nd Mon Oct), Veterans Day (Nov 11; 4th Mon Oct in 1971–1977), Thanksgiving Day
 * (4th Thu Nov), Christmas Day (Dec 25). Shifted dates are named e.g. "Independence Day
 * (observed)".
 *
 * The list holds the days that fall in `year`: New Year's Day on a Saturday is observed on
 * Dec 31 of the previous year, so federalHolidays(2027) includes 2027-12-31 (for Saturday
 * 2028-01-01) and federalHolidays(2022) does not include 2021-12-31 (it is in 2021's list).
 * Inauguration Day and one-off closures by executive order are not included (use
 * `localHolidays`). Sorted by date. Years 1971–9999; others throw RangeError.
 */
export function federalHolidays(year: number): Holiday[] {
  checkFederalYear(year, 'federalHolidays');
  return federalYear(year).list.map((h) => ({ date: h.date, name: h.name }));
}
