import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

/** Runs `npx frontdoor …` the way a user does, through bin/frontdoor.js, on its own PGlite directory. */
const dataDir = mkdtempSync(join(tmpdir(), 'frontdoor-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
function frontdoor(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['bin/frontdoor.js', ...args], {
    env: { ...process.env, FRONTDOOR_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('--help lists the commands, and each command has its own help', () => {
  const help = frontdoor(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['serve', 'migrate', 'seed']) {
    assert.match(help.out, new RegExp(`\\b${command}\\b`));
    const own = frontdoor([command, '--help']);
    assert.equal(own.code, 0, own.err);
    assert.match(own.out, new RegExp(`Usage: frontdoor ${command}`));
  }
});

test('migrate, then seed, then migrate again on one data directory', () => {
  const first = frontdoor(['migrate']);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Applied 0001_catalog, 0002_service_requests, .+ to PGlite in/);
  const seed = frontdoor(['seed']);
  assert.equal(seed.code, 0, seed.err);
  assert.match(seed.out, /services: \d{2}/);
  const again = frontdoor(['migrate']);
  assert.match(again.out, /is up to date/);
});

test('bad settings stop the CLI with every problem listed and exit code 2', () => {
  const bad = frontdoor(['migrate'], { PORT: '0', DATABASE_URL: 'mysql://nope' });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /PORT="0"/);
  assert.match(bad.err, /DATABASE_URL="mysql:\/\/nope"/);
});

test('an unknown command is refused with a helpful message', () => {
  const r = frontdoor(['frobnicate']);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /unknown command 'frobnicate'/);
});
