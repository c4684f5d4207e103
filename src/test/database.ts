import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import { ManualClock } from '../lib/clock.ts';

export interface TestDatabase {
  handle: DbHandle;
  deps: Deps & { clock: ManualClock };
  clock: ManualClock;
}

/**
 * A migrated, empty database for one test file: PGlite in memory, or — when DATABASE_URL is set —
 * a fresh schema on that PostgreSQL server, dropped when the file's tests end. Call it at the top
 * level of a test file (`const t = await openTestDatabase()`), so the clean-up runs after all its tests.
 */
export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const { databaseUrl } = loadConfig();
  let handle: DbHandle;
  if (databaseUrl) {
    const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await openDatabase({ databaseUrl, poolSize: 1 });
    await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
    handle = await openDatabase({ databaseUrl, schema, poolSize: options.poolSize ?? 5 });
    after(async () => {
      await handle.close();
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.db);
      await admin.close();
    });
  } else {
    handle = await openDatabase({});
    after(() => handle.close());
  }
  await migrate(handle);
  const clock = new ManualClock('2026-03-02T17:00:00Z'); // Monday 09:00 in Portland
  return { handle, clock, deps: { db: handle.db, clock } };
}
