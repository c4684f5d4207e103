import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { federalHolidays, isHoliday, type BusinessCalendar } from '../business-calendar.ts';

/** Portland: Mon–Fri 08:00–17:00 Pacific, federal holidays. */
const portland: BusinessCalendar = {
  timeZone: 'America/Los_Angeles',
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' })),
  localHolidays: [],
  observesFederalHolidays: true,
};

function dates(year: number): string[] {
  return federalHolidays(year).map((h) => h.date);
}

describe('federalHolidays', () => {
  test('2025 matches the OPM list', () => {
    assert.deepEqual(dates(2025), [
      '2025-01-01', // New Year's Day (Wed)
      '2025-01-20', // Martin Luther King Jr.
      '2025-02-17', // Washington's Birthday
      '2025-05-26', // Memorial Day
      '2025-06-19', // Juneteenth (Thu)
      '2025-07-04', // Independence Day (Fri)
      '2025-09-01', // Labor Day
      '2025-10-13', // Columbus Day
      '2025-11-11', // Veterans Day (Tue)
      '2025-11-27', // Thanksgiving Day
      '2025-12-25', // Christmas Day (Thu)
    ]);
  });

  test('2026 matches the OPM list', () => {
    assert.deepEqual(dates(2026), [
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // Independence Day (Jul 4 is a Saturday)
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  test('2027 matches the OPM list, including Dec 31 for New Year 2028', () => {
    assert.deepEqual(dates(2027), [
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18', // Juneteenth (Jun 19 is a Saturday)
      '2027-07-05', // Independence Day (Jul 4 is a Sunday)
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24', // Christmas Day (Dec 25 is a Saturday)
      '2027-12-31', // New Year's Day 2028 (Jan 1 2028 is a Saturday)
    ]);
  });

  test('names, and (observed) on shifted dates', () => {
    const h2026 = federalHolidays(2026);
    assert.deepEqual(h2026[0], { date: '2026-01-01', name: "New Year's Day" });
    assert.deepEqual(
      h2026.find((h) => h.date === '2026-07-03'),
      { date: '2026-07-03', name: 'Independence Day (observed)' },
    );
    assert.deepEqual(federalHolidays(2027).at(-1), {
      date: '2027-12-31',
      name: "New Year's Day (observed)",
    });
    const names = federalHolidays(2025).map((h) => h.name);
    assert.deepEqual(names, [
      "New Year's Day",
      'Birthday of Martin Luther King, Jr.',
      "Washington's Birthday",
      'Memorial Day',
      'Juneteenth National Independence Day',
      'Independence Day',
      'Labor Day',
      'Columbus Day',
      'Veterans Day',
      'Thanksgiving Day',
      'Christmas Day',
    ]);
  });

  test('Saturday → Friday before, Sunday → Monday after, across year ends', () => {
    // 2021: Jun 19 Sat → Jun 18, Jul 4 Sun → Jul 5, Dec 25 Sat → Dec 24, Jan 1 2022 Sat → Dec 31.
    const d2021 = dates(2021);
    for (const d of ['2021-06-18', '2021-07-05', '2021-12-24', '2021-12-31']) {
      assert.ok(d2021.includes(d), `2021 should include ${d}`);
    }
    for (const d of ['2021-06-19', '2021-07-04', '2021-12-25']) {
      assert.ok(!d2021.includes(d), `2021 should not include ${d}`);
    }
    assert.equal(d2021.length, 12);
    // 2022 must not include 2021-12-31 (it belongs to 2021's list) and has no January 1st entry.
    const d2022 = dates(2022);
    assert.ok(!d2022.includes('2021-12-31'));
    assert.ok(!d2022.some((d) => d.startsWith('2021')));
    assert.equal(d2022[0], '2022-01-17');
    assert.ok(d2022.includes('2022-12-26'), 'Christmas 2022 (Sunday) observed Monday Dec 26');
    assert.equal(d2022.length, 10);
    // 2023: Jan 1 is a Sunday → Monday Jan 2.
    assert.equal(dates(2023)[0], '2023-01-02');
    // 2028: Jan 1 is a Saturday → observed 2027-12-31, so 2028's list starts with MLK Day.
    assert.equal(dates(2028)[0], '2028-01-17');
  });

  test('Juneteenth only from 2021; lists are sorted; results are copies', () => {
    assert.ok(!dates(2020).some((d) => d.endsWith('-06-19') || d.endsWith('-06-18')));
    for (let y = 1990; y <= 2100; y++) {
      const ds = dates(y);
      assert.deepEqual([...ds].sort(), ds, `sorted ${y}`);
      assert.ok(ds.every((d) => d.startsWith(String(y))), `all in ${y}`);
    }
    const mine = federalHolidays(2026);
    mine[0]!.date = 'mutated';
    mine.pop();
    assert.equal(federalHolidays(2026)[0]!.date, '2026-01-01');
    assert.equal(federalHolidays(2026).length, 11);
  });

  test('refuses unsupported years', () => {
    assert.throws(() => federalHolidays(1970), { name: 'RangeError', message: /1970 is outside the supported range 1971–9999/ });
    assert.throws(() => federalHolidays(2026.5), RangeError);
    assert.throws(() => federalHolidays(Number.NaN), RangeError);
  });
});

describe('isHoliday', () => {
  test('federal and local holidays', () => {
    assert.equal(isHoliday(portland, '2026-11-26'), true);
    assert.equal(isHoliday(portland, '2026-11-27'), false);
    assert.equal(isHoliday(portland, '2027-12-31'), true);
    assert.equal(isHoliday(portland, '2026-07-03'), true);
    assert.equal(isHoliday(portland, '2026-07-04'), false, 'the Saturday itself is not the observed day');
    const noFederal = { ...portland, observesFederalHolidays: false };
    assert.equal(isHoliday(noFederal, '2026-11-26'), false);
    const local = { ...noFederal, localHolidays: [{ date: '2026-06-12', name: 'Rose Festival' }] };
    assert.equal(isHoliday(local, '2026-06-12'), true);
    assert.equal(isHoliday(local, '2026-06-11'), false);
  });

  test('refuses malformed dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '', 'tomorrow']) {
      assert.throws(() => isHoliday(portland, bad), { name: 'RangeError', message: /not a real date 'YYYY-MM-DD'/ }, bad);
    }
  });
});
