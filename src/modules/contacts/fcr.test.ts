import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, closeContact, firstContactResolution, findOrCreateCustomer, logContact } from './index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const system = { actor: { kind: 'system' as const, label: 'fcr test' } };

/** A small deterministic pseudo-random sequence, so the mix of rows is varied but repeatable. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('first-contact resolution equals the figure computed by hand from the raw rows', async () => {
  t.clock.set('2026-03-05T00:00:00Z');
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const dayStart = new Date('2026-03-02T08:00:00Z');
  for (let i = 0; i < 120; i++) {
    const startedAt = new Date(dayStart.getTime() + Math.floor(next() * 40 * 3600_000) - 4 * 3600_000).toISOString();
    const outcome = next() < 0.15 ? null : pick(CONTACT_OUTCOMES);
    const close =
      outcome === null
        ? undefined
        : {
            outcome,
            ...(outcome === 'referred' ? { referredAgencyId: 'state-dot' } : {}),
            ...(outcome === 'transferred' ? { transferredDepartmentId: 'streets' } : {}),
            ...(['answered', 'request_created', 'referred'].includes(outcome) && next() < 0.2 ? { resolvedFirstContact: false } : {}),
            endedAt: new Date(new Date(startedAt).getTime() + 60_000).toISOString(),
          };
    // Some contacts are logged open and closed later, as the desk does.
    const later = close && next() < 0.3;
    const logged = await logContact(t.deps, { channel: pick(CONTACT_CHANNELS), direction: next() < 0.1 ? 'outbound' : 'inbound', startedAt, ...(close && !later ? { close } : {}) }, system);
    if (close && later) await closeContact(t.deps, logged.contact.row.id, close, system);
  }
  const rows = await t.deps.db.selectFrom('contacts').select(['started_at', 'direction', 'outcome', 'resolved_first_contact']).execute();
  for (const [from, to] of [
    ['2026-03-02T08:00:00Z', '2026-03-03T08:00:00Z'],
    ['2026-03-02T00:00:00Z', '2026-03-05T00:00:00Z'],
    ['2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z'],
  ] as const) {
    const lo = new Date(from).getTime();
    const hi = new Date(to).getTime();
    // The definition, by hand: inbound, closed, not abandoned, started in [from, to).
    let eligible = 0;
    let resolved = 0;
    for (const r of rows) {
      const at = r.started_at.getTime();
      if (at < lo || at >= hi || r.direction !== 'inbound' || r.outcome === null || r.outcome === 'abandoned') continue;
      eligible++;
      if (r.resolved_first_contact === true) resolved++;
    }
    const figure = await firstContactResolution(t.deps, { from: new Date(from), to: new Date(to) });
    assert.deepEqual(figure, { eligible, resolved, rate: eligible ? resolved / eligible : null }, `${from} – ${to}`);
  }
  // The stored flag itself follows the outcome: never true for transferred, callback or abandoned.
  assert.ok(rows.every((r) => !(r.resolved_first_contact === true && ['transferred', 'callback', 'abandoned'].includes(r.outcome ?? ''))));
  assert.ok(rows.some((r) => r.resolved_first_contact === false && r.outcome === 'answered'), 'the mix includes agent overrides');
  assert.deepEqual(await firstContactResolution(t.deps, { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-01-02T00:00:00Z') }), { eligible: 0, resolved: 0, rate: null });
  await assert.rejects(firstContactResolution(t.deps, { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }), /before/);
});

test('findOrCreateCustomer: one profile for the same number however written, even when asked twice at once', async () => {
  const [a, b] = await Promise.all([
    findOrCreateCustomer(t.deps, { phone: '+1 503 555 0142', name: 'Con Current' }, system),
    findOrCreateCustomer(t.deps, { phone: '(503) 555-0142' }, system),
  ]);
  assert.equal(a.customer.id, b.customer.id);
  assert.equal([a.created, b.created].filter(Boolean).length, 1);
  const withEmail = await findOrCreateCustomer(t.deps, { phone: '503.555.0142', email: 'Con@Example.org' }, system);
  assert.equal(withEmail.customer.id, a.customer.id);
  assert.deepEqual(withEmail.customer.emails, ['con@example.org'], 'what the profile lacked is added');
  await assert.rejects(findOrCreateCustomer(t.deps, {}, system), /phone/);
  await assert.rejects(findOrCreateCustomer(t.deps, { phone: 'not a number' }, system), /phone/);
});

test('channel logging is idempotent on source and source_ref, even when delivered twice at once', async () => {
  const input = { channel: 'sms' as const, source: 'inbound_sms', sourceRef: 'SM123', customer: { phone: '5035550150' } };
  const [x, y] = await Promise.all([logContact(t.deps, input, system), logContact(t.deps, input, system)]);
  assert.equal(x.contact.row.id, y.contact.row.id);
  assert.equal([x.created, y.created].filter(Boolean).length, 1);
  const n = await t.deps.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('source_ref', '=', 'SM123').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});
