import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../db/client.ts';
import { ManualClock } from '../../lib/clock.ts';
import { signInOverHttp } from '../../test/factories.ts';

/** `npx frontdoor user …` and `apikey …` the way an operator runs them, on a PGlite directory of their own. */
const dataDir = mkdtempSync(join(tmpdir(), 'frontdoor-identity-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
function frontdoor(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['bin/frontdoor.js', ...args], {
    env: { ...process.env, FRONTDOOR_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Opens the CLI's database in this process (after the CLI has exited: PGlite is one process at a time). */
async function withApp<T>(work: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dataDir });
  const app = await buildApp({ deps: { db: handle.db, clock: new ManualClock(new Date()) }, handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
  try {
    return await work(app);
  } finally {
    await app.close();
    await handle.close();
  }
}

test('user and apikey commands each have their own help', () => {
  for (const [command, subcommands] of [['user', ['create', 'list', 'disable', 'enable', 'set-role']], ['apikey', ['create', 'list', 'revoke']]] as const) {
    const help = frontdoor([command, '--help']);
    assert.equal(help.code, 0, help.err);
    for (const sub of subcommands) assert.match(help.out, new RegExp(`^  ${sub}\\b`, 'm'));
  }
  const create = frontdoor(['user', 'create', '--help']);
  assert.match(create.out, /Usage: frontdoor user create/);
  assert.match(create.out, /--password-stdin/);
  assert.match(frontdoor(['apikey', 'create', '--help']).out, /Usage: frontdoor apikey create[\s\S]*--scopes/);
});

test('user create prints a password that signs in; --password-stdin takes one; mistakes are explained', async () => {
  const created = frontdoor(['user', 'create', '--email', 'First.Admin@City.example', '--name', 'First Admin', '--role', 'administrator']);
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /Created staff account 1 for First\.Admin@city\.example \(administrator\)/);
  const password = /shown only this once:\n(\S+)/.exec(created.out)?.[1];
  assert.ok(password && password.length >= 24, created.out);

  const piped = frontdoor(['user', 'create', '--email', 'agent@city.example', '--name', 'Agent', '--role', 'agent', '--password-stdin'], 'piped password 123\n');
  assert.equal(piped.code, 0, piped.err);
  assert.doesNotMatch(piped.out, /shown only this once/);

  const short = frontdoor(['user', 'create', '--email', 'x@city.example', '--name', 'X', '--role', 'agent', '--password-stdin'], 'short\n');
  assert.equal(short.code, 1);
  assert.match(short.err, /password must be at least 12 characters/);
  const again = frontdoor(['user', 'create', '--email', 'first.admin@city.example', '--name', 'Again', '--role', 'agent']);
  assert.equal(again.code, 1);
  assert.match(again.err, /already a staff account/);
  const wrong = frontdoor(['user', 'create', '--email', 'b@city.example', '--name', 'B', '--role', 'bureau_staff', '--department', 'atlantis']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /There is no department "atlantis"/);
  assert.doesNotMatch(wrong.err, /at .*\.ts:\d+/, 'no stack trace');
  const missing = frontdoor(['user', 'create', '--email', 'c@city.example', '--name', 'C']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.err, /--role/);

  await withApp(async (app) => {
    const admin = await signInOverHttp(app, 'first.admin@city.example', password);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: admin.cookie } });
    assert.deepEqual(me.json().principal.roles, ['administrator']);
    await signInOverHttp(app, 'agent@city.example', 'piped password 123');
  });
});

test('user list, set-role and disable', async () => {
  frontdoor(['user', 'create', '--email', 'sam@city.example', '--name', 'Sam', '--role', 'agent', '--password-stdin'], 'sams password 123');
  const promoted = frontdoor(['user', 'set-role', '--email', 'SAM@city.example', '--role', 'supervisor']);
  assert.equal(promoted.code, 0, promoted.err);
  assert.match(promoted.out, /sam@city\.example now has the role supervisor/);
  const list = frontdoor(['user', 'list']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /sam@city\.example\tSam\tactive\tsupervisor/);
  const disabled = frontdoor(['user', 'disable', '--email', 'sam@city.example']);
  assert.equal(disabled.code, 0, disabled.err);
  assert.match(frontdoor(['user', 'list', '--status', 'disabled']).out, /sam@city\.example/);
  const nobody = frontdoor(['user', 'disable', '--email', 'nobody@city.example']);
  assert.equal(nobody.code, 1);
  assert.match(nobody.err, /Staff user "nobody@city.example" was not found/);
  await withApp(async (app) => {
    await assert.rejects(signInOverHttp(app, 'sam@city.example', 'sams password 123'), /401/);
    const audit = await app.inject({ url: '/api/v1/audit?targetKind=staff_user&area=user', headers: { cookie: (await signInOverHttp(app, 'agent@city.example', 'piped password 123')).cookie } });
    assert.equal(audit.statusCode, 403, 'agents do not read the audit log');
  });
});

test('apikey create --name x --scopes open311:write prints a key that authenticates; revoke stops it', async () => {
  const created = frontdoor(['apikey', 'create', '--name', 'x', '--scopes', 'open311:write']);
  assert.equal(created.code, 0, created.err);
  const key = /^(fdk_[0-9a-f]{12}_[0-9a-f]{64})$/m.exec(created.out)?.[1];
  assert.ok(key, created.out);
  const id = /Created API key (\d+)/.exec(created.out)?.[1];
  assert.ok(id);
  const bad = frontdoor(['apikey', 'create', '--name', 'y', '--scopes', 'open311:write,users:admin']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /users:admin cannot be given to an API key/);

  await withApp(async (app) => {
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(me.json().principal.scopes, ['open311:write']);
  });
  const list = frontdoor(['apikey', 'list']);
  assert.match(list.out, new RegExp(`^${id}\\t${key.slice(0, 16)}\\tx\\topen311:write\\tdefault/min\\t.*\\tactive$`, 'm'));
  assert.ok(!list.out.includes(key.slice(17)), 'the secret is not listed');
  const revoked = frontdoor(['apikey', 'revoke', id]);
  assert.equal(revoked.code, 0, revoked.err);
  assert.match(frontdoor(['apikey', 'revoke', 'abc']).err, /must be the key's id/);
  await withApp(async (app) => {
    assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).statusCode, 401);
  });
});
