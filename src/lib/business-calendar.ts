/**
 * Business calendars for service-level-agreement (SLA) due dates: "fix this pothole within
 * 40 business hours", counted on the jurisdiction's opening hours in its IANA time zone,
 * skipping US federal holidays (computed) and local holidays.
 *
 * Instants are UTC `Date`s; opening hours and holidays are local wall-clock values. Local wall
 * time is converted to instants with the zone's UTC offsets as luxon reports them (so DST is
 * honoured: a local 08:00–17:00 day is 9 business hours on both DST-change days, while a
 * 00:00–24:00 day is 23 or 25 hours long on them). Where a wall time does not exist (the
 * spring-forward gap) it is moved forward by the gap, as luxon does; where it occurs twice
 * (fall-back) the first occurrence is used.
 *
 * Business time is the union of half-open spans [opens, closes): the opening minute is open,
 * the closing minute is not.
 *
 * Supported instants run from 1971-01-03T00:00Z to 9999-12-29T00:00Z (the Monday-holiday rules
 * of the US date from 1971); anything outside is refused with a RangeError.
 *
 * Pure module: no I/O. The only state is a few caches (federal holidays per year, the zone's
 * offset transitions per year), which only ever hold computed facts.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, civilFromDays, isoWeekday, parseLocalDate } from './calendar/civil-days.ts';
import { checkFederalYear, federalYear } from './calendar/federal-holidays.ts';
import { ZoneOffsets, localDayOf, wallToInstant, zoneOffsets } from './calendar/zone-offsets.ts';

export { federalHolidays } from './calendar/federal-holidays.ts';

/**
 * One span of opening hours on one ISO weekday (1 = Monday … 7 = Sunday), as local wall-clock
 * 'HH:MM' (24-hour, two digits each). `closes` must be later than `opens`; `closes` may be
 * '24:00' (end of the day; `opens` may not). A weekday may have several spans (e.g. 08:00–12:00
 * and 13:00–17:00); spans of one weekday must not overlap (touching is fine).
 */
export interface OpeningHours {
  weekday: number;
  opens: string;
  closes: string;
}

/** A named holiday on a local date 'YYYY-MM-DD' (no business time all that day). */
export interface Holiday {
  date: string;
  name: string;
}

/** A jurisdiction's business calendar: opening hours in its IANA zone, and its holidays. */
export interface BusinessCalendar {
  /** IANA time zone name, e.g. 'America/Los_Angeles'. */
  timeZone: string;
  /** Opening spans; weekdays without a span are closed. */
  hours: OpeningHours[];
  /** Extra holidays on local dates (city holidays, one-off closures). */
  localHolidays: Holiday[];
  /** Whether the US federal holidays (observed dates) are closed days. */
  observesFederalHolidays: boolean;
}

const MIN_INSTANT = Date.UTC(1971, 0, 3);
const MAX_INSTANT = Date.UTC(9999, 11, 29);

// ---------------------------------------------------------------------------------------------
// Calendar validation ("compiling").

interface Compiled {
  readonly zone: ZoneOffsets;
  /** Index 1..7: sorted, non-overlapping [opensMinute, closesMinute] spans, touching ones merged. */
  readonly spans: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly weeklyMinutes: number;
  readonly localDays: ReadonlySet<number>;
  readonly federal: boolean;
}

const HH_MM = /^(\d{2}):(\d{2})$/;

function parseMinutes(value: unknown, field: string, allow24: boolean): number {
  const m = typeof value === 'string' ? HH_MM.exec(value) : null;
  if (m !== null) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h <= 23 && min <= 59) return h * 60 + min;
    if (allow24 && h === 24 && min === 0) return 1440;
  }
  throw new RangeError(
    `Invalid business calendar: ${field} is ${JSON.stringify(value)}; expected 'HH:MM' ` +
      `(00:00–23:59${allow24 ? ", or '24:00' for the end of the day" : ''})`,
  );
}

function compile(cal: BusinessCalendar): Compiled {
  if (typeof cal !== 'object' || cal === null) {
    throw new RangeError('Invalid business calendar: expected an object');
  }
  const tz: unknown = cal.timeZone;
  const zone = typeof tz === 'string' ? zoneOffsets(tz) : undefined;
  if (zone === undefined) {
    throw new RangeError(
      `Invalid business calendar: unknown time zone ${JSON.stringify(tz)} (expected an IANA name such as 'America/Los_Angeles')`,
    );
  }
  if (typeof cal.observesFederalHolidays !== 'boolean') {
    throw new RangeError('Invalid business calendar: observesFederalHolidays must be a boolean');
  }
  if (!Array.isArray(cal.hours)) {
    throw new RangeError('Invalid business calendar: hours must be an array of opening spans');
  }
  if (!Array.isArray(cal.localHolidays)) {
    throw new RangeError('Invalid business calendar: localHolidays must be an array');
  }

  const byDay: Array<Array<[number, number]>> = [[], [], [], [], [], [], [], []];
  cal.hours.forEach((span: OpeningHours, i) => {
    const where = `hours[${i}]`;
    if (typeof span !== 'object' || span === null) {
      throw new RangeError(`Invalid business calendar: ${where} must be an object`);
    }
    const { weekday } = span;
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(
        `Invalid business calendar: ${where}.weekday is ${JSON.stringify(weekday)}; expected an ISO weekday 1 (Monday) … 7 (Sunday)`,
      );
    }
    const opens = parseMinutes(span.opens, `${where}.opens`, false);
    const closes = parseMinutes(span.closes, `${where}.closes`, true);
    if (closes <= opens) {
      throw new RangeError(
        `Invalid business calendar: ${where} closes at ${span.closes}, which is not after it opens at ${span.opens}`,
      );
    }
    byDay[weekday]?.push([opens, closes]);
  });

  let weeklyMinutes = 0;
  const spans = byDay.map((list, weekday) => {
    list.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [o, c] of list) {
      const prev = merged[merged.length - 1];
      if (prev !== undefined && o < prev[1]) {
        throw new RangeError(
          `Invalid business calendar: opening spans on weekday ${weekday} overlap (${fmtMin(prev[0])}–${fmtMin(prev[1])} and ${fmtMin(o)}–${fmtMin(c)})`,
        );
      }
      if (prev !== undefined && o === prev[1]) prev[1] = c;
      else merged.push([o, c]);
      weeklyMinutes += c - o;
    }
    return merged;
  });

  const localDays = new Set<number>();
  cal.localHolidays.forEach((h: Holiday, i) => {
    const day = typeof h === 'object' && h !== null ? parseLocalDate(h.date) : undefined;
    if (day === undefined) {
      throw new RangeError(
        `Invalid business calendar: localHolidays[${i}].date is ${JSON.stringify(h?.date)}; expected a real date 'YYYY-MM-DD'`,
      );
    }
    localDays.add(day);
  });

  return { zone, spans, weeklyMinutes, localDays, federal: cal.observesFederalHolidays };
}

function fmtMin(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function requireHours(c: Compiled, where: string): void {
  if (c.weeklyMinutes === 0) {
    throw new RangeError(
      `${where}: the business calendar has no opening hours at all, so there is never a next business instant`,
    );
  }
}

function instantOf(d: unknown, where: string, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${where}: ${name} must be a valid Date`);
  if (t < MIN_INSTANT || t > MAX_INSTANT) {
    throw new RangeError(
      `${where}: ${name} ${d instanceof Date ? d.toISOString() : ''} is outside the supported range ${new Date(MIN_INSTANT).toISOString()} – ${new Date(MAX_INSTANT).toISOString()}`,
    );
  }
  return t;
}

function hoursToMs(hours: unknown, where: string): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new RangeError(
      `${where}: hours must be a finite number >= 0, got ${typeof hours === 'number' ? String(hours) : typeof hours}`,
    );
  }
  return Math.round(hours * HOUR_MS);
}

// ---------------------------------------------------------------------------------------------
// Day walking.

function isHolidayDay(c: Compiled, day: number): boolean {
  if (c.localDays.has(day)) return true;
  if (!c.federal) return false;
  const year = civilFromDays(day)[0];
  checkFederalYear(year, 'Business calendar');
  return federalYear(year).days.has(day);
}

/** Business intervals of a local day as flat [start0, end0, start1, end1, …] instants (ms). */
function dayIntervals(c: Compiled, day: number): number[] {
  const spans = c.spans[isoWeekday(day)];
  if (spans === undefined || spans.length === 0 || isHolidayDay(c, day)) return [];
  const midnight = day * DAY_MS;
  const out: number[] = [];
  for (const [o, e] of spans) {
    const start = wallToInstant(c.zone, midnight + o * MINUTE_MS);
    const end = wallToInstant(c.zone, midnight + e * MINUTE_MS);
    if (end > start) out.push(start, end);
  }
  return out;
}

/** Walks business intervals from `from` onward; returns the instant after `ms` of business time. */
function advance(c: Compiled, from: number, ms: number, where: string): number {
  let remaining = ms;
  let cursor = from;
  const lastDay = localDayOf(c.zone, MAX_INSTANT);
  for (let day = localDayOf(c.zone, from) - 1; day <= lastDay; day++) {
    const iv = dayIntervals(c, day);
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1] as number;
      if (end <= cursor) continue;
      const start = Math.max(iv[i] as number, cursor);
      const available = end - start;
      if (remaining <= available) {
        const result = start + remaining;
        if (result <= MAX_INSTANT) return result;
        day = lastDay; // past the supported range: fall through to the error
        break;
      }
      remaining -= available;
      cursor = end;
    }
  }
  throw new RangeError(
    `${where}: the result would lie beyond ${new Date(MAX_INSTANT).toISOString()}, the end of the supported range (too many hours, or no business days left in the calendar)`,
  );
}

// ---------------------------------------------------------------------------------------------
// Public API.

/**
 * Whether a local date 'YYYY-MM-DD' is a holiday in this calendar (a local holiday, or an
 * observed federal holiday when the calendar observes them). Throws RangeError for a malformed
 * date or an invalid calendar.
 */
export function isHoliday(cal: BusinessCalendar, localDate: string): boolean {
  const c = compile(cal);
  const day = parseLocalDate(localDate);
  if (day === undefined) {
    throw new RangeError(`isHoliday: ${JSON.stringify(localDate)} is not a real date 'YYYY-MM-DD'`);
  }
  return isHolidayDay(c, day);
}

/**
 * The instant that is `hours` business hours after `start` (hours may be fractional, >= 0; the
 * amount is rounded to the millisecond). If start is outside business time, counting begins at
 * the next opening. 0 hours from a closed time returns the next opening instant; 0 hours from
 * inside business time returns start. A due time that lands exactly on a closing time is that
 * closing time (17:00), not the next opening. Throws RangeError for negative/NaN/infinite hours,
 * an invalid calendar, a calendar with no opening hours at all, or a result past the supported
 * range.
 */
export function addBusinessHours(cal: BusinessCalendar, start: Date, hours: number): Date {
  const where = 'addBusinessHours';
  const c = compile(cal);
  const from = instantOf(start, where, 'start');
  const ms = hoursToMs(hours, where);
  requireHours(c, where);
  // Cheap upper bound (generous for DST) so absurd amounts fail at once instead of walking
  // millennia of days.
  const weeks = (MAX_INSTANT - from) / WEEK_MS + 2;
  if (ms > weeks * (c.weeklyMinutes * MINUTE_MS + DAY_MS)) {
    throw new RangeError(
      `${where}: ${hours} business hours from ${start.toISOString()} would end beyond the supported range`,
    );
  }
  return new Date(advance(c, from, ms, where));
}

/**
 * Business time, in milliseconds, between two instants (0 if end <= start). The inverse of
 * addBusinessHours: businessTimeBetween(cal, s, addBusinessHours(cal, s, h)) === h * 3_600_000
 * (to the millisecond).
 */
export function businessTimeBetween(cal: BusinessCalendar, start: Date, end: Date): number {
  const where = 'businessTimeBetween';
  const c = compile(cal);
  const a = instantOf(start, where, 'start');
  const b = instantOf(end, where, 'end');
  if (b <= a) return 0;
  let total = 0;
  const lastDay = localDayOf(c.zone, b);
  for (let day = localDayOf(c.zone, a) - 1; day <= lastDay; day++) {
    const iv = dayIntervals(c, day);
    for (let i = 0; i < iv.length; i += 2) {
      const s = Math.max(iv[i] as number, a);
      const e = Math.min(iv[i + 1] as number, b);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** Whether the instant lies in business time (opening minute included, closing minute not). */
export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  const c = compile(cal);
  const t = instantOf(at, 'isOpen', 'at');
  const day = localDayOf(c.zone, t);
  for (let d = day - 1; d <= day; d++) {
    const iv = dayIntervals(c, d);
    for (let i = 0; i < iv.length; i += 2) {
      if (t >= (iv[i] as number) && t < (iv[i + 1] as number)) return true;
    }
  }
  return false;
}

/**
 * The next instant >= at that is in business time (at itself when open). Throws RangeError for
 * a calendar with no opening hours at all.
 */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  const where = 'nextOpening';
  const c = compile(cal);
  const t = instantOf(at, where, 'at');
  requireHours(c, where);
  return new Date(advance(c, t, 0, where));
}

/**
 * Add calendar hours (plain elapsed time, rounded to the millisecond), ignoring the business
 * calendar. Exists so SLA code can choose by the service's SLA kind. Refuses negative, NaN or
 * infinite hours and invalid dates with a RangeError.
 */
export function addCalendarHours(start: Date, hours: number): Date {
  const t = start instanceof Date ? start.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError('addCalendarHours: start must be a valid Date');
  const result = new Date(t + hoursToMs(hours, 'addCalendarHours'));
  if (Number.isNaN(result.getTime())) {
    throw new RangeError(`addCalendarHours: ${hours} hours from ${start.toISOString()} is not a representable date`);
  }
  return result;
}
