/**
 * Notification outbox: bulk fan-out and delivery to a local SMTP server.
 *
 *   node --import tsx bench/notifications.ts --db postgres --fanout 100000 --deliver 20000
 *   node --import tsx bench/notifications.ts --db pglite   --fanout 100000 --deliver 5000
 *
 * (a) Fan-out: one `enqueueNotificationsFrom` (one INSERT … SELECT) queues N e-mails — outbox rows
 *     and their delivery jobs — in one transaction, timed to the commit.
 * (b) Delivery: the real e-mail channel (templates in five languages, signed links, pooled
 *     nodemailer) and the real job workers deliver M of them to an SMTP server in another process
 *     on 127.0.0.1 (smtp-server); timed from the first claim until every one is marked delivered.
 *     --workers W dispatchers (each claims --batch jobs and sends them side by side), --connections C SMTP connections.
 * The schema or PGlite directory is dropped at the end. Results go to bench/results/notifications-<engine>-<timestamp>.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ChannelRegistry, NotificationDispatcher, createEmailChannel, enqueueNotificationsFrom } from '../src/modules/notifications/index.ts';
import { openBenchDb, type Engine } from './load.ts';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    fanout: { type: 'string', default: '100000' },
    deliver: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '8' },
    batch: { type: 'string', default: '50' },
    connections: { type: 'string', default: '12' },
    pool: { type: 'string', default: '16' },
  },
});
const engine = args.db as Engine;
const fanout = Number(args.fanout);
const toDeliver = Math.min(Number(args.deliver), fanout);
const workers = Number(args.workers);
const connections = Number(args.connections);

const sinkProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./notifications-sink.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
let sinkOut = '';
sinkProcess.stdout.on('data', (d: Buffer) => (sinkOut += d.toString()));
const port = await new Promise<number>((resolve) => {
  const check = () => {
    const m = /port (\d+)/.exec(sinkOut);
    if (m) resolve(Number(m[1]));
    else setTimeout(check, 50);
  };
  check();
});

const bench = await openBenchDb({ engine, databaseUrl: args.url, poolSize: Number(args.pool), keep: false });
const { db } = bench.handle;
const result: Record<string, unknown> = { engine, fanout, toDeliver, workers, connections, batch: Number(args.batch), at: new Date().toISOString() };
try {
  // (a) fan-out
  const locales = sql`(ARRAY['en','es','vi','zh-Hant','ru'])[1 + g % 5]`;
  const recipients = sql`SELECT 'subscriber' || g || '@example.org' AS recipient, ${locales} AS locale FROM generate_series(1, ${fanout}) AS g`;
  const t0 = process.hrtime.bigint();
  const queued = await db.transaction().execute((trx) =>
    enqueueNotificationsFrom(trx, recipients, { eventKey: 'notice:bench', channel: 'email', template: 'request.status', data: { trackingNumber: 'PDX-2026-000001', status: 'in_progress', publicNote: 'Crews are clearing the street.' } }),
  );
  const fanoutMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (queued !== fanout) throw new Error(`queued ${queued} of ${fanout}`);
  result.fanoutMs = Math.round(fanoutMs);
  result.fanoutRowsPerSecond = Math.round(fanout / (fanoutMs / 1000));
  console.log(`fan-out: ${fanout} notifications (outbox rows + delivery jobs) queued in ${(fanoutMs / 1000).toFixed(2)} s (${result.fanoutRowsPerSecond}/s)`);

  // only the first M are delivered: push the rest's jobs into the future
  await sql`UPDATE jobs SET run_at = now() + interval '1 day' WHERE name = 'notifications.deliver' AND (payload->>'outboxId')::bigint > (SELECT min(id) + ${toDeliver - 1} FROM notification_outbox)`.execute(db);

  // (b) delivery
  const channel = createEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Portland 311 <noreply@portland.example>', publicUrl: 'https://311.portland.example', inboundAddress: '311@portland.example', maxConnections: connections });
  const registry = new ChannelRegistry();
  registry.register('email', channel.deliver);
  const pool = Array.from({ length: workers }, () => new NotificationDispatcher(bench.deps, { channels: registry, batchSize: Number(args.batch) }));
  const t1 = process.hrtime.bigint();
  await Promise.all(pool.map(async (w) => {
    while ((await w.runOnce()) > 0);
  }));
  const deliverMs = Number(process.hrtime.bigint() - t1) / 1e6;
  channel.close();
  const delivered = Number((await db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'delivered').executeTakeFirstOrThrow()).n);
  result.delivered = delivered;
  result.deliverMs = Math.round(deliverMs);
  result.messagesPerSecond = Math.round(delivered / (deliverMs / 1000));
  console.log(`delivery: ${delivered} e-mails to the local SMTP server in ${(deliverMs / 1000).toFixed(2)} s (${result.messagesPerSecond} messages/s; ${workers} workers, ${connections} SMTP connections)`);
} finally {
  await bench.close();
  sinkProcess.kill('SIGTERM');
  await new Promise((r) => sinkProcess.once('exit', r));
  const m = /received (\d+) distinct (\d+)/.exec(sinkOut);
  if (m) {
    result.smtpReceived = Number(m[1]);
    result.smtpDistinct = Number(m[2]);
    console.log(`SMTP server: ${m[1]} messages received, ${m[2]} distinct Message-IDs`);
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}notifications-${engine}-${Date.now()}.json`, JSON.stringify(result, null, 2));
}
