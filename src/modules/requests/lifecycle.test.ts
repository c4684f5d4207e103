import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.ts';
import { invalidateCatalogCache } from '../catalog/service.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';
import {
  addNote,
  addSupport,
  getServiceRequest,
  getSupportersAndFollowers,
  getTimeline,
  markOverdueRequests,
  mergeServiceRequests,
  transitionServiceRequest,
} from './index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const HOUR = 3_600_000;
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('status changes', () => {
  test('a request is worked to resolved and closed; each step is in the timeline with its notes', async () => {
    const { request } = await createPothole(t.deps);
    t.clock.advance(HOUR);
    const ack = await transitionServiceRequest(t.deps, { request: request.id, to: 'acknowledged', expectedVersion: 1, actor: 'staff:kim' });
    assert.equal(ack.version, 2);
    assert.equal(ack.firstResponseAt?.getTime(), request.createdAt.getTime() + HOUR);
    const working = await transitionServiceRequest(t.deps, { request: request.trackingNumber, to: 'in_progress', expectedVersion: 2, actor: 'staff:kim', internalNote: 'Crew 7 assigned' });
    t.clock.advance(HOUR);
    const resolved = await transitionServiceRequest(t.deps, { request: request.id, to: 'resolved', expectedVersion: working.version, actor: 'staff:kim', publicNote: 'Filled the <b>pothole</b>' });
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolvedAt?.getTime(), request.createdAt.getTime() + 2 * HOUR);
    assert.equal(resolved.closedAt?.getTime(), resolved.resolvedAt?.getTime());
    const closed = await transitionServiceRequest(t.deps, { request: request.id, to: 'closed', expectedVersion: resolved.version, actor: 'system' });
    assert.equal(closed.closedAt?.getTime(), resolved.closedAt?.getTime(), 'closing a resolved request keeps the time it left the open statuses');
    const timeline = await getTimeline(t.deps, request.id);
    assert.deepEqual(
      timeline.filter((e) => e.kind === 'status_changed').map((e) => `${e.from_status}->${e.to_status}`),
      ['new->acknowledged', 'acknowledged->in_progress', 'in_progress->resolved', 'resolved->closed'],
    );
    assert.equal(timeline.find((e) => e.to_status === 'in_progress')?.internal_note, 'Crew 7 assigned');
    assert.equal(timeline.find((e) => e.to_status === 'resolved')?.public_note, 'Filled the pothole');
  });

  test('reopening clears the resolution and starts a new SLA clock', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    const resolved = await transitionServiceRequest(t.deps, { request: request.id, to: 'resolved', expectedVersion: 1, actor: 'staff:kim' });
    t.clock.advance(24 * HOUR);
    invalidateCatalogCache(t.deps.db); // the catalog is read afresh: no read may wait on the open transaction
    const reopened = await transitionServiceRequest(t.deps, { request: request.id, to: 'reopened', expectedVersion: resolved.version, actor: 'staff:kim', publicNote: 'Still there' });
    assert.equal(reopened.status, 'reopened');
    assert.equal(reopened.resolvedAt, null);
    assert.equal(reopened.closedAt, null);
    assert.ok(reopened.dueAt! > request.dueAt!);
    t.clock.set('2026-03-02T17:00:00Z');
  });

  test('illegal transitions are refused and change nothing', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    await assert.rejects(transitionServiceRequest(t.deps, { request: request.id, to: 'closed', expectedVersion: 1, actor: 'x' }), isCode('illegal_transition'));
    await assert.rejects(transitionServiceRequest(t.deps, { request: request.id, to: 'duplicate', expectedVersion: 1, actor: 'x' }), isCode('use_merge'));
    await assert.rejects(transitionServiceRequest(t.deps, { request: request.id, to: 'referred', expectedVersion: 1, actor: 'x' }), /referredTo/);
    await assert.rejects(transitionServiceRequest(t.deps, { request: request.id, to: 'referred', expectedVersion: 1, actor: 'x', referredTo: 'nobody' }), /no department or agency/);
    const after = await getServiceRequest(t.deps, request.id);
    assert.equal(after.version, 1);
    assert.equal(after.status, 'new');
    assert.equal((await getTimeline(t.deps, request.id)).length, 2);
  });

  test('referral to an outside agency records the agency', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    const referred = await transitionServiceRequest(t.deps, { request: request.id, to: 'referred', expectedVersion: 1, actor: 'staff:kim', referredTo: 'state-dot', publicNote: 'This is a state highway' });
    assert.equal(referred.referredTo, 'state-dot');
    assert.equal(referred.status, 'referred');
  });

  test('a stale version is refused: two people cannot silently overwrite each other', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    await transitionServiceRequest(t.deps, { request: request.id, to: 'acknowledged', expectedVersion: 1, actor: 'a' });
    await assert.rejects(
      transitionServiceRequest(t.deps, { request: request.id, to: 'cancelled', expectedVersion: 1, actor: 'b' }),
      (e: unknown) => e instanceof AppError && e.code === 'stale_version' && e.status === 409 && e.details.currentVersion === 2,
    );
  });

  test('concurrent edits with the same version: exactly one wins', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    const results = await Promise.allSettled(
      (['acknowledged', 'in_progress', 'on_hold', 'cancelled'] as const).map((to) => transitionServiceRequest(t.deps, { request: request.id, to, expectedVersion: 1, actor: to })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(isCode('stale_version')(r.reason), String(r.reason));
    assert.equal((await getServiceRequest(t.deps, request.id)).version, 2);
  });

  test('notes: public notes count as first response; empty notes are refused', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    const internal = await addNote(t.deps, { request: request.id, actor: 'staff:kim', internalNote: 'Called the crew' });
    assert.equal(internal.firstResponseAt, null);
    const pub = await addNote(t.deps, { request: request.id, actor: 'staff:kim', publicNote: 'We are on it' });
    assert.ok(pub.firstResponseAt);
    assert.equal(pub.version, 3);
    await assert.rejects(addNote(t.deps, { request: request.id, actor: 'staff:kim', publicNote: '  <b></b> ' }), /needs text/);
  });

  test('an unknown request is a 404 naming it', async () => {
    await assert.rejects(getServiceRequest(t.deps, 'TV-2026-999999'), (e: unknown) => e instanceof AppError && e.status === 404 && /TV-2026-999999/.test(e.message));
  });
});

describe('timeline is immutable', () => {
  test('updates, deletes and truncation of timeline entries are refused by the database', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    await assert.rejects(t.deps.db.updateTable('request_events').set({ actor: 'forger' }).where('request_id', '=', request.id).execute(), /append-only/);
    await assert.rejects(t.deps.db.deleteFrom('request_events').where('request_id', '=', request.id).execute(), /append-only/);
    await assert.rejects(sql`TRUNCATE request_events CASCADE`.execute(t.deps.db), /append-only/);
    assert.equal((await getTimeline(t.deps, request.id)).length, 2);
  });
});

describe('all or nothing', () => {
  test('a failure mid-way through a create leaves no request, no timeline entry and no used tracking number', async () => {
    const count = async (table: 'service_requests' | 'request_events') =>
      Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = { requests: await count('service_requests'), events: await count('request_events') };
    const last = await createPothole(t.deps, { location: undefined });
    // A real failure inside the transaction: the database refuses the second timeline entry.
    await sql`CREATE FUNCTION test_fail_routed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.data->>'department_id' = 'streets' AND NEW.kind = 'routed' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`.execute(t.deps.db);
    await sql`CREATE TRIGGER test_fail_routed BEFORE INSERT ON request_events FOR EACH ROW EXECUTE FUNCTION test_fail_routed()`.execute(t.deps.db);
    try {
      await assert.rejects(createPothole(t.deps, { description: 'this one must vanish', location: undefined }), /disk full/);
    } finally {
      await sql`DROP TRIGGER test_fail_routed ON request_events`.execute(t.deps.db);
    }
    assert.equal(await count('service_requests'), before.requests + 1);
    assert.equal(await count('request_events'), before.events + 2);
    const next = await createPothole(t.deps, { location: undefined });
    const seq = (s: string) => Number(s.split('-')[2]);
    assert.equal(seq(next.request.trackingNumber), seq(last.request.trackingNumber) + 1, 'the failed create used no tracking number');
    const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM request_events e LEFT JOIN service_requests r ON r.id = e.request_id WHERE r.id IS NULL`.execute(t.deps.db);
    assert.equal(orphans.rows[0]?.n, 0);
  });
});

describe('support and merge', () => {
  test('"add my support" counts supporters, refuses the same e-mail twice and closed requests', async () => {
    const { request } = await createPothole(t.deps, { location: undefined });
    const once = await addSupport(t.deps, { request: request.trackingNumber, channel: 'web', supporter: { email: 'Bo@Example.org' }, comment: 'Me too!' });
    assert.equal(once.supportCount, 1);
    assert.equal(once.version, 1, 'support does not bump the version');
    await addSupport(t.deps, { request: request.id, channel: 'phone' });
    await assert.rejects(addSupport(t.deps, { request: request.id, channel: 'web', supporter: { email: 'bo@example.org' } }), isCode('already_supported'));
    assert.equal((await getServiceRequest(t.deps, request.id)).supportCount, 2);
    await transitionServiceRequest(t.deps, { request: request.id, to: 'cancelled', expectedVersion: 1, actor: 'x' });
    await assert.rejects(addSupport(t.deps, { request: request.id, channel: 'web' }), isCode('request_closed'));
  });

  test('merge: the child becomes a duplicate; supporters, followers and requester move to the parent; both timelines say so', async () => {
    const parent = (await createPothole(t.deps, { location: undefined, requester: { email: 'first@example.org' } })).request;
    const child = (await createPothole(t.deps, { location: undefined, requester: { name: 'Cy', email: 'cy@example.org' } })).request;
    const grandchild = (await createPothole(t.deps, { location: undefined, requester: undefined })).request;
    await addSupport(t.deps, { request: child.id, channel: 'web', supporter: { email: 'dee@example.org' } });
    await mergeServiceRequests(t.deps, { child: grandchild.id, parent: child.id, actor: 'staff:kim' });
    const { child: merged, parent: after } = await mergeServiceRequests(t.deps, { child: child.trackingNumber, parent: parent.trackingNumber, actor: 'staff:kim' });
    assert.equal(merged.status, 'duplicate');
    assert.equal(merged.parentId, parent.id);
    assert.equal(merged.parentTrackingNumber, parent.trackingNumber);
    assert.equal((await getServiceRequest(t.deps, grandchild.id)).parentId, parent.id, 'no chains of duplicates');
    // Supporters: the grandchild's (anonymous) reporter, dee, and the child's reporter cy.
    assert.equal(after.supportCount, 3);
    const people = await getSupportersAndFollowers(t.deps, parent.id);
    assert.deepEqual(people.supporters.map((s) => s.email).sort(), ['cy@example.org', 'dee@example.org', null].sort());
    assert.deepEqual(people.followers.map((f) => f.email), ['cy@example.org']);
    assert.equal((await getSupportersAndFollowers(t.deps, child.id)).supporters.length, 0);
    const childEvents = await getTimeline(t.deps, child.id);
    assert.match(String(childEvents.at(-1)?.public_note), new RegExp(parent.trackingNumber));
    const parentEvents = await getTimeline(t.deps, parent.id);
    assert.equal(parentEvents.at(-1)?.kind, 'merged');
    assert.equal(parentEvents.at(-1)?.data.child_tracking_number, child.trackingNumber);
  });

  test('merge refuses itself, a duplicate parent, a closed parent', async () => {
    const a = (await createPothole(t.deps, { location: undefined })).request;
    const b = (await createPothole(t.deps, { location: undefined })).request;
    const c = (await createPothole(t.deps, { location: undefined })).request;
    await assert.rejects(mergeServiceRequests(t.deps, { child: a.id, parent: a.id, actor: 'x' }), isCode('merge_into_itself'));
    await mergeServiceRequests(t.deps, { child: b.id, parent: a.id, actor: 'x' });
    await assert.rejects(mergeServiceRequests(t.deps, { child: c.id, parent: b.id, actor: 'x' }), isCode('parent_is_duplicate'));
    await transitionServiceRequest(t.deps, { request: a.id, to: 'resolved', expectedVersion: (await getServiceRequest(t.deps, a.id)).version, actor: 'x' });
    await assert.rejects(mergeServiceRequests(t.deps, { child: c.id, parent: a.id, actor: 'x' }), isCode('parent_closed'));
  });
});

describe('SLA clock', () => {
  test('on hold stops the clock: the due time moves back by the business time spent on hold, and no breach is marked meanwhile', async () => {
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 PST
    const { request } = await createPothole(t.deps, { location: undefined });
    assert.equal(request.dueAt?.toISOString(), '2026-03-06T21:00:00.000Z'); // Friday 13:00 PST
    t.clock.set('2026-03-02T18:00:00Z'); // Monday 10:00
    const held = await transitionServiceRequest(t.deps, { request: request.id, to: 'on_hold', expectedVersion: 1, actor: 'staff:kim', publicNote: 'Waiting for a photo' });
    assert.equal(held.holdStartedAt?.toISOString(), '2026-03-02T18:00:00.000Z');
    t.clock.set('2026-03-07T12:00:00Z'); // past the original due time, still on hold
    await markOverdueRequests(t.deps);
    assert.equal((await getServiceRequest(t.deps, request.id)).breachedAt, null, 'no breach while on hold');
    t.clock.set('2026-03-09T17:00:00Z'); // Monday 10:00 PDT: on hold for a full business week, 45 business hours
    const resumed = await transitionServiceRequest(t.deps, { request: request.id, to: 'in_progress', expectedVersion: held.version, actor: 'staff:kim' });
    assert.equal(resumed.holdStartedAt, null);
    // Friday 13:00 + 45 business hours: Fri 4 h, Mon–Thu 36 h (40), Fri 13 Mar is Testville's Founders Day, Mon 16 Mar 08:00 + 5 h = 13:00 PDT.
    assert.equal(resumed.dueAt?.toISOString(), '2026-03-16T20:00:00.000Z');
    const event = (await getTimeline(t.deps, request.id)).at(-1);
    assert.equal(event?.data.sla_paused_ms, 45 * HOUR);
    t.clock.set('2026-03-02T17:00:00Z');
  });

  test('the sweep marks open requests past due once, with a timeline entry, and skips closed ones', async () => {
    t.clock.set('2026-04-06T16:00:00Z'); // Monday 09:00 PDT
    const late = (await createPothole(t.deps, { location: undefined })).request;
    const done = (await createPothole(t.deps, { location: undefined })).request;
    await transitionServiceRequest(t.deps, { request: done.id, to: 'resolved', expectedVersion: 1, actor: 'x' });
    t.clock.set(new Date(late.dueAt!.getTime() - 1000));
    await markOverdueRequests(t.deps);
    assert.equal((await getServiceRequest(t.deps, late.id)).breachedAt, null);
    t.clock.set(new Date(late.dueAt!.getTime() + 1000));
    assert.ok((await markOverdueRequests(t.deps)) >= 1);
    assert.equal((await markOverdueRequests(t.deps)), 0, 'a breach is recorded once');
    const after = await getServiceRequest(t.deps, late.id);
    assert.equal(after.breachedAt?.getTime(), late.dueAt!.getTime() + 1000);
    assert.equal(after.version, 1, 'the sweep does not make staff edits stale');
    assert.equal((await getTimeline(t.deps, late.id)).at(-1)?.kind, 'sla_breached');
    assert.equal((await getServiceRequest(t.deps, done.id)).breachedAt, null);
    t.clock.set('2026-03-02T17:00:00Z');
  });
});

describe('the SLA sweep runs through the job queue', () => {
  test('a worker with the request jobs marks breaches on its schedule', async () => {
    const { Worker } = await import('../../jobs/queue.ts');
    const { requestJobHandlers, requestSchedules } = await import('./index.ts');
    t.clock.set('2026-05-04T16:00:00Z');
    const { request } = await createPothole(t.deps, { location: undefined });
    t.clock.set(new Date(request.dueAt!.getTime() + 60_000));
    const worker = new Worker(t.deps, { handlers: requestJobHandlers, schedules: requestSchedules });
    await worker.tick();
    assert.equal(await worker.runOnce(), requestSchedules.length, 'each scheduled request job ran once');
    assert.ok((await getServiceRequest(t.deps, request.id)).breachedAt);
    t.clock.set('2026-03-02T17:00:00Z');
  });
});
