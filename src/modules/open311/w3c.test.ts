import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../../test/database.ts';
import { w3c } from './service.ts';

await openTestDatabase(); // the project's rule for test files; no rows needed

test('W3C date-times with the zone offset, across DST changes and odd offsets, equal to luxon', () => {
  const zones = ['America/Los_Angeles', 'America/Denver', 'UTC', 'Asia/Kolkata', 'Australia/Adelaide', 'Asia/Kathmandu', 'America/St_Johns', 'Europe/Berlin'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (const zone of zones) {
    for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 86_400_000 / 3 + 61_013) {
      const expected = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!.replace(/\+00:00$/, 'Z');
      assert.equal(w3c(new Date(ms), zone), expected, `${zone} ${new Date(ms).toISOString()}`);
    }
  }
  assert.equal(w3c(new Date('2026-03-08T09:59:59Z'), 'America/Los_Angeles'), '2026-03-08T01:59:59-08:00');
  assert.equal(w3c(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles'), '2026-03-08T03:00:00-07:00');
  assert.equal(w3c(new Date('2026-03-02T17:00:00.750Z'), 'America/Los_Angeles'), '2026-03-02T09:00:00-08:00');
  assert.equal(w3c(null, 'UTC'), '');
});
