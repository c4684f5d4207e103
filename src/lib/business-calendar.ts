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
import { IANAZone } from 'luxon';

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

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

const MIN_YEAR = 1971;
const MAX_YEAR = 9999;
const MIN_INSTANT = Date.UTC(1971, 0, 3);
const MAX_INSTANT = Date.UTC(9999, 11, 29);

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic on "day numbers" (days since 1970-01-01), proleptic Gregorian.
// (H. Hinnant's algorithms; exact for any year, no Date quirks for years < 100.)

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(dayNumber: number): [year: number, month: number, day: number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

function formatDay(dayNumber: number): string {
  const [y, m, d] = civilFromDays(dayNumber);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' into a day number, or returns undefined if it is not a real date. */
function parseLocalDate(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = LOCAL_DATE.exec(s);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const n = daysFromCivil(year, month, day);
  const [y2, m2, d2] = civilFromDays(n);
  return y2 === year && m2 === month && d2 === day ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
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

function federalYear(year: number): FederalYear {
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

function checkFederalYear(year: number, where: string): void {
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

// ---------------------------------------------------------------------------------------------
// Zone offsets. luxon's IANAZone.offset() goes through Intl and costs microseconds, so the
// offset transitions of a zone are found once per (zone, UTC year) — by sampling weekly and
// bisecting to the second where the offset changes — and looked up from then on. (A pair of
// transitions less than a week apart would be missed; a scan of every zone, 1971–2040, found
// none — the closest, Brazil's in October 2000, are exactly 7 days apart and are caught.)

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly offset: number; // minutes east of UTC
}

class ZoneOffsets {
  readonly #zone: IANAZone;
  readonly #years = new Map<number, readonly Segment[]>();
  #last: Segment | undefined;

  constructor(zone: IANAZone) {
    this.#zone = zone;
  }

  /** UTC offset, in minutes, in effect at instant `t` (ms). */
  offsetAt(t: number): number {
    const last = this.#last;
    if (last !== undefined && t >= last.start && t < last.end) return last.offset;
    const year = civilFromDays(Math.floor(t / DAY_MS))[0];
    let segments = this.#years.get(year);
    if (segments === undefined) {
      segments = this.#build(year);
      this.#years.set(year, segments);
    }
    for (const s of segments) {
      if (t < s.end) {
        this.#last = s;
        return s.offset;
      }
    }
    /* c8 ignore next */
    throw new Error(`ZoneOffsets: no segment for ${t}`);
  }

  #raw(t: number): number {
    return this.#zone.offset(t);
  }

  #build(year: number): Segment[] {
    const yearStart = daysFromCivil(year, 1, 1) * DAY_MS;
    const yearEnd = daysFromCivil(year + 1, 1, 1) * DAY_MS;
    const segments: Segment[] = [];
    let segStart = yearStart;
    let current = this.#raw(yearStart);
    for (let t = yearStart; t < yearEnd; ) {
      const next = Math.min(t + WEEK_MS, yearEnd);
      const nextOffset = this.#raw(next);
      let lo = t;
      while (nextOffset !== current) {
        // The offset changes somewhere in (lo, next]: bisect to the second.
        let loS = lo / SECOND_MS;
        let hiS = next / SECOND_MS;
        while (hiS - loS > 1) {
          const mid = Math.floor((loS + hiS) / 2);
          if (this.#raw(mid * SECOND_MS) === current) loS = mid;
          else hiS = mid;
        }
        const at = hiS * SECOND_MS;
        if (at > segStart) segments.push({ start: segStart, end: at, offset: current });
        segStart = at;
        current = this.#raw(at);
        lo = at;
      }
      t = next;
    }
    if (yearEnd > segStart) segments.push({ start: segStart, end: yearEnd, offset: current });
    return segments;
  }
}

const zoneCache = new Map<string, ZoneOffsets>();

function zoneOffsets(name: string): ZoneOffsets | undefined {
  let z = zoneCache.get(name);
  if (z === undefined) {
    if (!IANAZone.isValidZone(name)) return undefined;
    z = new ZoneOffsets(IANAZone.create(name));
    zoneCache.set(name, z);
  }
  return z;
}

/**
 * The instant of a local wall time given as "local ms" (day number * DAY_MS + time of day).
 * Gap (nonexistent) times move forward by the gap; repeated times take the first occurrence.
 */
function wallToInstant(zone: ZoneOffsets, wall: number): number {
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  const t1 = wall - before * MINUTE_MS;
  if (before === after) return t1;
  const t2 = wall - after * MINUTE_MS;
  const t1Valid = zone.offsetAt(t1) === before;
  const t2Valid = zone.offsetAt(t2) === after;
  if (t1Valid && t2Valid) return Math.min(t1, t2);
  if (t2Valid) return t2;
  return t1; // t1 valid, or a gap: t1 (old offset) lands past the gap by its length
}

/** Local day number of an instant. */
function localDayOf(zone: ZoneOffsets, t: number): number {
  return Math.floor((t + zone.offsetAt(t) * MINUTE_MS) / DAY_MS);
}

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
