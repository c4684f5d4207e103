import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { startOfLocalDay } from './service.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const supervisor = await staffSession(app, t.deps, ['supervisor']);
const streets = await staffSession(app, t.deps, ['bureau_staff'], ['streets']);
const agent = await staffSession(app, t.deps, ['agent']);
const overview = async () => {
  const res = await app.inject({ url: '/api/v1/supervision/overview', headers: supervisor.session.headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};

describe('startOfLocalDay', () => {
  test('local midnight of the zone, as an instant', () => {
    // 2026-03-02 17:00 UTC is 09:00 in Portland (UTC-8): the day began at 08:00 UTC.
    assert.equal(startOfLocalDay(new Date('2026-03-02T17:00:00Z'), 'America/Los_Angeles').toISOString(), '2026-03-02T08:00:00.000Z');
    // 03:00 UTC on the 3rd is still the 2nd in Portland.
    assert.equal(startOfLocalDay(new Date('2026-03-03T03:00:00Z'), 'America/Los_Angeles').toISOString(), '2026-03-02T08:00:00.000Z');
    assert.equal(startOfLocalDay(new Date('2026-07-01T12:34:56.789Z'), 'UTC').toISOString(), '2026-07-01T00:00:00.000Z');
  });
});

describe('GET /api/v1/supervision/overview', () => {
  test('supervisors only', async () => {
    for (const who of [streets, agent]) assert.equal((await app.inject({ url: '/api/v1/supervision/overview', headers: who.session.headers })).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/supervision/overview' })).statusCode, 401);
  });

  test('queues, today’s resolutions, overdue and escalated lists, and staff activity move with the work', async () => {
    const before = await overview();
    const streetsBefore = before.departments.find((d: { department: string }) => d.department === 'streets') ?? { open: 0, newToday: 0, resolvedToday: 0 };
    const r = (await createPothole(t.deps, { description: 'Supervised pothole' })).request;
    // Reported five hours ago (before today began in Portland): its four calendar hours are up.
    t.clock.advance(-5 * 3_600_000);
    const urgent = (await createPothole(t.deps, { serviceCode: 'SEWER_BACKUP', attributes: {}, description: 'Urgent sewer' })).request;
    t.clock.advance(5 * 3_600_000);
    assert.equal(urgent.priority, 'urgent');
    const mid = await overview();
    const streetsMid = mid.departments.find((d: { department: string }) => d.department === 'streets');
    assert.equal(streetsMid.open, streetsBefore.open + 1);
    assert.equal(streetsMid.newToday, streetsBefore.newToday + 1);
    assert.ok(mid.escalated.some((e: { id: number }) => e.id === urgent.id));

    const res = await app.inject({ method: 'POST', url: `/api/v1/requests/${r.id}/transition`, headers: streets.session.headers, payload: { to: 'resolved', expectedVersion: r.version, publicNote: 'Filled' } });
    assert.equal(res.statusCode, 200, res.body);
    const afterResolve = await overview();
    const streetsAfter = afterResolve.departments.find((d: { department: string }) => d.department === 'streets');
    assert.equal(streetsAfter.resolvedToday, streetsBefore.resolvedToday + 1);
    assert.equal(streetsAfter.open, streetsBefore.open);
    const me = afterResolve.agents.find((a: { userId: number }) => a.userId === streets.user.id);
    assert.equal(me.transitionsToday, 1);
    assert.equal(new Date(me.lastActivityAt).toISOString(), t.clock.now().toISOString());

    assert.ok(afterResolve.overdue.some((e: { id: number }) => e.id === urgent.id));
    assert.ok(afterResolve.departments.find((d: { department: string }) => d.department === 'parks').overdue >= 1);
  });

  test('contacts by channel and first-contact resolution today, computed from the raw contact rows', async () => {
    const o = await overview();
    assert.equal(o.contacts.available, true);
    const now = t.clock.now();
    const yesterday = new Date(now.getTime() - 86_400_000);
    const rows: Array<[string, Date, string | null, boolean | null]> = [
      ['phone', now, 'answered', true],
      ['phone', now, 'request_created', false],
      ['phone', now, 'abandoned', false],
      ['chat', now, 'answered', true],
      ['email', now, null, null],
      ['phone', yesterday, 'answered', true],
    ];
    for (const [channel, at, outcome, fcr] of rows) {
      await sql`INSERT INTO contacts (jurisdiction_id, channel, started_at, agent_id, outcome, resolved_first_contact, created_at, updated_at)
                VALUES ('testville', ${channel}, ${at}, ${agent.user.id}, ${outcome}, ${fcr}, ${at}, ${at})`.execute(t.deps.db);
    }
    // An outbound callback: a contact of the day, but not one that counts for first-contact resolution.
    await sql`INSERT INTO contacts (jurisdiction_id, channel, direction, started_at, agent_id, outcome, resolved_first_contact, created_at, updated_at)
              VALUES ('testville', 'phone', 'outbound', ${now}, ${agent.user.id}, 'answered', true, ${now}, ${now})`.execute(t.deps.db);
    const c = (await overview()).contacts;
    assert.equal(c.total, 6);
    assert.deepEqual(c.byChannel, [{ channel: 'chat', count: 1 }, { channel: 'email', count: 1 }, { channel: 'phone', count: 4 }]);
    // Closed today, inbound, not abandoned: three; resolved at first contact: two.
    assert.deepEqual(c.firstContactResolution, { resolved: 2, closed: 3, rate: 2 / 3 });
    const agentRow = (await overview()).agents.find((a: { userId: number }) => a.userId === agent.user.id);
    assert.equal(agentRow.contactsToday, 6);
  });
});
