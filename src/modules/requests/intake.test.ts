import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { openTestDatabase, type TestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, potholeInput, seedTestville } from '../../test/factories.ts';
import { IDEMPOTENCY_KEY_TTL_MS, createServiceRequest, findDuplicateCandidates, getServiceRequest, getTimeline, pruneIdempotencyKeys } from './index.ts';

const t: TestDatabase = await openTestDatabase();
await seedTestville(t.deps);

/** Asserts the promise fails with a ValidationError naming `field` (and `code` when given). */
async function rejectsField(promise: Promise<unknown>, field: string, code?: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected ValidationError, got ${String(e)}`);
    const p = e.problems.find((x) => x.field === field);
    assert.ok(p, `expected a problem on ${field}, got ${JSON.stringify(e.problems)}`);
    if (code) assert.equal(p.code, code);
    return true;
  });
}

describe('creating a service request', () => {
  test('stores the request with tracking number, routing, SLA due time and timeline', async () => {
    const { request, replayed } = await createPothole(t.deps);
    assert.equal(replayed, false);
    assert.match(request.trackingNumber, /^TV-2026-\d{6}$/);
    assert.equal(request.status, 'new');
    assert.equal(request.version, 1);
    assert.equal(request.departmentId, 'streets'); // West district: no rule applies
    assert.equal(request.districtId, 'west');
    assert.deepEqual(request.attributes, { SIZE: 'large' });
    assert.deepEqual(request.requester, { name: 'Ana Resident', email: 'ana@example.org', phone: '503-555-0101'.replace(/-/g, '') });
    // Created Monday 2 March 2026 09:00 Pacific; 40 business hours (9-hour days) end Friday 6 March at 13:00
    // — but Friday 13 March is the local holiday, not this week, so: Mon 8h, Tue 9, Wed 9, Thu 9 = 35, Fri +5 = 13:00 PST.
    assert.equal(request.dueAt?.toISOString(), '2026-03-06T21:00:00.000Z');
    const timeline = await getTimeline(t.deps, request.id);
    assert.deepEqual(timeline.map((e) => e.kind), ['created', 'routed']);
    assert.equal(timeline[1]?.data.department_id, 'streets');
    assert.equal(timeline[1]?.data.rule_id, null);
  });

  test('what create returns is exactly what a later read returns', async () => {
    const { request } = await createPothole(t.deps, { attributes: { SIZE: 'small', LANES: ['bike'], DEPTH_CM: 4 }, address: '1 Main St' });
    assert.deepEqual(await getServiceRequest(t.deps, request.id), request);
    const anonymous = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'NO_SLA', channel: 'sms' });
    assert.deepEqual(await getServiceRequest(t.deps, anonymous.request.trackingNumber), anonymous.request);
  });

  test('tracking numbers count up per jurisdiction and year, and keep counting past 999,999', async () => {
    await t.deps.db.updateTable('tracking_counters').set({ last_value: 999_998 }).where('jurisdiction_id', '=', 'testville').execute();
    const big = await createPothole(t.deps, { location: undefined });
    assert.equal(big.request.trackingNumber, 'TV-2026-999999');
    const bigger = await createPothole(t.deps, { location: undefined });
    assert.equal(bigger.request.trackingNumber, 'TV-2026-1000000');
    await t.deps.db.updateTable('tracking_counters').set({ last_value: 100 }).where('jurisdiction_id', '=', 'testville').execute();
  });

  test('tracking numbers count up per jurisdiction and year', async () => {
    const a = await createPothole(t.deps, { location: undefined });
    const b = await createPothole(t.deps, { location: undefined });
    const n = (s: string): number => Number(s.split('-')[2]);
    assert.equal(n(b.request.trackingNumber), n(a.request.trackingNumber) + 1);
  });

  test('a routing rule sends east-side potholes to the East Crew, and the timeline names the rule', async () => {
    const { request } = await createPothole(t.deps, { location: { lat: 45.5, long: -122.56 } });
    assert.equal(request.districtId, 'east');
    assert.equal(request.departmentId, 'east-crew');
    const routed = (await getTimeline(t.deps, request.id)).find((e) => e.kind === 'routed');
    assert.equal(routed?.data.rule_id, request.routingRuleId);
    assert.match(String(routed?.data.reason), /East Crew/);
  });

  test('calendar-hour SLAs ignore opening hours, and services without a target have no due time', async () => {
    const sewer = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'SEWER_BACKUP', channel: 'phone' });
    assert.equal(sewer.request.dueAt?.toISOString(), '2026-03-02T21:00:00.000Z');
    assert.equal(sewer.request.priority, 'urgent');
    const none = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'NO_SLA', channel: 'phone' });
    assert.equal(none.request.dueAt, null);
  });

  test('anonymous requests keep no requester, and confidential services mark the request confidential', async () => {
    const { request } = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'walk_in', description: 'Ramp blocked' });
    assert.equal(request.requester, null);
    assert.equal(request.confidential, true);
  });

  test('HTML and scripts are removed from text, entities decoded', async () => {
    const { request } = await createPothole(t.deps, {
      description: '<p>Big <b>hole</b> &amp; water</p><script>alert(1)</script><img src=x onerror=alert(2)>',
      address: '<i>123</i> Main St',
    });
    assert.equal(request.description, 'Big hole & water');
    assert.equal(request.address, '123 Main St');
  });

  test('attribute answers are normalised: numbers, datetimes, lists', async () => {
    const { request } = await createPothole(t.deps, {
      attributes: { SIZE: 'small', DEPTH_CM: '12.5', NOTICED_AT: '2026-03-01T10:00:00-08:00', LANES: ['left', 'bike', 'left'], DETAILS: '<b>deep</b>' },
    });
    assert.deepEqual(request.attributes, { SIZE: 'small', DEPTH_CM: 12.5, NOTICED_AT: '2026-03-01T18:00:00.000Z', LANES: ['left', 'bike'], DETAILS: 'deep' });
  });
});

describe('bad input is refused with the field named', () => {
  test('unknown service', async () => {
    await assert.rejects(createPothole(t.deps, { serviceCode: 'NOPE' }), (e: unknown) => e instanceof AppError && e.code === 'unknown_service' && e.status === 404 && e.field === 'service_code');
  });
  test('unknown jurisdiction', async () => {
    await assert.rejects(createPothole(t.deps, { jurisdictionId: 'atlantis' }), (e: unknown) => e instanceof AppError && e.code === 'unknown_jurisdiction');
  });
  test('missing required attribute', () => rejectsField(createPothole(t.deps, { attributes: {} }), 'attribute[SIZE]', 'required'));
  test('wrong datatype', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'small', DEPTH_CM: 'deep' } }), 'attribute[DEPTH_CM]', 'wrong_type'));
  test('bad datetime', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'small', NOTICED_AT: 'yesterday' } }), 'attribute[NOTICED_AT]', 'wrong_type'));
  test('value not in the list', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'enormous' } }), 'attribute[SIZE]', 'not_in_list'));
  test('multi-value not in the list', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'small', LANES: ['left', 'sky'] } }), 'attribute[LANES]', 'not_in_list'));
  test('unknown attribute', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'small', COLOUR: 'red' } }), 'attribute[COLOUR]', 'unknown_attribute'));
  test('answer to an information-only attribute', () => rejectsField(createPothole(t.deps, { attributes: { SIZE: 'small', SAFETY_NOTE: 'x' } }), 'attribute[SAFETY_NOTE]', 'not_answerable'));
  test('location outside the city', () => rejectsField(createPothole(t.deps, { location: { lat: 40.7, long: -74.0 } }), 'location', 'outside_jurisdiction'));
  test('impossible coordinates', () => rejectsField(createPothole(t.deps, { location: { lat: 95, long: 10 } }), 'location', 'invalid_location'));
  test('4,001-character description', () => rejectsField(createPothole(t.deps, { description: 'x'.repeat(4001) }), 'description', 'too_long'));
  test('4,000 characters are accepted', async () => {
    const { request } = await createPothole(t.deps, { description: 'y'.repeat(4000) });
    assert.equal(request.description.length, 4000);
  });
  test('huge body refused before any work', () => rejectsField(createPothole(t.deps, { description: 'z'.repeat(100_000) }), 'description'));
  test('bad UTF-8 (replacement characters, lone surrogates) and NUL bytes', async () => {
    await rejectsField(createPothole(t.deps, { description: 'caf\uFFFD' }), 'description', 'bad_encoding');
    await rejectsField(createPothole(t.deps, { description: 'a\uD800b' }), 'description', 'bad_encoding');
    await rejectsField(createPothole(t.deps, { description: 'a\u0000b' }), 'description', 'control_characters');
  });
  test('bad e-mail and phone', async () => {
    await rejectsField(createPothole(t.deps, { requester: { email: 'not-an-email' } }), 'requester.email', 'invalid_email');
    await rejectsField(createPothole(t.deps, { requester: { phone: 'call me' } }), 'requester.phone', 'invalid_phone');
  });
  test('wrong types and unknown fields in the input', async () => {
    await rejectsField(createServiceRequest(t.deps, { ...potholeInput(), channel: 'pigeon' as never }), 'channel');
    await rejectsField(createServiceRequest(t.deps, { ...potholeInput(), description: 42 as never }), 'description');
    await rejectsField(createServiceRequest(t.deps, { ...potholeInput(), colour: 'red' } as never), 'colour');
  });
  test('every problem is listed at once', async () => {
    await assert.rejects(createPothole(t.deps, { description: 'x'.repeat(4001), attributes: {}, requester: { email: 'bad' } }), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.problems.map((p) => p.field).sort(), ['attribute[SIZE]', 'description', 'requester.email']);
      return true;
    });
  });
  test('resolve and refer services take no requests, and say where to go', async () => {
    await assert.rejects(createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'HIGHWAY_ISSUE', channel: 'web' }), /State DOT at 555-0100/);
    await assert.rejects(createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'TRASH_DAY', channel: 'web' }), (e: unknown) => e instanceof AppError && e.code === 'service_not_requestable');
  });
  test('inactive services take no new requests', async () => {
    await assert.rejects(createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'RETIRED', channel: 'web' }), (e: unknown) => e instanceof AppError && e.code === 'service_inactive');
  });
  test('nothing is written when input is refused', async () => {
    const count = async () => Number((await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await assert.rejects(createPothole(t.deps, { attributes: {} }));
    assert.equal(await count(), before);
  });
});

describe('idempotency keys', () => {
  test('a retried create returns the first request', async () => {
    const first = await createPothole(t.deps, { idempotencyKey: 'retry-1' });
    const again = await createPothole(t.deps, { idempotencyKey: 'retry-1' });
    assert.equal(again.replayed, true);
    assert.equal(again.request.id, first.request.id);
  });
  test('the same key with a different body is refused', async () => {
    await createPothole(t.deps, { idempotencyKey: 'retry-2' });
    await assert.rejects(createPothole(t.deps, { idempotencyKey: 'retry-2', description: 'something else' }), (e: unknown) => e instanceof AppError && e.code === 'idempotency_key_reused' && e.status === 409);
  });
  test('a key is kept for a day: after the hourly clean-up a retry with it is a new request', async () => {
    const first = await createPothole(t.deps, { idempotencyKey: 'day-old', location: undefined });
    t.clock.advance(IDEMPOTENCY_KEY_TTL_MS - 60_000);
    assert.equal(await pruneIdempotencyKeys(t.deps), 0);
    assert.equal((await createPothole(t.deps, { idempotencyKey: 'day-old', location: undefined })).request.id, first.request.id);
    t.clock.advance(120_000);
    assert.ok((await pruneIdempotencyKeys(t.deps)) >= 1);
    const later = await createPothole(t.deps, { idempotencyKey: 'day-old', location: undefined });
    assert.notEqual(later.request.id, first.request.id);
    t.clock.set('2026-03-02T17:00:00Z');
  });

  test('concurrent creates with one key make one request', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => createPothole(t.deps, { idempotencyKey: 'race-1', location: undefined })));
    assert.equal(new Set(results.map((r) => r.request.id)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
  });
});

describe('duplicate candidates', () => {
  test('open requests of the same service nearby come back nearest first; far, other-service and old ones do not', async () => {
    const here = { lat: 45.48, long: -122.64 };
    const metresNorth = (m: number) => ({ lat: here.lat + m / 111_320, long: here.long });
    const near = await createPothole(t.deps, { location: metresNorth(10) });
    const nearer = await createPothole(t.deps, { location: metresNorth(3) });
    await createPothole(t.deps, { location: metresNorth(80) }); // outside 50 m
    await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'STREETLIGHT', channel: 'web', location: metresNorth(1) });
    const found = await findDuplicateCandidates(t.deps, { jurisdictionId: 'testville', serviceCode: 'POTHOLE', location: here });
    assert.deepEqual(found.map((c) => c.id), [nearer.request.id, near.request.id]);
    assert.ok(found[0]!.distanceMeters > 2 && found[0]!.distanceMeters < 4, `distance ${found[0]!.distanceMeters}`);
    // The create itself returns them too.
    const created = await createPothole(t.deps, { location: here });
    assert.deepEqual(created.duplicates.map((c) => c.id), [nearer.request.id, near.request.id]);
    // Past the 30-day window they are no longer candidates.
    t.clock.advance(31 * 86_400_000);
    assert.deepEqual(await findDuplicateCandidates(t.deps, { jurisdictionId: 'testville', serviceCode: 'POTHOLE', location: here }), []);
    t.clock.set('2026-03-02T17:00:00Z');
  });
  test('a per-service radius applies (graffiti: 100 m)', async () => {
    const here = { lat: TESTVILLE.south + 0.005, long: TESTVILLE.west + 0.005 };
    const g = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'GRAFFITI', channel: 'web', location: { lat: here.lat + 90 / 111_320, long: here.long } });
    const found = await findDuplicateCandidates(t.deps, { jurisdictionId: 'testville', serviceCode: 'GRAFFITI', location: here });
    assert.deepEqual(found.map((c) => c.id), [g.request.id]);
  });
});
