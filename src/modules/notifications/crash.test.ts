import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import { openDatabase, type DbHandle } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { openTestDatabase } from '../../test/database.ts';
import { enqueueNotificationsFrom } from './outbox.ts';
import { startSmtpSink } from './test-smtp.ts';

/**
 * The crash test: a worker process is killed (SIGKILL) in the middle of delivering 300 e-mails,
 * a new one is started, and the SMTP server must end up with each notification exactly once.
 * The worker runs in a child process against the same database: this file's PostgreSQL schema, or
 * (PGlite) a data directory the two processes take in turn.
 */
const t = await openTestDatabase();
const N = 300;
const KILL_AFTER = 100;
const { databaseUrl } = loadConfig();

let handle: DbHandle;
let childEnv: Record<string, string>;
let dataDir: string | null = null;
if (databaseUrl) {
  handle = t.handle;
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.deps.db)).rows[0]?.s as string;
  childEnv = { CRASH_DATABASE_URL: databaseUrl, CRASH_SCHEMA: schema };
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'frontdoor-crash-'));
  handle = await openDatabase({ dataDir });
  await migrate(handle);
  childEnv = { CRASH_DATA_DIR: dataDir };
}
after(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(smtpUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', new URL('./crash-worker.ts', import.meta.url).pathname], {
    env: { ...process.env, ...childEnv, CRASH_SMTP_URL: smtpUrl, CRASH_LEASE_MS: '1500', CRASH_WORKERS: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

test(`a worker killed mid-delivery and restarted delivers each of ${N} notifications to the SMTP server as exactly one message (one Message-ID; a re-send in the crash window repeats it)`, { timeout: 240_000 }, async () => {
  const recipients = sql`SELECT 'resident' || g || '@example.org' AS recipient, 'en' AS locale FROM generate_series(1, ${N}) AS g`;
  const now = new Date(Date.now() - 1000);
  const queued = await handle.db.transaction().execute((trx) =>
    enqueueNotificationsFrom(trx, recipients, { eventKey: 'crash-test', channel: 'email', template: 'request.status', data: { trackingNumber: 'TV-2026-000042', status: 'in_progress' } }, now),
  );
  assert.equal(queued, N);
  if (dataDir) await handle.close(); // PGlite: the data directory is the worker's now

  let first: ChildProcess | null = null;
  const sink = await startSmtpSink({ onMessage: (count) => count === KILL_AFTER && first?.kill('SIGKILL') });
  try {
    first = startWorker(sink.url);
    const killed = await exited(first);
    assert.equal(killed.signal, 'SIGKILL', 'the first worker was killed, not finished');
    const atKill = sink.received.length;
    assert.ok(atKill < N, `killed mid-delivery (${atKill} of ${N} had arrived)`);

    const second = startWorker(sink.url);
    const finished = await exited(second);
    assert.equal(finished.code, 0, 'the restarted worker finished');

    if (dataDir) {
      handle = await openDatabase({ dataDir });
      after(() => handle.close());
    }
    const rows = await handle.db.selectFrom('notification_outbox').select(['id', 'status', 'recipient']).where('event_key', '=', 'crash-test').execute();
    assert.equal(rows.length, N);
    assert.deepEqual([...new Set(rows.map((r) => r.status))], ['delivered']);

    // What the SMTP server saw: every notification's Message-ID, and no other.
    const ids = sink.received.map((r) => r.messageId);
    const distinct = new Set(ids);
    const expected = new Set(rows.map((r) => r.id));
    const seenOutbox = new Set([...distinct].map((id) => Number(/^<n(\d+)\./.exec(id ?? '')?.[1])));
    assert.equal(distinct.size, N, 'each notification reached the SMTP server');
    assert.deepEqual([...seenOutbox].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    for (const r of sink.received) {
      const id = Number(/^<n(\d+)\./.exec(r.messageId ?? '')?.[1]);
      assert.equal(r.rcpt[0], rows.find((x) => x.id === id)?.recipient, 'to the right recipient');
    }
    // A message accepted by the server in the instant before the kill, whose "delivered" mark did not
    // commit, is sent again — with the same Message-ID, so the server sees the same message (the
    // at-least-once window; docs/notifications.md). At most one per open connection (2 × 2).
    const resent = sink.received.length - distinct.size;
    assert.ok(resent <= 4, `${resent} re-sends`);
    process.stdout.write(`# crash test: ${atKill} delivered before the kill, ${sink.received.length} SMTP transactions, ${distinct.size} distinct messages, ${resent} re-sent with the same Message-ID\n`);
  } finally {
    await sink.close();
  }
});
