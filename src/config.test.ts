import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: port 3311, PGlite under ./.frontdoor, worker on', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3311);
  assert.match(c.dataDir, /\.frontdoor$/);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.worker, true);
});

test('every bad setting is listed at once, naming the variable and the value', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.problems.length, 3);
      assert.match(e.message, /PORT="eighty"/);
      assert.match(e.message, /DATABASE_URL="mysql:\/\/x": must be a postgres/);
      assert.match(e.message, /LOG_LEVEL="loud"/);
      return true;
    },
  );
});

test('an empty DATABASE_URL means PGlite', () => {
  assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
});
