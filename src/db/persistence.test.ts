import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { createPothole, seedTestville } from '../test/factories.ts';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { DataDirInUseError, openDatabase } from './client.ts';
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

test('a data directory in use by another process is refused; a lock left by a dead process is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdoor-lock-'));
  try {
    const first = await openDatabase({ dataDir: dir });
    // Another process (not this one) trying to open it must be refused.
    const other = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
      import('./src/db/client.ts').then(({ openDatabase }) => openDatabase({ dataDir: ${JSON.stringify(dir)} }))
        .then(() => process.exit(0), (e) => { console.error(e.name + ': ' + e.message); process.exit(3); });`], { encoding: 'utf8' });
    assert.equal(other.status, 3, other.stderr);
    assert.match(other.stderr, new RegExp(`DataDirInUseError: The embedded database in .* is in use by process ${process.pid}`));
    await assert.rejects(openDatabase({ dataDir: dir }), DataDirInUseError, 'a second open in this process too');
    await first.close();

    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'frontdoor.lock'), gone.stdout);
    const second = await openDatabase({ dataDir: dir });
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
