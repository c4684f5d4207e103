import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openTestDatabase } from '../test/database.ts';
import { KEEP_FINISHED_JOBS_MS, Worker, enqueue, listJobs, pruneFinished, queueJobHandlers, queueSchedules, type JobHandler } from './queue.ts';

const t = await openTestDatabase();
const SECOND = 1000;

describe('the durable job queue', () => {
  test('a job runs once and is marked done', async () => {
    const seen: unknown[] = [];
    const worker = new Worker(t.deps, { handlers: { 'test.echo': async (_d, payload) => void seen.push(payload) } });
    await enqueue(t.deps.db, t.clock.now(), 'test.echo', { n: 1 });
    assert.equal(await worker.runOnce(), 1);
    assert.equal(await worker.runOnce(), 0);
    assert.deepEqual(seen, [{ n: 1 }]);
    assert.equal((await listJobs(t.deps.db, { name: 'test.echo' }))[0]?.status, 'done');
  });

  test('a job enqueued in a rolled-back transaction never exists; in a committed one, it does', async () => {
    await assert.rejects(
      t.deps.db.transaction().execute(async (trx) => {
        await enqueue(trx, t.clock.now(), 'test.outbox', { kept: false });
        throw new Error('the change failed');
      }),
    );
    await t.deps.db.transaction().execute((trx) => enqueue(trx, t.clock.now(), 'test.outbox', { kept: true }));
    assert.deepEqual((await listJobs(t.deps.db, { name: 'test.outbox' })).map((j) => j.payload), [{ kept: true }]);
  });

  test('failures are retried with back-off, then dead-lettered with the error kept', async () => {
    let calls = 0;
    const failing: JobHandler = async () => {
      calls++;
      throw new Error(`smtp down #${calls}`);
    };
    const worker = new Worker(t.deps, { handlers: { 'test.fail': failing }, backoffMs: (n) => n * 10 * SECOND });
    await enqueue(t.deps.db, t.clock.now(), 'test.fail', {}, { maxAttempts: 3 });
    await worker.runOnce();
    assert.equal(await worker.runOnce(), 0, 'not again before the back-off');
    t.clock.advance(10 * SECOND);
    await worker.runOnce();
    t.clock.advance(19 * SECOND);
    assert.equal(await worker.runOnce(), 0);
    t.clock.advance(1 * SECOND);
    await worker.runOnce();
    const [job] = await listJobs(t.deps.db, { name: 'test.fail' });
    assert.equal(calls, 3);
    assert.equal(job?.status, 'failed');
    assert.equal(job?.last_error, 'smtp down #3');
    t.clock.advance(3600 * SECOND);
    assert.equal(await worker.runOnce(), 0, 'dead jobs stay dead');
  });

  test('a job whose worker died is taken over when its lease runs out', async () => {
    let runs = 0;
    const handlers = { 'test.lease': async () => void runs++ };
    const dead = new Worker(t.deps, { handlers: { 'test.lease': () => new Promise<void>(() => {}) }, leaseMs: 30 * SECOND });
    await enqueue(t.deps.db, t.clock.now(), 'test.lease');
    void dead.runOnce(); // claims the job and never finishes, like a killed process
    await new Promise((r) => setTimeout(r, 50));
    const other = new Worker(t.deps, { handlers, leaseMs: 30 * SECOND });
    assert.equal(await other.runOnce(), 0, 'leased to the first worker');
    t.clock.advance(31 * SECOND);
    assert.equal(await other.runOnce(), 1);
    assert.equal(runs, 1);
  });

  test('two workers never run the same job twice', async () => {
    const ran: number[] = [];
    const handlers = { 'test.many': async (_d: unknown, p: Record<string, unknown>) => void ran.push(Number(p.i)) };
    for (let i = 0; i < 40; i++) await enqueue(t.deps.db, t.clock.now(), 'test.many', { i });
    const a = new Worker(t.deps, { handlers, batchSize: 5 });
    const b = new Worker(t.deps, { handlers, batchSize: 5 });
    while ((await Promise.all([a.runOnce(), b.runOnce()])).some((n) => n > 0));
    assert.equal(ran.length, 40);
    assert.equal(new Set(ran).size, 40);
  });

  test('scheduled jobs are enqueued once per period however many workers tick', async () => {
    const schedules = [{ name: 'test.tick', everyMs: 60 * SECOND }];
    const a = new Worker(t.deps, { handlers: {}, schedules });
    const b = new Worker(t.deps, { handlers: {}, schedules });
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    assert.equal((await listJobs(t.deps.db, { name: 'test.tick' })).length, 1);
    t.clock.advance(60 * SECOND);
    await b.tick();
    assert.equal((await listJobs(t.deps.db, { name: 'test.tick' })).length, 2);
  });

  test('dedupe keys make an enqueue happen once', async () => {
    assert.ok(await enqueue(t.deps.db, t.clock.now(), 'test.once', {}, { dedupeKey: 'event-1/ana' }));
    assert.equal(await enqueue(t.deps.db, t.clock.now(), 'test.once', {}, { dedupeKey: 'event-1/ana' }), null);
  });

  test('finished jobs are pruned after a while', async () => {
    t.clock.advance(8 * 86_400 * SECOND);
    assert.ok((await pruneFinished(t.deps.db, new Date(t.clock.now().getTime() - 7 * 86_400 * SECOND))) > 0);
    assert.equal((await listJobs(t.deps.db, { name: 'test.echo' })).length, 0);
    assert.equal((await listJobs(t.deps.db, { status: 'failed' })).length, 1, 'dead letters stay for an administrator to see');
  });

  test('the scheduled housekeeping removes finished jobs after a week, itself included, and keeps dead letters', async () => {
    const worker = new Worker(t.deps, { handlers: { ...queueJobHandlers, 'test.old': async () => {} }, schedules: queueSchedules });
    await enqueue(t.deps.db, t.clock.now(), 'test.old');
    await worker.runOnce();
    t.clock.advance(KEEP_FINISHED_JOBS_MS + 3_600_000);
    await worker.tick();
    await worker.runOnce();
    assert.equal((await listJobs(t.deps.db, { name: 'test.old' })).length, 0);
    assert.equal((await listJobs(t.deps.db, { name: 'jobs.prune-finished' }))[0]?.status, 'done');
    assert.equal((await listJobs(t.deps.db, { status: 'failed' })).length, 1);
  });
});
