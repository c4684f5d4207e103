import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { createPothole, seedTestville } from '../test/factories.ts';
import { openDatabase } from './client.ts';
import { listMigrations, migrate } from './migrate.ts';

test('a second start on the same PGlite data directory keeps every row and applies no migration twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdoor-'));
  try {
    const clock = new ManualClock();
    const first = await openDatabase({ dataDir: dir });
    assert.deepEqual(await migrate(first), listMigrations().map((m) => m.version));
    await seedTestville({ db: first.db, clock });
    const { request } = await createPothole({ db: first.db, clock });
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    assert.deepEqual(await migrate(second), []);
    const again = await second.db.selectFrom('service_requests').select(['tracking_number', 'description']).execute();
    assert.deepEqual(again, [{ tracking_number: request.trackingNumber, description: request.description }]);
    const next = await createPothole({ db: second.db, clock });
    assert.notEqual(next.request.trackingNumber, request.trackingNumber);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
