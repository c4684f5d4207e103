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

test('mail and public-address settings: checked, with defaults', () => {
  const c = loadConfig({ PORT: '4000' });
  assert.equal(c.smtpUrl, undefined);
  assert.equal(c.publicUrl, 'http://localhost:4000');
  assert.equal(loadConfig({ FRONTDOOR_PUBLIC_URL: 'https://311.example.gov/' }).publicUrl, 'https://311.example.gov');
  assert.equal(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.gov:587' }).smtpUrl, 'smtp://u:p@mail.example.gov:587');
  assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.gov', FRONTDOOR_PUBLIC_URL: 'ftp://x' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /SMTP_URL="mail.example.gov": must be an smtp/);
    assert.match(e.message, /FRONTDOOR_PUBLIC_URL="ftp:\/\/x"/);
    return true;
  });
});
