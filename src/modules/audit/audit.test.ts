import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { STAFF_PASSWORD, createStaff, seedTestville, signInOverHttp } from '../../test/factories.ts';
import { listAuditEvents, recordAudit } from './index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

describe('the audit log', () => {
  test('records sign-ins (success and failure, never the password), with address and request id', async () => {
    const user = await createStaff(t.deps);
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: user.email, password: 'Tr0ub4dor&3-wrong' }, headers: { 'x-request-id': 'req-fail-1' } });
    await signInOverHttp(app, user.email);
    const { events } = await listAuditEvents(t.deps, { area: 'auth', limit: 10 });
    const [success, failure] = events;
    assert.equal(success?.action, 'auth.sign_in');
    assert.equal(success?.outcome, 'success');
    assert.deepEqual(success?.actor, { kind: 'staff', id: String(user.id), label: user.email });
    assert.equal(success?.target?.kind, 'staff_session');
    assert.equal(failure?.outcome, 'failure');
    assert.equal(failure?.actor.kind, 'anonymous');
    assert.deepEqual(failure?.target, { kind: 'staff_user', id: String(user.id) });
    assert.equal(failure?.data.reason, 'wrong_password');
    assert.equal(failure?.requestId, 'req-fail-1');
    assert.equal(failure?.ip, '127.0.0.1');
    const everything = JSON.stringify(await t.deps.db.selectFrom('audit_events').selectAll().execute());
    assert.ok(!everything.includes('Tr0ub4dor') && !everything.includes(STAFF_PASSWORD), 'no password anywhere in the log');
  });

  test('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    await recordAudit(t.deps.db, { actor: { kind: 'system' }, at: t.clock.now(), action: 'test.appended' });
    await assert.rejects(t.deps.db.updateTable('audit_events').set({ action: 'test.rewritten' }).where('action', '=', 'test.appended').execute(), /append-only/);
    await assert.rejects(t.deps.db.deleteFrom('audit_events').where('action', '=', 'test.appended').execute(), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_events`.execute(t.deps.db), /append-only/);
    assert.equal((await listAuditEvents(t.deps, { action: 'test.appended' })).events.length, 1);
  });

  test('recordAudit joins the caller\'s transaction: a rolled-back change leaves no entry', async () => {
    await assert.rejects(
      t.deps.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { actor: { kind: 'system' }, at: t.clock.now(), action: 'test.rolled_back' });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await listAuditEvents(t.deps, { action: 'test.rolled_back' })).events.length, 0);
  });

  test('redacts anything that looks like a secret, whatever the caller passes', async () => {
    await recordAudit(t.deps.db, { actor: { kind: 'system' }, at: t.clock.now(), action: 'test.redacted', data: { password: 'p', nested: { apiSecret: 's', csrfToken: 't' }, kept: 'visible' } });
    const [event] = (await listAuditEvents(t.deps, { action: 'test.redacted' })).events;
    assert.deepEqual(event?.data, { password: '[redacted]', nested: { apiSecret: '[redacted]', csrfToken: '[redacted]' }, kept: 'visible' });
  });

  test('lists newest first, filtered, a page at a time; over HTTP only for holders of audit:read', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await recordAudit(t.deps.db, { actor: { kind: 'cli', label: 'ops' }, at: t.clock.now(), action: 'test.paged', target: { kind: 'thing', id: i } });
    }
    const first = await listAuditEvents(t.deps, { action: 'test.paged', limit: 2 });
    assert.deepEqual(first.events.map((e) => e.target?.id), ['4', '3']);
    assert.ok(first.nextBefore);
    const second = await listAuditEvents(t.deps, { action: 'test.paged', limit: 2, before: first.nextBefore });
    assert.deepEqual(second.events.map((e) => e.target?.id), ['2', '1']);
    const last = await listAuditEvents(t.deps, { action: 'test.paged', limit: 2, before: second.nextBefore ?? undefined });
    assert.deepEqual(last.events.map((e) => e.target?.id), ['0']);
    assert.equal(last.nextBefore, null);
    const from = new Date(t.clock.now().getTime() - 1500).toISOString();
    assert.equal((await listAuditEvents(t.deps, { action: 'test.paged', from })).events.length, 2);
    assert.equal((await listAuditEvents(t.deps, { area: 'test', actorKind: 'cli' })).events.length, 5);

    const admin = await createStaff(t.deps, { roles: ['administrator'] });
    const session = await signInOverHttp(app, admin.email);
    const res = await app.inject({ url: '/api/v1/audit?action=test.paged&limit=3', headers: { cookie: session.cookie } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().events.length, 3);
    assert.equal(typeof res.json().nextBefore, 'number');
    assert.equal((await app.inject({ url: '/api/v1/audit' })).statusCode, 401);
    const supervisor = await signInOverHttp(app, (await createStaff(t.deps, { roles: ['supervisor'] })).email);
    assert.equal((await app.inject({ url: '/api/v1/audit', headers: { cookie: supervisor.cookie } })).statusCode, 403);
  });
});
