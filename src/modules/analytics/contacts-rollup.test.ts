import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { contactsTile, languagesTile, resolveScope, summaryTile } from './metrics.ts';
import { rebuildRollups, refreshRollups } from './rollup.ts';

/**
 * The contact metrics computed again from the raw contact log (plain JS over `contacts`) and
 * compared with the rollups: after inserts, an outcome changed later, a backdated import, contacts
 * moved to another district, language or hour, and deleted ones.
 */

const t = await openTestDatabase();
await seedTestville(t.deps);
const { deps } = t;

const CHANNELS = ['phone', 'phone', 'phone', 'email', 'walk_in', 'chat'];
const OUTCOMES = ['answered', 'request_created', 'abandoned', 'referred', 'callback', null];
/** Forty-eight contacts over two days: waits from 0 to 94 s, every outcome, three languages. */
async function insertContacts(start: string, n: number, offset = 0): Promise<void> {
  for (let i = offset; i < offset + n; i++) {
    const outcome = OUTCOMES[i % OUTCOMES.length] ?? null;
    await sql`INSERT INTO contacts (jurisdiction_id, channel, direction, started_at, wait_seconds, handle_seconds, language, interpreter_used, outcome,
        resolved_first_contact, referred_agency_id, district_id, created_at, updated_at)
      VALUES ('testville', ${CHANNELS[i % CHANNELS.length]}, ${i % 7 === 0 ? 'outbound' : 'inbound'}, ${new Date(Date.parse(start) + i * 53 * 60_000).toISOString()}::timestamptz,
        ${i % 5 === 0 ? null : (i * 7) % 95}, ${outcome === 'abandoned' ? null : 60 + i * 11}, ${['en', 'es', 'vi', null][i % 4]}, ${i % 9 === 0}, ${outcome},
        ${outcome === null ? null : i % 3 !== 0}, ${outcome === 'referred' ? 'state-dot' : null}, ${i % 2 ? 'east' : 'west'}, now(), now())`.execute(deps.db);
  }
}

interface RawContact {
  channel: string;
  direction: string;
  started_at: Date;
  wait_seconds: number | null;
  handle_seconds: number | null;
  language: string | null;
  outcome: string | null;
  resolved_first_contact: boolean | null;
  interpreter_used: boolean;
}

async function expected(from: Date, to: Date, keep: (c: RawContact) => boolean = () => true) {
  const rows = (await sql<RawContact>`SELECT channel, direction, started_at, wait_seconds, handle_seconds, language, outcome, resolved_first_contact, interpreter_used FROM contacts`.execute(deps.db)).rows.filter(
    (c) => c.started_at >= from && c.started_at < to && keep(c),
  );
  const answered = (c: RawContact) => c.outcome !== null && c.outcome !== 'abandoned';
  const calls = rows.filter((c) => c.channel === 'phone' && c.direction === 'inbound' && (answered(c) || c.outcome === 'abandoned'));
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  const waits = rows.filter((c) => c.wait_seconds !== null);
  const handles = rows.filter((c) => c.handle_seconds !== null);
  const fcr = rows.filter((c) => c.resolved_first_contact !== null);
  return {
    contacts: rows.length,
    answered: rows.filter(answered).length,
    abandoned: rows.filter((c) => c.outcome === 'abandoned').length,
    answered_within_25s_rate: rate(calls.filter((c) => answered(c) && c.wait_seconds !== null && c.wait_seconds <= 25).length, calls.length),
    first_contact_resolution: rate(fcr.filter((c) => c.resolved_first_contact).length, fcr.length),
    average_wait: waits.length ? Math.round(waits.reduce((s, c) => s + (c.wait_seconds ?? 0), 0) / waits.length) : null,
    average_handle: handles.length ? Math.round(handles.reduce((s, c) => s + (c.handle_seconds ?? 0), 0) / handles.length) : null,
    interpreter_used: rows.filter((c) => c.interpreter_used).length,
  };
}

async function compare(fromDay: string, toDay: string, label: string): Promise<void> {
  const scope = await resolveScope(deps, { from: fromDay, to: toDay });
  const summary = await summaryTile(deps, scope);
  const e = await expected(scope.from, scope.to);
  for (const [k, v] of Object.entries(e)) assert.deepEqual(summary.rows.find((r) => r.metric === k)?.value, v, `${label}: ${k}`);
  const byChannel = await contactsTile(deps, scope, 'channel');
  for (const row of byChannel.rows) {
    const ec = await expected(scope.from, scope.to, (c) => c.channel === row.key);
    assert.equal(row.contacts, ec.contacts, `${label}: contacts by ${row.key}`);
    assert.equal(row.first_contact_resolution, ec.first_contact_resolution, `${label}: FCR of ${row.key}`);
  }
  const languages = await languagesTile(deps, scope, 'day');
  const total = languages.rows.reduce((n, r) => n + Object.entries(r).reduce((m, [k, v]) => m + (k.startsWith('lang_') ? Number(v) : 0), 0), 0);
  assert.equal(total, e.contacts, `${label}: contacts by language add up`);
}

test('contact figures from the rollup equal those computed from the raw contact log', async () => {
  await insertContacts('2026-03-02T15:00:00Z', 48);
  await refreshRollups(deps);
  const e = await expected(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
  assert.ok(e.answered_within_25s_rate !== null && e.answered_within_25s_rate > 0 && e.answered_within_25s_rate < 1, 'some calls answered in time, some not');
  assert.ok(e.first_contact_resolution !== null && e.abandoned > 0);
  await compare('2026-03-01', '2026-03-09', 'all');
  await compare('2026-03-03', '2026-03-03', 'one day');
});

test('an outcome changed later and a backdated import are counted where they belong', async () => {
  await sql`UPDATE contacts SET outcome = 'answered', wait_seconds = 3, resolved_first_contact = true WHERE outcome = 'abandoned' AND id IN (SELECT id FROM contacts ORDER BY id LIMIT 20)`.execute(deps.db);
  await insertContacts('2025-11-03T16:00:00Z', 30, 100);
  // Moved to another district and language, a start time corrected into another hour, some deleted.
  await sql`UPDATE contacts SET district_id = 'east', language = 'ru' WHERE id IN (SELECT id FROM contacts ORDER BY id LIMIT 5)`.execute(deps.db);
  await sql`UPDATE contacts SET started_at = started_at + interval '3 hours' WHERE id IN (SELECT id FROM contacts ORDER BY id DESC LIMIT 4)`.execute(deps.db);
  await sql`DELETE FROM contacts WHERE id IN (SELECT id FROM contacts ORDER BY id LIMIT 3 OFFSET 10)`.execute(deps.db);
  const r = await refreshRollups(deps);
  assert.ok(r && r.contactHours > 0 && r.recomputedHours === 0, 'contact changes are added as deltas');
  await compare('2026-03-01', '2026-03-09', 'after the change');
  await compare('2025-11-01', '2026-03-09', 'with the import');
  const snapshot = async () => (await sql`SELECT * FROM analytics_contact_hourly ORDER BY hour, channel, direction, language, district_id`.execute(deps.db)).rows;
  const incremental = await snapshot();
  assert.equal((await rebuildRollups(deps)).contactLog, true);
  assert.deepEqual(await snapshot(), incremental);
});
