import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemoStaff } from '../../../modules/identity/index.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { seedDemoCity } from '../index.ts';
import { seedDemoActivity } from './activity.ts';

const t = await openTestDatabase();

test('the demo activity: real sample requests through intake and the status machine, a contact log, no personal data', async () => {
  t.clock.set('2026-11-20T20:00:00Z');
  await seedDemoCity(t.deps);
  await seedDemoStaff(t.deps);
  const summary = await seedDemoActivity(t.deps, { requests: 60, contacts: 50, days: 30 });
  assert.ok(summary.requests >= 55, `requests made: ${summary.requests}`);
  assert.ok(summary.resolved > 0 && summary.resolved < summary.requests, `some resolved, some open: ${summary.resolved}`);
  assert.ok(summary.contacts > 40 && summary.contacts <= 50, `contacts logged: ${summary.contacts} (moments later today than now are skipped)`);

  const rows = await t.deps.db.selectFrom('service_requests').select(['status', 'created_at', 'requester_email', 'requester_phone', 'requester_name', 'due_at']).execute();
  assert.equal(rows.length, summary.requests);
  const now = t.clock.now().getTime();
  for (const r of rows) {
    assert.ok(new Date(r.created_at).getTime() < now && new Date(r.created_at).getTime() > now - 31 * 86_400_000, 'created within the window, never in the future');
    assert.equal(r.requester_email ?? null, null);
    assert.equal(r.requester_phone ?? null, null);
    assert.equal(r.requester_name ?? null, null);
  }
  assert.equal(rows.filter((r) => r.status === 'resolved').length, summary.resolved);
  assert.ok(rows.some((r) => r.status === 'new') || rows.some((r) => r.status === 'acknowledged'), 'an open queue');

  const timeline = await t.deps.db.selectFrom('request_events').select(['kind', 'at']).execute();
  assert.ok(timeline.length > summary.requests, 'created and moved on: more events than requests');
  assert.ok(timeline.every((e) => new Date(e.at).getTime() <= now), 'no timeline event after now');

  const contacts = await t.deps.db.selectFrom('contacts').select(['channel', 'outcome', 'started_at', 'ended_at', 'agent_id']).execute();
  assert.equal(contacts.length, summary.contacts);
  assert.ok(contacts.every((c) => c.outcome !== null && c.ended_at !== null), 'every demo contact is closed');
  assert.ok(contacts.filter((c) => c.outcome === 'abandoned').every((c) => c.agent_id === null), 'abandoned calls have no agent');

  // The same seed gives the same city.
  const again = await openTestDatabase();
  again.clock.set('2026-11-20T20:00:00Z');
  await seedDemoCity(again.deps);
  await seedDemoStaff(again.deps);
  assert.deepEqual(await seedDemoActivity(again.deps, { requests: 60, contacts: 50, days: 30 }), summary);
});
