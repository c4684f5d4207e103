/**
 * A notification worker in a process of its own, for the crash test and the bench: delivers the
 * outbox to an SMTP server until nothing is left, then exits 0. Settings come from the environment:
 * CRASH_DATABASE_URL + CRASH_SCHEMA (PostgreSQL) or CRASH_DATA_DIR (PGlite), CRASH_SMTP_URL,
 * CRASH_LEASE_MS, CRASH_WORKERS.
 */
import { openDatabase } from '../../db/client.ts';
import { systemClock } from '../../lib/clock.ts';
import { createEmailChannel } from './email.ts';
import { NotificationDispatcher } from './dispatcher.ts';
import { ChannelRegistry } from './outbox.ts';

const env = process.env;
const handle = await openDatabase(
  env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL, schema: env.CRASH_SCHEMA, poolSize: 6 } : { dataDir: env.CRASH_DATA_DIR as string },
);
const deps = { db: handle.db, clock: systemClock };
const channel = createEmailChannel({ smtpUrl: env.CRASH_SMTP_URL as string, from: 'Testville 311 <noreply@testville.gov>', publicUrl: 'https://311.testville.gov', maxConnections: 2 });
const registry = new ChannelRegistry();
registry.register('email', channel.deliver);
const leaseMs = Number(env.CRASH_LEASE_MS ?? 1500);
const workers = Array.from({ length: Number(env.CRASH_WORKERS ?? 2) }, () => new NotificationDispatcher(deps, { channels: registry, batchSize: 10, leaseMs }));
for (;;) {
  const ran = await Promise.all(workers.map((w) => w.runOnce()));
  if (ran.some((n) => n > 0)) continue;
  const left = await handle.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'notifications.deliver').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
  if (Number(left.n) === 0) break;
  await new Promise((r) => setTimeout(r, 200)); // jobs leased to a dead worker: wait for the lease to run out
}
channel.close();
await handle.close();
process.stdout.write('done\n');
