import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { STAFF_PASSWORD, createStaff, seedTestville, signInOverHttp } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from './settings.ts';
import { updateUser } from './users.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const settings = { ...DEFAULT_IDENTITY_SETTINGS, sessionIdleMinutes: 60, sessionMaxHours: 12 };
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', identity: settings } });
after(() => app.close());

const MINUTE = 60_000;
const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, headers });
const me = (cookie: string) => app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
/** An error body without its request id, which differs on every response. */
const errorOf = (body: string) => {
  const { error } = JSON.parse(body) as { error: Record<string, unknown> };
  delete error.requestId;
  return error;
};

describe('sign-in', () => {
  test('the right password opens a session: an HttpOnly, SameSite=Lax cookie, the principal and a CSRF token', async () => {
    const user = await createStaff(t.deps, { email: 'Dana.Agent@Testville.example', roles: ['agent'] });
    const res = await signIn('dana.agent@testville.EXAMPLE', STAFF_PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'frontdoor_session');
    assert.ok(cookie && cookie.value.length >= 40);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'plain HTTP in development: no Secure flag');
    assert.equal(cookie.maxAge, 12 * 3600);
    const body = res.json();
    assert.equal(body.principal.kind, 'staff');
    assert.equal(body.principal.id, user.id);
    assert.deepEqual(body.principal.roles, ['agent']);
    assert.ok(body.principal.permissions.includes('requests:read_personal'));
    assert.match(body.csrfToken, /^[\w-]{43}$/);
    assert.equal(res.headers['cache-control'], 'no-store');

    const who = await me(`frontdoor_session=${cookie.value}`);
    assert.equal(who.statusCode, 200);
    assert.equal(who.json().principal.email, 'Dana.Agent@testville.example');
    assert.equal(who.json().csrfToken, body.csrfToken, 'one CSRF token for the whole session');

    const stored = await t.deps.db.selectFrom('staff_sessions').select('token_hash').where('user_id', '=', user.id).execute();
    assert.ok(stored.length === 1 && stored[0]?.token_hash !== cookie.value && /^[0-9a-f]{64}$/.test(stored[0]?.token_hash ?? ''), 'only a digest is stored');
    const row = await t.deps.db.selectFrom('staff_users').select(['password_hash', 'last_sign_in_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(row.last_sign_in_at?.toISOString(), t.clock.now().toISOString());
  });

  test('over HTTPS (or behind a proxy saying so) the cookie is Secure', async () => {
    const user = await createStaff(t.deps);
    const res = await signIn(user.email, STAFF_PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.equal(res.cookies.find((c) => c.name === 'frontdoor_session')?.secure, true);
  });

  test('with FRONTDOOR_SECURE_COOKIES=always the cookie is Secure even over plain HTTP', async () => {
    const strict = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', identity: { ...settings, secureCookies: 'always' } } });
    try {
      const user = await createStaff(t.deps);
      const res = await strict.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: user.email, password: STAFF_PASSWORD } });
      assert.equal(res.cookies.find((c) => c.name === 'frontdoor_session')?.secure, true);
    } finally {
      await strict.close();
    }
  });

  test('unknown address, wrong password, disabled account and locked account all get the same answer', async () => {
    const user = await createStaff(t.deps);
    const disabled = await createStaff(t.deps);
    await updateUser(t.deps, disabled.id, { status: 'disabled' }, { actor: { kind: 'system' } });
    const answers = [
      await signIn('nobody@testville.example', STAFF_PASSWORD),
      await signIn(user.email, 'wrong password, sorry'),
      await signIn(disabled.email, STAFF_PASSWORD),
    ];
    const locked = await createStaff(t.deps);
    for (let i = 0; i < 5; i++) await signIn(locked.email, 'wrong password, sorry');
    answers.push(await signIn(locked.email, STAFF_PASSWORD));
    for (const res of answers) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(errorOf(res.body), errorOf(answers[0]?.body ?? ''));
      assert.equal(res.cookies.length, 0);
    }
    assert.equal(errorOf(answers[0]?.body ?? '').code, 'sign_in_failed');
    const failures = await listAuditEvents(t.deps, { action: 'auth.sign_in', outcome: 'failure', limit: 200 });
    const reasons = failures.events.map((e) => e.data.reason);
    for (const reason of ['unknown_email', 'wrong_password', 'disabled', 'locked']) assert.ok(reasons.includes(reason), `audit records ${reason}`);
    assert.ok(failures.events.every((e) => !JSON.stringify(e).includes('wrong password, sorry')), 'no password in the audit log');
  });

  test('five failures lock the account for 15 minutes; the next lock lasts 30; a success resets the count', async () => {
    const user = await createStaff(t.deps);
    for (let i = 0; i < 4; i++) assert.equal((await signIn(user.email, 'not the password')).statusCode, 401);
    assert.equal((await signIn(user.email, STAFF_PASSWORD)).statusCode, 200, 'four failures do not lock');
    for (let i = 0; i < 5; i++) await signIn(user.email, 'not the password');
    assert.equal((await signIn(user.email, STAFF_PASSWORD)).statusCode, 401, 'locked after five in a row');
    t.clock.advance(14 * MINUTE);
    assert.equal((await signIn(user.email, STAFF_PASSWORD)).statusCode, 401, 'still locked after 14 minutes');
    t.clock.advance(MINUTE + 1000);
    for (let i = 0; i < 5; i++) await signIn(user.email, 'not the password');
    t.clock.advance(16 * MINUTE);
    assert.equal((await signIn(user.email, STAFF_PASSWORD)).statusCode, 401, 'the second lock lasts longer');
    t.clock.advance(15 * MINUTE);
    assert.equal((await signIn(user.email, STAFF_PASSWORD)).statusCode, 200, 'released after 30 minutes');
    const locks = await listAuditEvents(t.deps, { action: 'auth.account_locked', targetId: String(user.id) });
    assert.equal(locks.events.length, 2);
    assert.equal(locks.events[0]?.data.lockouts, 2);
  });

  test('signing in again replaces the session the browser had', async () => {
    const user = await createStaff(t.deps);
    const first = await signInOverHttp(app, user.email);
    const second = await signIn(user.email, STAFF_PASSWORD, { cookie: first.cookie });
    assert.equal(second.statusCode, 200);
    assert.equal((await me(first.cookie)).statusCode, 401);
  });
});

describe('sessions', () => {
  test('a session ends after the idle timeout; activity keeps it alive', async () => {
    const user = await createStaff(t.deps);
    const { cookie } = await signInOverHttp(app, user.email);
    t.clock.advance(59 * MINUTE);
    assert.equal((await me(cookie)).statusCode, 200);
    t.clock.advance(59 * MINUTE);
    assert.equal((await me(cookie)).statusCode, 200, 'the last request restarted the idle clock');
    t.clock.advance(61 * MINUTE);
    const expired = await me(cookie);
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'unauthenticated');
    const cleared = expired.cookies.find((c) => c.name === 'frontdoor_session');
    assert.ok(cleared && cleared.value === '', 'the stale cookie is cleared');
  });

  test('a session ends after its absolute lifetime however active', async () => {
    const user = await createStaff(t.deps);
    const { cookie } = await signInOverHttp(app, user.email);
    for (let h = 0; h < 23; h++) {
      t.clock.advance(30 * MINUTE);
      assert.equal((await me(cookie)).statusCode, 200, `after ${(h + 1) / 2} hours`);
    }
    t.clock.advance(30 * MINUTE + 1000);
    assert.equal((await me(cookie)).statusCode, 401, 'twelve hours after sign-in');
  });

  test('sign-out ends this session only; sign-out-everywhere ends them all', async () => {
    const user = await createStaff(t.deps);
    const laptop = await signInOverHttp(app, user.email);
    const phone = await signInOverHttp(app, user.email);
    const desk = await signInOverHttp(app, user.email);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: laptop.headers });
    assert.equal(out.statusCode, 204, out.body);
    assert.equal(out.cookies.find((c) => c.name === 'frontdoor_session')?.value, '');
    assert.equal((await me(laptop.cookie)).statusCode, 401);
    assert.equal((await me(phone.cookie)).statusCode, 200);
    const everywhere = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: phone.headers });
    assert.equal(everywhere.statusCode, 204);
    assert.equal((await me(phone.cookie)).statusCode, 401);
    assert.equal((await me(desk.cookie)).statusCode, 401);
    const audit = await listAuditEvents(t.deps, { actorKind: 'staff', actorId: String(user.id) });
    assert.deepEqual(audit.events.map((e) => e.action).slice(0, 2), ['auth.sign_out_everywhere', 'auth.sign_out']);
    assert.equal(audit.events[0]?.data.sessions, 2);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out' })).statusCode, 401, 'nobody to sign out');
  });

  test('disabling an account ends its sessions at once; a role change applies to the next request', async () => {
    const user = await createStaff(t.deps, { roles: ['agent'] });
    const { cookie } = await signInOverHttp(app, user.email);
    await updateUser(t.deps, user.id, { roles: ['analyst'] }, { actor: { kind: 'system' } });
    assert.deepEqual((await me(cookie)).json().principal.roles, ['analyst']);
    assert.equal((await me(cookie)).json().principal.permissions.includes('requests:read_personal'), false);
    await updateUser(t.deps, user.id, { status: 'disabled' }, { actor: { kind: 'system' } });
    assert.equal((await me(cookie)).statusCode, 401);
  });

  test('a forged or malformed cookie is just anonymous', async () => {
    for (const value of ['forged', 'x'.repeat(5000), '']) {
      const res = await me(`frontdoor_session=${value}`);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'unauthenticated');
    }
    assert.equal((await app.inject({ url: '/', headers: { cookie: 'frontdoor_session=forged' } })).statusCode, 200, 'public pages still work');
  });
});

describe('CSRF', () => {
  test('a cookie-authenticated change without the token is refused; with it (header or form field) it goes through', async () => {
    const user = await createStaff(t.deps);
    const s = await signInOverHttp(app, user.email);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: s.cookie } });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().error.code, 'csrf_failed');
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43) } });
    assert.equal(wrong.json().error.code, 'csrf_failed');
    const other = await signInOverHttp(app, (await createStaff(t.deps)).email);
    const foreign = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: s.cookie, 'x-csrf-token': other.csrfToken } });
    assert.equal(foreign.json().error.code, 'csrf_failed', 'another session\'s token does not fit');
    assert.equal((await me(s.cookie)).statusCode, 200, 'nothing happened');
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.csrfToken)}`,
    });
    assert.equal(form.statusCode, 204, form.body);
    assert.equal((await me(s.cookie)).statusCode, 401);
  });

  test('sign-in needs no token but takes JSON only, which a cross-site form cannot send', async () => {
    const user = await createStaff(t.deps);
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(STAFF_PASSWORD)}`,
    });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json().error.code, 'unsupported_media_type');
  });
});
