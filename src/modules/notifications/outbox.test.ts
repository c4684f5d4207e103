import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { Worker, listJobs } from '../../jobs/queue.ts';
import { openTestDatabase } from '../../test/database.ts';
import {
  ChannelRegistry,
  PermanentDeliveryError,
  enqueueNotifications,
  enqueueNotificationsFrom,
  listDeadLetters,
  notificationJobHandlers,
  outboxCounts,
  retryDeadLetter,
  suppressRecipient,
  type NotificationItem,
  type OutboxRow,
} from './outbox.ts';

const t = await openTestDatabase();

const item = (over: Partial<NotificationItem> = {}): NotificationItem => ({
  eventKey: 'request:1:received',
  channel: 'email',
  recipient: 'Ana@Example.org',
  locale: 'es',
  template: 'request.received',
  data: { trackingNumber: 'TV-2026-000001' },
  ...over,
});

const rows = (eventKey: string) => t.deps.db.selectFrom('notification_outbox').selectAll().where('event_key', '=', eventKey).orderBy('id').execute();

describe('the notification outbox', () => {
  test('a notification exists iff the transaction that wrote it committed; a repeat is ignored', async () => {
    await assert.rejects(
      t.deps.db.transaction().execute(async (trx) => {
        assert.equal(await enqueueNotifications(trx, [item({ eventKey: 'tx:rolled-back' })], t.clock.now()), 1);
        throw new Error('the change failed');
      }),
    );
    assert.deepEqual(await rows('tx:rolled-back'), []);
    const n = await t.deps.db.transaction().execute((trx) => enqueueNotifications(trx, [item({ eventKey: 'tx:ok' }), item({ eventKey: 'tx:ok', recipient: 'ana@example.org' })], t.clock.now()));
    assert.equal(n, 1, 'the same event to the same address (any case) is one notification');
    assert.equal(await t.deps.db.transaction().execute((trx) => enqueueNotifications(trx, [item({ eventKey: 'tx:ok' })], t.clock.now())), 0);
    const [row] = await rows('tx:ok');
    assert.equal(row?.recipient, 'ana@example.org');
    assert.equal(row?.locale, 'es');
    const jobs = (await listJobs(t.deps.db, { name: 'notifications.deliver' })).filter((j) => j.payload.outboxId === row?.id);
    assert.equal(jobs.length, 1, 'one delivery job per notification');
  });

  test('suppressed recipients are left out at enqueue (by scope or for everything) and at delivery', async () => {
    await suppressRecipient(t.deps.db, { channel: 'email', recipient: 'gone@example.org', reason: 'unsubscribed' }, t.clock.now());
    await suppressRecipient(t.deps.db, { channel: 'email', recipient: 'one@example.org', scope: 'request:7', reason: 'unsubscribed' }, t.clock.now());
    const n = await t.deps.db.transaction().execute((trx) =>
      enqueueNotifications(
        trx,
        [
          item({ eventKey: 'sup:1', recipient: 'GONE@example.org' }),
          item({ eventKey: 'sup:1', recipient: 'one@example.org', scope: 'request:7' }),
          item({ eventKey: 'sup:1', recipient: 'one@example.org', scope: 'request:8', channel: 'email' }),
          item({ eventKey: 'sup:2', recipient: 'one@example.org', scope: 'request:8' }),
        ],
        t.clock.now(),
      ),
    );
    assert.equal(n, 2, 'only for the request the address did not unsubscribe from');
    const registry = new ChannelRegistry();
    const sent: OutboxRow[] = [];
    registry.register('email', async (row) => (sent.push(row), { providerId: `p-${row.id}` }));
    await t.deps.db.transaction().execute((trx) => enqueueNotifications(trx, [item({ eventKey: 'sup:3', recipient: 'late@example.org' })], t.clock.now()));
    await suppressRecipient(t.deps.db, { channel: 'email', recipient: 'late@example.org', reason: 'bounced' }, t.clock.now());
    const worker = new Worker(t.deps, { handlers: notificationJobHandlers(registry), batchSize: 50 });
    while ((await worker.runOnce()) > 0);
    assert.deepEqual(sent.map((r) => r.event_key).sort(), ['sup:1', 'sup:2', 'tx:ok']);
    assert.equal((await rows('sup:3'))[0]?.status, 'suppressed', 'unsubscribed between enqueue and delivery: not sent');
    assert.equal((await rows('sup:1'))[0]?.provider_id, `p-${(await rows('sup:1'))[0]?.id}`);
  });

  test('failures retry with back-off; the last failure is a dead letter an administrator can retry', async () => {
    let fail = true;
    const registry = new ChannelRegistry();
    const sent: number[] = [];
    registry.register('sms', async (row) => {
      if (fail) throw new Error('provider unavailable');
      sent.push(row.id);
      return { providerId: 'SM1' };
    });
    registry.register('email', async () => {
      throw new PermanentDeliveryError('550 mailbox unavailable');
    });
    await t.deps.db.transaction().execute((trx) =>
      enqueueNotifications(trx, [item({ eventKey: 'dl:1', channel: 'sms', recipient: '+1 (503) 555-0100' }), item({ eventKey: 'dl:2', recipient: 'nobody@example.org' })], t.clock.now()),
    );
    const worker = new Worker(t.deps, { handlers: notificationJobHandlers(registry), batchSize: 50 });
    for (let i = 0; i < 12; i++) {
      await worker.runOnce();
      t.clock.advance(3_600_000);
    }
    const dead = await listDeadLetters(t.deps.db);
    const sms = dead.find((d) => d.eventKey === 'dl:1');
    assert.equal(sms?.recipient, '+15035550100');
    assert.equal(sms?.attempts, 8);
    assert.equal(sms?.lastError, 'provider unavailable');
    assert.equal(dead.find((d) => d.eventKey === 'dl:2')?.attempts, 1, 'a permanent failure is not retried');
    fail = false;
    assert.ok(await t.deps.db.transaction().execute((trx) => retryDeadLetter(trx, sms!.id, t.clock.now())));
    assert.equal(await t.deps.db.transaction().execute((trx) => retryDeadLetter(trx, sms!.id, t.clock.now())), null, 'no longer a dead letter');
    while ((await worker.runOnce()) > 0);
    assert.deepEqual(sent, [sms!.id]);
    assert.equal((await rows('dl:1'))[0]?.status, 'delivered');
  });

  test('fan-out of 2,000 subscribers in one INSERT … SELECT', async () => {
    const subscribers = sql`SELECT 'sub' || g || '@example.org' AS recipient, (ARRAY['en','es','vi','zh-Hant','ru','xx'])[1 + g % 6] AS locale FROM generate_series(1, 2000) AS g`;
    const n = await t.deps.db.transaction().execute((trx) =>
      enqueueNotificationsFrom(trx, subscribers, { eventKey: 'notice:1', channel: 'email', template: 'notice.published', data: { noticeId: 1 } }, t.clock.now()),
    );
    assert.equal(n, 2000);
    assert.deepEqual(await outboxCounts(t.deps.db, 'notice:1'), { pending: 2000 });
    const again = await t.deps.db.transaction().execute((trx) =>
      enqueueNotificationsFrom(trx, subscribers, { eventKey: 'notice:1', channel: 'email', template: 'notice.published', data: { noticeId: 1 } }, t.clock.now()),
    );
    assert.equal(again, 0, 'the same notice fans out once');
    const locales = await t.deps.db.selectFrom('notification_outbox').select('locale').distinct().where('event_key', '=', 'notice:1').execute();
    assert.deepEqual(locales.map((l) => l.locale).sort(), ['en', 'es', 'ru', 'vi', 'zh-Hant']);
  });
});

describe('the notification dispatcher (the outbox worker serve runs)', () => {
  test('delivers a batch side by side, skips suppressed recipients, retries failures and dead-letters permanent ones, each job completed', async () => {
    const { NotificationDispatcher } = await import('./dispatcher.ts');
    const registry = new ChannelRegistry();
    const sent: string[] = [];
    let flaky = 1;
    registry.register('email', async (row) => {
      if (row.recipient === 'flaky@example.org' && flaky-- > 0) throw new Error('421 try later');
      if (row.recipient === 'refused@example.org') throw new PermanentDeliveryError('550 no such user');
      await new Promise((r) => setTimeout(r, 5));
      sent.push(row.recipient);
      return { providerId: `<n${row.id}@x>`, response: '250 ok' };
    });
    await suppressRecipient(t.deps.db, { channel: 'email', recipient: 'quiet@example.org', reason: 'unsubscribed' }, t.clock.now());
    const recipients = ['a@example.org', 'b@example.org', 'flaky@example.org', 'refused@example.org', 'late-quiet@example.org'];
    await t.deps.db.transaction().execute((trx) => enqueueNotifications(trx, recipients.map((r) => item({ eventKey: 'dispatch:1', recipient: r })), t.clock.now()));
    await suppressRecipient(t.deps.db, { channel: 'email', recipient: 'late-quiet@example.org', reason: 'unsubscribed' }, t.clock.now());
    // Older test rows still pending are delivered too: count only this event's.
    const dispatcher = new NotificationDispatcher(t.deps, { channels: registry, batchSize: 100, backoffMs: () => 1000 });
    while ((await dispatcher.runOnce()) > 0);
    t.clock.advance(1000);
    while ((await dispatcher.runOnce()) > 0);
    const byRecipient = Object.fromEntries((await rows('dispatch:1')).map((r) => [r.recipient, [r.status, r.attempts]]));
    assert.deepEqual(byRecipient, {
      'a@example.org': ['delivered', 1],
      'b@example.org': ['delivered', 1],
      'flaky@example.org': ['delivered', 2],
      'refused@example.org': ['failed', 1],
      'late-quiet@example.org': ['suppressed', 1],
    });
    assert.deepEqual(sent.filter((r) => r.endsWith('@example.org') && recipients.includes(r)).sort(), ['a@example.org', 'b@example.org', 'flaky@example.org']);
    const open = await t.deps.db.selectFrom('jobs').select('status').where('name', '=', 'notifications.deliver').where('status', 'in', ['pending', 'running']).execute();
    assert.deepEqual(open, [], 'every job completed');
    assert.equal((await rows('dispatch:1')).find((r) => r.recipient === 'a@example.org')?.provider_response, '250 ok');
  });
});
