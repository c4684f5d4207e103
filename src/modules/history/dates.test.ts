import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zoneOffsets } from '../../lib/calendar/zone-offsets.ts';
import { DateReader, compileDateFormat, isoString } from './dates.ts';

const ny = zoneOffsets('America/New_York');
if (!ny) throw new Error('no zone data');
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

test('ISO 8601 forms, with and without offsets, in the given zone', () => {
  const r = new DateReader([], ny);
  assert.equal(iso(r.parse('2024-01-15T08:30:00')), '2024-01-15T13:30:00.000Z', 'EST');
  assert.equal(iso(r.parse('2024-07-15 08:30')), '2024-07-15T12:30:00.000Z', 'EDT');
  assert.equal(iso(r.parse('2024-07-15T08:30:00.25-07:00')), '2024-07-15T15:30:00.250Z');
  assert.equal(iso(r.parse('2024-07-15T08:30:00Z')), '2024-07-15T08:30:00.000Z');
  assert.equal(iso(r.parse('2024-07-15')), '2024-07-15T04:00:00.000Z');
});

test('a mapping format: 12-hour times, literal text, two-digit years', () => {
  const r = new DateReader(['MM/dd/yyyy hh:mm:ss a', "d.M.yy 'um' H:mm"], ny);
  assert.equal(iso(r.parse('03/10/2024 12:05:00 AM')), '2024-03-10T05:05:00.000Z', 'midnight hour, before the DST change');
  assert.equal(iso(r.parse('03/10/2024 03:05:00 PM')), '2024-03-10T19:05:00.000Z', 'afternoon, after it');
  assert.equal(iso(r.parse('5.1.24 um 9:07')), '2024-01-05T14:07:00.000Z');
});

test('what is not a date is null', () => {
  const r = new DateReader(['MM/dd/yyyy hh:mm:ss a'], ny);
  for (const bad of ['', 'yesterday', '2024-02-30', '2024-13-01', '2024-01-01T24:00', '13/01/2024 01:00:00 PM', '01/01/2024 13:00:00 PM', '1900-01-01']) {
    assert.equal(r.parse(bad), null, bad);
  }
});

test('bad formats are refused with the reason', () => {
  assert.throws(() => compileDateFormat('yyyy-MM'), /needs a year \(yyyy\), a month \(MM\) and a day \(dd\)/);
  assert.throws(() => compileDateFormat('yyyy-MM-dd hh:mm'), /12-hour times \(hh\) need an AM\/PM marker/);
  assert.throws(() => compileDateFormat('yyyy-MM-ddTHH'), /unknown token "T"/);
  assert.throws(() => compileDateFormat("yyyy-MM-dd 'T"), /unclosed quote/);
});

test('isoString is toISOString', () => {
  const instants = [0, -1, 1.5, -1.5, 86_399_999, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1000, 0, 1), Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-5, 0, 1)];
  for (let i = 0; i < 20_000; i++) instants.push(Math.round((Math.random() - 0.3) * 4e12) + Math.random());
  for (const t of instants) assert.equal(isoString(t), new Date(t).toISOString(), String(t));
});
