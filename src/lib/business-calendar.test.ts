import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  addBusinessHours,
  addCalendarHours,
  businessTimeBetween,
  isHoliday,
  isOpen,
  nextOpening,
  type BusinessCalendar,
  type OpeningHours,
} from './business-calendar.ts';

const LA = 'America/Los_Angeles';
const HOUR = 3_600_000;

function weekdays(opens: string, closes: string, days = [1, 2, 3, 4, 5]): OpeningHours[] {
  return days.map((weekday) => ({ weekday, opens, closes }));
}

/** Portland: Mon–Fri 08:00–17:00 Pacific, federal holidays. */
const portland: BusinessCalendar = {
  timeZone: LA,
  hours: weekdays('08:00', '17:00'),
  localHolidays: [],
  observesFederalHolidays: true,
};

/** Local Los Angeles wall time 'YYYY-MM-DDTHH:mm' → Date. */
function la(local: string): Date {
  const dt = DateTime.fromISO(local, { zone: LA });
  assert.ok(dt.isValid, `bad test time ${local}`);
  return dt.toJSDate();
}

/** Date → local Los Angeles 'YYYY-MM-DD HH:mm' (with seconds/ms only when non-zero). */
function fmt(d: Date): string {
  const dt = DateTime.fromJSDate(d, { zone: LA });
  if (dt.millisecond !== 0) return dt.toFormat('yyyy-MM-dd HH:mm:ss.SSS');
  if (dt.second !== 0) return dt.toFormat('yyyy-MM-dd HH:mm:ss');
  return dt.toFormat('yyyy-MM-dd HH:mm');
}

/** Seeded PRNG (mulberry32), so property tests are reproducible without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent reference for addBusinessHours, written directly with luxon DateTime in the zone
 * (one local day at a time via DateTime.plus({ days: 1 }), spans via DateTime.set).
 */
function referenceAdd(cal: BusinessCalendar, start: Date, hours: number): Date {
  let remaining = Math.round(hours * HOUR);
  let cursor = start.getTime();
  let day = DateTime.fromJSDate(start, { zone: cal.timeZone }).startOf('day').minus({ days: 1 });
  for (let i = 0; i < 100_000; i++, day = day.plus({ days: 1 })) {
    const iso = day.toISODate() ?? '';
    if (isHoliday(cal, iso)) continue;
    const spans = cal.hours
      .filter((h) => h.weekday === day.weekday)
      .sort((a, b) => a.opens.localeCompare(b.opens));
    for (const span of spans) {
      const at = (hhmm: string): number => {
        const [h, m] = hhmm.split(':').map(Number) as [number, number];
        return h === 24
          ? day.plus({ days: 1 }).startOf('day').toMillis()
          : day.set({ hour: h, minute: m }).toMillis();
      };
      const open = at(span.opens);
      const close = at(span.closes);
      if (close <= cursor) continue;
      const s = Math.max(open, cursor);
      if (remaining <= close - s) return new Date(s + remaining);
      remaining -= close - s;
      cursor = close;
    }
  }
  throw new Error('referenceAdd: ran out of days');
}

describe('addBusinessHours on the Portland calendar', () => {
  const add = (start: string, hours: number): string => fmt(addBusinessHours(portland, la(start), hours));

  test('within one day', () => {
    assert.equal(add('2026-04-13T09:00', 3), '2026-04-13 12:00');
    assert.equal(add('2026-04-13T08:00', 1), '2026-04-13 09:00');
  });

  test('exactly ending at closing gives 17:00, not the next opening', () => {
    assert.equal(add('2026-04-13T08:00', 9), '2026-04-13 17:00');
    assert.equal(add('2026-04-13T16:00', 1), '2026-04-13 17:00');
    assert.equal(add('2026-04-13T08:00', 18), '2026-04-14 17:00');
    assert.equal(add('2026-04-13T16:00', 1 + 1 / 60), '2026-04-14 08:01');
  });

  test('crossing a weekend', () => {
    assert.equal(add('2026-04-17T15:00', 4), '2026-04-20 10:00'); // Fri → Mon
    assert.equal(add('2026-04-17T08:00', 45), '2026-04-23 17:00'); // five business days: Fri, Mon–Thu
    assert.equal(add('2026-04-17T08:00', 46), '2026-04-24 09:00');
  });

  test('crossing Thanksgiving (the day after is not a holiday)', () => {
    assert.equal(add('2026-11-25T16:00', 3), '2026-11-27 10:00');
    assert.equal(add('2026-11-25T16:00', 11), '2026-11-30 09:00'); // Wed 1 + Fri 9 + Mon 1
    // Christmas 2026 is Friday Dec 25: Thu Dec 24 16:00 + 2h → Mon Dec 28 09:00.
    assert.equal(add('2026-12-24T16:00', 2), '2026-12-28 09:00');
  });

  test('starting at night, at the weekend, on a holiday', () => {
    assert.equal(add('2026-04-14T22:00', 1), '2026-04-15 09:00'); // Tue night
    assert.equal(add('2026-04-15T03:00', 1), '2026-04-15 09:00'); // before opening
    assert.equal(add('2026-04-15T17:00', 1), '2026-04-16 09:00'); // at closing = closed
    assert.equal(add('2026-04-18T12:00', 2), '2026-04-20 10:00'); // Saturday
    assert.equal(add('2026-04-19T23:59', 2), '2026-04-20 10:00'); // Sunday night
    assert.equal(add('2026-11-26T10:00', 1), '2026-11-27 09:00'); // Thanksgiving
    assert.equal(add('2026-07-03T10:00', 1), '2026-07-06 09:00'); // observed Independence Day
  });

  test('zero hours: start when open, else the next opening', () => {
    assert.equal(add('2026-04-13T10:30', 0), '2026-04-13 10:30');
    assert.equal(add('2026-04-13T08:00', 0), '2026-04-13 08:00');
    assert.equal(add('2026-04-13T17:00', 0), '2026-04-14 08:00');
    assert.equal(add('2026-04-18T12:00', 0), '2026-04-20 08:00');
    assert.equal(add('2026-11-26T12:00', 0), '2026-11-27 08:00');
  });

  test('fractional hours', () => {
    assert.equal(add('2026-04-13T08:00', 1.25), '2026-04-13 09:15');
    assert.equal(add('2026-04-13T16:45', 0.5), '2026-04-14 08:15');
    assert.equal(add('2026-04-13T08:00', 1 / 3), '2026-04-13 08:20');
    assert.equal(add('2026-04-13T08:00', 0.1 / 3600), '2026-04-13 08:00:00.100');
  });

  test('returns a new Date and leaves the input alone', () => {
    const start = la('2026-04-13T10:00');
    const before = start.getTime();
    const out = addBusinessHours(portland, start, 0);
    assert.notEqual(out, start);
    assert.equal(out.getTime(), before);
    assert.equal(start.getTime(), before);
  });
});

describe('daylight saving time (America/Los_Angeles, 2026)', () => {
  test('spring-forward weekend (Sunday 2026-03-08)', () => {
    // Fri 16:00 PST (00:00Z Sat) + 2h → Mon 09:00 PDT (16:00Z).
    const due = addBusinessHours(portland, new Date('2026-03-07T00:00:00Z'), 2);
    assert.equal(due.toISOString(), '2026-03-09T16:00:00.000Z');
    assert.equal(fmt(due), '2026-03-09 09:00');
    assert.equal(
      businessTimeBetween(portland, new Date('2026-03-06T16:00:00Z'), new Date('2026-03-10T15:00:00Z')),
      18 * HOUR, // Fri 08:00 PST .. Tue 08:00 PDT
    );
  });

  test('fall-back weekend (Sunday 2026-11-01)', () => {
    // Fri 16:00 PDT (23:00Z) + 2h → Mon 09:00 PST (17:00Z).
    const due = addBusinessHours(portland, new Date('2026-10-30T23:00:00Z'), 2);
    assert.equal(due.toISOString(), '2026-11-02T17:00:00.000Z');
    assert.equal(fmt(due), '2026-11-02 09:00');
  });

  test('a local 08:00–17:00 day is 9 business hours on both change days', () => {
    const everyDay: BusinessCalendar = { ...portland, hours: weekdays('08:00', '17:00', [1, 2, 3, 4, 5, 6, 7]) };
    for (const day of ['2026-03-08', '2026-11-01', '2026-03-07', '2026-11-02']) {
      assert.equal(businessTimeBetween(everyDay, la(`${day}T00:00`), la(`${day}T23:59`)), 9 * HOUR, day);
    }
    assert.equal(fmt(addBusinessHours(everyDay, la('2026-03-08T08:00'), 9)), '2026-03-08 17:00');
    assert.equal(addBusinessHours(everyDay, la('2026-03-08T08:00'), 9).toISOString(), '2026-03-09T00:00:00.000Z');
    assert.equal(addBusinessHours(everyDay, la('2026-11-01T08:00'), 9).toISOString(), '2026-11-02T01:00:00.000Z');
  });

  test('round-the-clock calendar: the change days are 23 and 25 hours long', () => {
    const allDay: BusinessCalendar = {
      timeZone: LA,
      hours: weekdays('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]),
      localHolidays: [],
      observesFederalHolidays: false,
    };
    const len = (day: string, next: string): number =>
      businessTimeBetween(allDay, la(`${day}T00:00`), la(`${next}T00:00`)) / HOUR;
    assert.equal(len('2026-03-08', '2026-03-09'), 23);
    assert.equal(len('2026-11-01', '2026-11-02'), 25);
    assert.equal(len('2026-03-09', '2026-03-10'), 24);
    // Elapsed time across the gap: 01:30 PST + 1h = 03:30 PDT.
    assert.equal(
      addBusinessHours(allDay, new Date('2026-03-08T09:30:00Z'), 1).toISOString(),
      '2026-03-08T10:30:00.000Z',
    );
    assert.equal(isOpen(allDay, new Date('2026-03-08T10:00:00Z')), true);
    // A year of round-the-clock business time is exactly a year of elapsed time.
    const start = new Date('2026-01-01T08:00:00Z');
    const due = addBusinessHours(allDay, start, 24 * 365);
    assert.equal(due.toISOString(), '2027-01-01T08:00:00.000Z');
  });

  test('a span that contains the transition counts real elapsed time', () => {
    const night: BusinessCalendar = {
      timeZone: LA,
      hours: [{ weekday: 7, opens: '01:00', closes: '04:00' }],
      localHolidays: [],
      observesFederalHolidays: false,
    };
    const sunday = (day: string): number => businessTimeBetween(night, la(`${day}T00:00`), la(`${day}T12:00`)) / HOUR;
    assert.equal(sunday('2026-03-08'), 2); // 02:00–03:00 does not exist
    assert.equal(sunday('2026-11-01'), 4); // 01:00–02:00 happens twice
    assert.equal(sunday('2026-03-15'), 3);
    // Opening 01:00 PDT on fall-back day is the first 01:00 (08:00Z); 3.5h later is 03:30 PST.
    assert.equal(nextOpening(night, new Date('2026-11-01T07:00:00Z')).toISOString(), '2026-11-01T08:00:00.000Z');
    assert.equal(
      addBusinessHours(night, new Date('2026-11-01T08:00:00Z'), 3.5).toISOString(),
      '2026-11-01T11:30:00.000Z',
    );
  });
});

describe('other calendars', () => {
  test('split day with a lunch break', () => {
    const split: BusinessCalendar = {
      ...portland,
      hours: [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00')],
    };
    const at = (s: string): Date => la(s);
    assert.equal(fmt(addBusinessHours(split, at('2026-04-13T11:00'), 2)), '2026-04-13 14:00');
    assert.equal(fmt(addBusinessHours(split, at('2026-04-13T11:00'), 1)), '2026-04-13 12:00');
    assert.equal(fmt(addBusinessHours(split, at('2026-04-13T12:30'), 0)), '2026-04-13 13:00');
    assert.equal(fmt(addBusinessHours(split, at('2026-04-13T08:00'), 8)), '2026-04-13 17:00');
    assert.equal(fmt(addBusinessHours(split, at('2026-04-13T08:00'), 8.5)), '2026-04-14 08:30');
    assert.equal(isOpen(split, at('2026-04-13T12:30')), false);
    assert.equal(isOpen(split, at('2026-04-13T12:00')), false);
    assert.equal(isOpen(split, at('2026-04-13T11:59')), true);
    assert.equal(isOpen(split, at('2026-04-13T13:00')), true);
    assert.equal(fmt(nextOpening(split, at('2026-04-13T12:30'))), '2026-04-13 13:00');
    assert.equal(businessTimeBetween(split, at('2026-04-13T00:00'), at('2026-04-14T00:00')), 8 * HOUR);
  });

  test('a local holiday', () => {
    const withLocal: BusinessCalendar = {
      ...portland,
      localHolidays: [{ date: '2026-04-20', name: 'City closure' }],
    };
    assert.equal(fmt(addBusinessHours(withLocal, la('2026-04-17T15:00'), 4)), '2026-04-21 10:00');
    assert.equal(fmt(nextOpening(withLocal, la('2026-04-18T09:00'))), '2026-04-21 08:00');
    assert.equal(isOpen(withLocal, la('2026-04-20T10:00')), false);
    assert.equal(isOpen(portland, la('2026-04-20T10:00')), true);
  });

  test("spans closing at '24:00' join the next day's 00:00 opening", () => {
    const evenings: BusinessCalendar = {
      timeZone: LA,
      hours: [
        { weekday: 1, opens: '20:00', closes: '24:00' },
        { weekday: 2, opens: '00:00', closes: '02:00' },
      ],
      localHolidays: [],
      observesFederalHolidays: false,
    };
    assert.equal(fmt(addBusinessHours(evenings, la('2026-04-13T22:00'), 3)), '2026-04-14 01:00');
    assert.equal(fmt(addBusinessHours(evenings, la('2026-04-13T22:00'), 2)), '2026-04-14 00:00');
    assert.equal(isOpen(evenings, la('2026-04-13T23:59')), true);
    assert.equal(isOpen(evenings, la('2026-04-14T00:00')), true);
    assert.equal(isOpen(evenings, la('2026-04-14T02:00')), false);
    assert.equal(businessTimeBetween(evenings, la('2026-04-13T00:00'), la('2026-04-15T00:00')), 6 * HOUR);
  });

  test('another zone (New York) uses its own wall clock', () => {
    const nyc: BusinessCalendar = { ...portland, timeZone: 'America/New_York' };
    // 08:00 Eastern = 05:00 Pacific.
    assert.equal(fmt(nextOpening(nyc, la('2026-04-13T00:00'))), '2026-04-13 05:00');
    assert.equal(isOpen(nyc, la('2026-04-13T14:30')), false); // 17:30 Eastern
  });
});

describe('isOpen, nextOpening, businessTimeBetween', () => {
  test('isOpen', () => {
    assert.equal(isOpen(portland, la('2026-04-13T08:00')), true);
    assert.equal(isOpen(portland, la('2026-04-13T16:59')), true);
    assert.equal(isOpen(portland, la('2026-04-13T17:00')), false);
    assert.equal(isOpen(portland, la('2026-04-13T07:59')), false);
    assert.equal(isOpen(portland, la('2026-04-18T10:00')), false); // Saturday
    assert.equal(isOpen(portland, la('2026-11-26T10:00')), false); // Thanksgiving
  });

  test('nextOpening', () => {
    const at = la('2026-04-13T10:17');
    assert.equal(nextOpening(portland, at).getTime(), at.getTime());
    assert.equal(fmt(nextOpening(portland, la('2026-04-17T17:00'))), '2026-04-20 08:00');
    assert.equal(fmt(nextOpening(portland, la('2026-12-24T18:00'))), '2026-12-28 08:00');
    assert.equal(fmt(nextOpening(portland, la('2027-12-30T17:30'))), '2028-01-03 08:00');
  });

  test('businessTimeBetween', () => {
    assert.equal(businessTimeBetween(portland, la('2026-04-13T09:00'), la('2026-04-13T12:30')), 3.5 * HOUR);
    assert.equal(businessTimeBetween(portland, la('2026-04-13T12:00'), la('2026-04-13T09:00')), 0);
    assert.equal(businessTimeBetween(portland, la('2026-04-13T12:00'), la('2026-04-13T12:00')), 0);
    assert.equal(businessTimeBetween(portland, la('2026-04-18T00:00'), la('2026-04-19T23:00')), 0);
    // Thanksgiving week: Mon–Wed and Fri.
    assert.equal(businessTimeBetween(portland, la('2026-11-23T00:00'), la('2026-11-30T00:00')), 36 * HOUR);
    // A whole year 2026: 261 weekdays, 11 weekday federal holidays → 250 days.
    assert.equal(businessTimeBetween(portland, la('2026-01-01T00:00'), la('2027-01-01T00:00')), 250 * 9 * HOUR);
  });
});

describe('properties', () => {
  test('businessTimeBetween inverts addBusinessHours (random starts and amounts)', () => {
    const rnd = mulberry32(311);
    const split: BusinessCalendar = {
      ...portland,
      hours: [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00'), { weekday: 6, opens: '09:00', closes: '13:00' }],
      localHolidays: [{ date: '2026-06-12', name: 'Rose Festival' }],
    };
    const allDay: BusinessCalendar = {
      timeZone: 'Europe/London',
      hours: weekdays('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]),
      localHolidays: [],
      observesFederalHolidays: false,
    };
    const base = Date.UTC(2025, 0, 1);
    const span = Date.UTC(2029, 0, 1) - base;
    for (const cal of [portland, split, allDay]) {
      for (let i = 0; i < 400; i++) {
        const start = new Date(base + Math.floor(rnd() * span));
        const kind = rnd();
        const hours =
          kind < 0.1 ? 0 : kind < 0.5 ? Math.floor(rnd() * 200) : kind < 0.9 ? rnd() * 100 : rnd() * 3000;
        const due = addBusinessHours(cal, start, hours);
        assert.ok(due.getTime() >= start.getTime());
        assert.equal(
          businessTimeBetween(cal, start, due),
          Math.round(hours * HOUR),
          `${cal.timeZone} start=${start.toISOString()} hours=${hours}`,
        );
        // The due instant is in business time or at the end of a span, never in a gap.
        if (hours > 0) {
          const justBefore = new Date(due.getTime() - 1);
          assert.equal(isOpen(cal, justBefore), true, `open just before ${due.toISOString()}`);
        } else {
          assert.equal(due.getTime(), nextOpening(cal, start).getTime());
        }
      }
    }
  });

  test('addBusinessHours agrees with a reference written directly with luxon', () => {
    const rnd = mulberry32(2026);
    const split: BusinessCalendar = {
      ...portland,
      hours: [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00')],
    };
    const base = Date.UTC(2025, 0, 1);
    const span = Date.UTC(2028, 6, 1) - base;
    for (const cal of [portland, split, { ...portland, timeZone: 'America/New_York' }]) {
      for (let i = 0; i < 150; i++) {
        const start = new Date(base + Math.floor(rnd() * span));
        const hours = rnd() < 0.5 ? Math.floor(rnd() * 120) : rnd() * 500;
        assert.equal(
          addBusinessHours(cal, start, hours).toISOString(),
          referenceAdd(cal, start, hours).toISOString(),
          `${cal.timeZone} start=${start.toISOString()} hours=${hours}`,
        );
      }
    }
  });

  test('10,000 business hours', () => {
    // Without holidays: 10,000 h = 1,111 nine-hour days + 1 h = 222 weeks + 1 day + 1 h.
    // From Monday 2026-01-05 08:00 that ends on the Tuesday after 222 weeks (1,555 days), 09:00.
    const plain: BusinessCalendar = { ...portland, observesFederalHolidays: false };
    const start = la('2026-01-05T08:00');
    const expected = DateTime.fromISO('2026-01-05T09:00', { zone: LA }).plus({ days: 1555 });
    assert.equal(expected.weekday, 2);
    const due = addBusinessHours(plain, start, 10_000);
    assert.equal(fmt(due), expected.toFormat('yyyy-MM-dd HH:mm'));
    assert.equal(fmt(due), '2030-04-09 09:00');
    // With federal holidays, cross-check with the reference and the inverse.
    const dueFederal = addBusinessHours(portland, start, 10_000);
    assert.equal(dueFederal.toISOString(), referenceAdd(portland, start, 10_000).toISOString());
    assert.equal(businessTimeBetween(portland, start, dueFederal), 10_000 * HOUR);
    assert.ok(dueFederal.getTime() > due.getTime());
  });
});

describe('addCalendarHours', () => {
  test('plain elapsed time, DST does not matter', () => {
    assert.equal(addCalendarHours(new Date('2026-03-08T09:00:00Z'), 24).toISOString(), '2026-03-09T09:00:00.000Z');
    assert.equal(addCalendarHours(new Date('2026-04-13T10:00:00Z'), 1.5).toISOString(), '2026-04-13T11:30:00.000Z');
    assert.equal(addCalendarHours(new Date('2026-04-13T10:00:00Z'), 0).toISOString(), '2026-04-13T10:00:00.000Z');
  });

  test('refuses bad input', () => {
    assert.throws(() => addCalendarHours(new Date('2026-04-13T10:00:00Z'), -1), { name: 'RangeError', message: /hours must be a finite number >= 0, got -1/ });
    assert.throws(() => addCalendarHours(new Date('2026-04-13T10:00:00Z'), Number.NaN), { name: 'RangeError', message: /got NaN/ });
    assert.throws(() => addCalendarHours(new Date('nope'), 1), { name: 'RangeError', message: /start must be a valid Date/ });
    assert.throws(() => addCalendarHours(new Date(8.64e15), 1e6), { name: 'RangeError', message: /not a representable date/ });
  });
});

describe('validation', () => {
  const withHours = (hours: OpeningHours[]): BusinessCalendar => ({ ...portland, hours });
  const start = la('2026-04-13T10:00');

  test('unknown time zone', () => {
    assert.throws(() => addBusinessHours({ ...portland, timeZone: 'Mars/Olympus_Mons' }, start, 1), {
      name: 'RangeError',
      message: /unknown time zone "Mars\/Olympus_Mons"/,
    });
    assert.throws(() => isOpen({ ...portland, timeZone: '' }, start), /unknown time zone/);
  });

  test("bad 'HH:MM'", () => {
    for (const [opens, closes, field] of [
      ['8:00', '17:00', 'opens'],
      ['08:00', '25:00', 'closes'],
      ['08:60', '17:00', 'opens'],
      ['24:00', '24:00', 'opens'],
      ['08:00', '24:01', 'closes'],
      ['08:00', '5pm', 'closes'],
    ] as const) {
      assert.throws(
        () => addBusinessHours(withHours([{ weekday: 1, opens, closes }]), start, 1),
        { name: 'RangeError', message: new RegExp(`hours\\[0\\]\\.${field} is .*expected 'HH:MM'`) },
        `${opens}-${closes}`,
      );
    }
  });

  test('closes <= opens', () => {
    assert.throws(() => businessTimeBetween(withHours([{ weekday: 3, opens: '17:00', closes: '08:00' }]), start, start), {
      name: 'RangeError',
      message: /hours\[0\] closes at 08:00, which is not after it opens at 17:00/,
    });
    assert.throws(() => isOpen(withHours([{ weekday: 3, opens: '09:00', closes: '09:00' }]), start), /not after it opens/);
  });

  test('weekday outside 1..7', () => {
    for (const weekday of [0, 8, 1.5, Number.NaN]) {
      assert.throws(
        () => addBusinessHours(withHours([{ weekday, opens: '08:00', closes: '17:00' }]), start, 1),
        { name: 'RangeError', message: /hours\[0\]\.weekday .*expected an ISO weekday 1 \(Monday\) … 7 \(Sunday\)/ },
        String(weekday),
      );
    }
  });

  test('overlapping spans', () => {
    assert.throws(
      () =>
        addBusinessHours(
          withHours([
            { weekday: 2, opens: '08:00', closes: '12:00' },
            { weekday: 2, opens: '11:00', closes: '17:00' },
          ]),
          start,
          1,
        ),
      { name: 'RangeError', message: /spans on weekday 2 overlap \(08:00–12:00 and 11:00–17:00\)/ },
    );
  });

  test('bad local holiday', () => {
    assert.throws(() => isOpen({ ...portland, localHolidays: [{ date: '2026-02-29', name: 'x' }] }, start), {
      name: 'RangeError',
      message: /localHolidays\[0\]\.date is "2026-02-29"/,
    });
  });

  test('a calendar with no opening hours', () => {
    const closed = withHours([]);
    assert.throws(() => addBusinessHours(closed, start, 1), {
      name: 'RangeError',
      message: /addBusinessHours: the business calendar has no opening hours at all/,
    });
    assert.throws(() => addBusinessHours(closed, start, 0), /no opening hours/);
    assert.throws(() => nextOpening(closed, start), /nextOpening: the business calendar has no opening hours/);
    assert.equal(isOpen(closed, start), false);
    assert.equal(businessTimeBetween(closed, start, la('2026-05-13T10:00')), 0);
  });

  test('negative, NaN and infinite hours', () => {
    for (const hours of [-1, -0.001, Number.NaN, Infinity]) {
      assert.throws(() => addBusinessHours(portland, start, hours), {
        name: 'RangeError',
        message: /addBusinessHours: hours must be a finite number >= 0/,
      });
    }
  });

  test('invalid or out-of-range dates, absurd amounts', () => {
    assert.throws(() => addBusinessHours(portland, new Date('x'), 1), { name: 'RangeError', message: /start must be a valid Date/ });
    assert.throws(() => businessTimeBetween(portland, start, new Date(Number.NaN)), /end must be a valid Date/);
    assert.throws(() => isOpen(portland, new Date('1960-01-01T00:00:00Z')), /outside the supported range/);
    assert.throws(() => addBusinessHours(portland, start, 1e9), { name: 'RangeError', message: /beyond the supported range/ });
  });

  test('not an object', () => {
    assert.throws(() => isOpen(null as unknown as BusinessCalendar, start), { name: 'RangeError', message: /expected an object/ });
  });
});
