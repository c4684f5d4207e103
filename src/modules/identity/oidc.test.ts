import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createStaff, seedTestville } from '../../test/factories.ts';
import { startTestOidcProvider } from '../../test/oidc-provider.ts';
import { listAuditEvents } from '../audit/index.ts';
import { OIDC_LOGIN_COOKIE, grantsFor, safeReturnTo } from './oidc.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings, type OidcSettings } from './settings.ts';
import { getUser, updateUser } from './users.ts';

const REDIRECT = 'http://localhost:3311/api/v1/auth/oidc/callback';
const ROLE_MAP = '{"311-agents":"agent","streets-crew":"bureau_staff:streets","it-admins":"administrator","leads":["supervisor","bureau_staff:parks"]}';

const t = await openTestDatabase();
await seedTestville(t.deps);
const idp = await startTestOidcProvider(REDIRECT);
after(() => idp.close());

const oidcEnv = (extra: Record<string, string> = {}) => ({
  FRONTDOOR_OIDC_ISSUER: idp.issuer,
  FRONTDOOR_OIDC_CLIENT_ID: idp.clientId,
  FRONTDOOR_OIDC_CLIENT_SECRET: idp.clientSecret,
  FRONTDOOR_OIDC_REDIRECT_URL: REDIRECT,
  FRONTDOOR_OIDC_SCOPES: 'openid email profile groups',
  FRONTDOOR_OIDC_ROLE_MAP: ROLE_MAP,
  ...extra,
});

async function appWith(identity: IdentitySettings): Promise<FastifyInstance> {
  const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', identity } });
  after(() => app.close());
  return app;
}

const app = await appWith(loadConfig(oidcEnv()).identity);
const autoCreating = await appWith(loadConfig(oidcEnv({ FRONTDOOR_OIDC_AUTO_CREATE: 'on' })).identity);

/** Starts a sign-in at Frontdoor: the provider URL and the browser's login cookie. */
async function start(on: FastifyInstance = app, query = '') {
  const res = await on.inject({ url: `/api/v1/auth/oidc/start${query}` });
  assert.equal(res.statusCode, 302, res.body);
  const cookie = res.cookies.find((c) => c.name === OIDC_LOGIN_COOKIE);
  assert.ok(cookie);
  return { location: new URL(res.headers.location as string), cookie: `${OIDC_LOGIN_COOKIE}=${cookie.value}`, loginCookie: cookie };
}

const callback = (on: FastifyInstance, url: URL, cookie: string) => on.inject({ url: `${url.pathname}${url.search}`, headers: { cookie } });

/** The whole flow: start → provider login and consent → callback. Returns Frontdoor's answer to the callback. */
async function signInThroughProvider(accountId: string, on: FastifyInstance = app, query = '') {
  const begun = await start(on, query);
  const back = await idp.signIn(begun.location.href, accountId);
  return callback(on, back, begun.cookie);
}

const sessionOf = (res: { cookies: { name: string; value: string }[] }) => {
  const session = res.cookies.find((c) => c.name === 'frontdoor_session');
  assert.ok(session, 'a session cookie');
  return `frontdoor_session=${session.value}`;
};
const me = async (on: FastifyInstance, cookie: string) => {
  const res = await on.inject({ url: '/api/v1/auth/me', headers: { cookie } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().principal as { id: number; email: string; roles: string[]; departments: string[] };
};
const errorCode = (res: { statusCode: number; body: string }) => (JSON.parse(res.body) as { error: { code: string } }).error.code;
const oidcFailures = async () => (await listAuditEvents(t.deps, { action: 'auth.sign_in' })).events.filter((e) => e.outcome === 'failure' && (e.data as { method?: string }).method === 'oidc');
const userByEmail = (email: string) => t.deps.db.selectFrom('staff_users').select(['id', 'oidc_subject', 'password_hash']).where('email', '=', email).executeTakeFirst();

describe('settings', () => {
  test('off unless the issuer is set; complete settings are read with defaults', () => {
    assert.equal(loadConfig({}).identity.oidc, undefined);
    const oidc = loadConfig({ ...oidcEnv(), FRONTDOOR_OIDC_SCOPES: '' }).identity.oidc as OidcSettings;
    assert.equal(oidc.issuer, idp.issuer);
    assert.equal(oidc.scopes, 'openid email profile');
    assert.equal(oidc.roleClaim, 'groups');
    assert.equal(oidc.autoCreate, false);
    assert.deepEqual(oidc.roleMap.leads, [{ role: 'supervisor' }, { role: 'bureau_staff', department: 'parks' }]);
    assert.equal(loadConfig({ FRONTDOOR_OIDC_ISSUER: 'https://login.example.gov/realms/city', FRONTDOOR_OIDC_CLIENT_ID: 'fd', FRONTDOOR_OIDC_REDIRECT_URL: 'https://311.example.gov/api/v1/auth/oidc/callback' }).identity.oidc?.clientSecret, null, 'a public client');
  });

  test('every bad or missing single sign-on setting is listed, with the other bad settings', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
      assert.fail('expected a ConfigError');
    };
    const listed = problems({ PORT: 'eighty', FRONTDOOR_OIDC_ISSUER: 'not a url', FRONTDOOR_OIDC_ROLE_MAP: '{"a": "agent"', FRONTDOOR_OIDC_AUTO_CREATE: 'maybe' });
    assert.equal(listed.length, 6, listed.join('\n'));
    assert.match(listed.join('\n'), /PORT="eighty"/);
    assert.match(listed.join('\n'), /FRONTDOOR_OIDC_ISSUER="not a url": must be a URL/);
    assert.match(listed.join('\n'), /FRONTDOOR_OIDC_CLIENT_ID="": required when FRONTDOOR_OIDC_ISSUER is set/);
    assert.match(listed.join('\n'), /FRONTDOOR_OIDC_REDIRECT_URL="": required/);
    assert.match(listed.join('\n'), /FRONTDOOR_OIDC_ROLE_MAP=".*": must be JSON/);
    assert.match(listed.join('\n'), /FRONTDOOR_OIDC_AUTO_CREATE="maybe": must be on or off/);

    assert.match(problems({ ...oidcEnv(), FRONTDOOR_OIDC_ISSUER: 'http://login.example.gov' }).join(), /must be an https:\/\/ URL \(plain http only for localhost\)/);
    assert.match(problems({ ...oidcEnv(), FRONTDOOR_OIDC_ROLE_MAP: '["agent"]' }).join(), /must be a JSON object/);
    assert.match(problems({ ...oidcEnv(), FRONTDOOR_OIDC_ROLE_MAP: '{"pbot":"Bureau Staff"}' }).join(), /"pbot": "Bureau Staff" is not "role" or "role:department"/);
    assert.match(problems({ ...oidcEnv(), FRONTDOOR_OIDC_REDIRECT_URL: 'https://311.example.gov/callback' }).join(), /must end in \/api\/v1\/auth\/oidc\/callback/);
    assert.match(problems({ ...oidcEnv(), FRONTDOOR_OIDC_ROLE_MAP: '', FRONTDOOR_OIDC_AUTO_CREATE: 'on' }).join(), /FRONTDOOR_OIDC_AUTO_CREATE="on": needs FRONTDOOR_OIDC_ROLE_MAP/);
    assert.deepEqual(problems({ FRONTDOOR_OIDC_CLIENT_ID: 'fd' }), ['FRONTDOOR_OIDC_ISSUER="": required when FRONTDOOR_OIDC_CLIENT_ID is set (single sign-on is off without it)']);
  });

  test('claims map to the union of their grants; return_to must be a path on this site', () => {
    const settings = loadConfig(oidcEnv()).identity.oidc as OidcSettings;
    assert.deepEqual(grantsFor(settings, { groups: ['311-agents', 'leads', 'unknown', 'constructor'] }), { mapped: true, roles: ['agent', 'bureau_staff', 'supervisor'], departments: ['parks'] });
    assert.deepEqual(grantsFor(settings, { groups: 'streets-crew' }), { mapped: true, roles: ['bureau_staff'], departments: ['streets'] });
    assert.deepEqual(grantsFor(settings, {}), { mapped: true, roles: [], departments: [] });
    assert.equal(safeReturnTo('/console/requests?status=new'), '/console/requests?status=new');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'console', '/a\nb']) assert.equal(safeReturnTo(bad), null, bad);
  });
});

describe('single sign-on against a real OpenID Connect provider', () => {
  test('without an issuer, single sign-on is off and its routes are absent', async () => {
    const plain = await appWith(DEFAULT_IDENTITY_SETTINGS);
    assert.deepEqual((await plain.inject({ url: '/api/v1/auth/oidc' })).json(), { enabled: false });
    assert.equal((await plain.inject({ url: '/api/v1/auth/oidc/start' })).statusCode, 404);
    assert.deepEqual((await app.inject({ url: '/api/v1/auth/oidc' })).json(), { enabled: true, startUrl: '/api/v1/auth/oidc/start' });
  });

  test('start redirects to the provider with PKCE (S256), state and nonce, and sets a short-lived HttpOnly Lax cookie', async () => {
    const { location, loginCookie } = await start();
    assert.equal(location.origin, idp.issuer);
    assert.equal(location.searchParams.get('response_type'), 'code');
    assert.equal(location.searchParams.get('client_id'), idp.clientId);
    assert.equal(location.searchParams.get('redirect_uri'), REDIRECT);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.match(location.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok((location.searchParams.get('state') ?? '').length >= 20);
    assert.ok((location.searchParams.get('nonce') ?? '').length >= 20);
    assert.equal(location.searchParams.get('scope'), 'openid email profile groups');
    assert.equal(loginCookie.httpOnly, true);
    assert.equal(loginCookie.sameSite, 'Lax');
    assert.equal(loginCookie.path, '/api/v1/auth/oidc');
    assert.equal(loginCookie.maxAge, 600);
    assert.equal((await app.inject({ url: '/api/v1/auth/oidc/start?return_to=//evil.example' })).statusCode, 400);
  });

  test('the whole flow: provider login and consent, callback, a session with the roles the claims map to; claims later change the roles', async () => {
    const user = await createStaff(t.deps, { email: 'rosa@testville.example', roles: ['analyst'] });
    idp.accounts.set('rosa-sub-1', { email: 'Rosa@testville.example', email_verified: true, name: 'Rosa Ruiz', groups: ['streets-crew'] });

    const res = await signInThroughProvider('rosa-sub-1', app, '?return_to=/console/requests');
    assert.equal(res.statusCode, 302, res.body);
    assert.equal(res.headers.location, '/console/requests');
    const cleared = res.cookies.find((c) => c.name === OIDC_LOGIN_COOKIE);
    assert.equal(cleared?.value, '', 'the login cookie is cleared');
    const cookie = sessionOf(res);
    const principal = await me(app, cookie);
    assert.equal(principal.id, user.id);
    assert.deepEqual(principal.roles, ['bureau_staff']);
    assert.deepEqual(principal.departments, ['streets']);
    assert.equal((await userByEmail('rosa@testville.example'))?.oidc_subject, 'rosa-sub-1', 'matched by verified e-mail, then linked');

    // The provider now puts her in other groups, under another address: found by subject, roles follow.
    idp.accounts.set('rosa-sub-1', { email: 'rosa.ruiz@elsewhere.example', email_verified: true, groups: ['311-agents', 'leads'] });
    const again = await signInThroughProvider('rosa-sub-1');
    assert.equal(again.statusCode, 302, again.body);
    assert.equal(again.headers.location, '/console');
    const after = await me(app, sessionOf(again));
    assert.equal(after.id, user.id);
    assert.deepEqual(after.roles, ['agent', 'bureau_staff', 'supervisor']);
    assert.deepEqual(after.departments, ['parks']);

    const events = (await listAuditEvents(t.deps, {})).events.filter((e) => e.target?.id === String(user.id) || e.actor.id === String(user.id));
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    assert.equal(actions.filter((a) => a === 'auth.sign_in:success').length, 2, actions.join());
    assert.ok(actions.includes('user.oidc_linked:success'));
    const roleChanges = events.filter((e) => e.action === 'user.roles_changed').map((e) => e.data);
    assert.deepEqual(roleChanges.reverse(), [
      { from: ['analyst'], to: ['bureau_staff'] },
      { from: ['bureau_staff'], to: ['agent', 'bureau_staff', 'supervisor'] },
    ]);
    const signIn = events.find((e) => e.action === 'auth.sign_in');
    assert.equal((signIn?.data as { method: string }).method, 'oidc');
    assert.equal(signIn?.actor.label, 'rosa@testville.example');
  });

  test('a client asking for JSON gets the principal from the callback, as from password sign-in', async () => {
    await createStaff(t.deps, { email: 'jo@testville.example', roles: ['agent'] });
    idp.accounts.set('jo-sub', { email: 'jo@testville.example', email_verified: true, groups: ['it-admins'] });
    const begun = await start();
    const back = await idp.signIn(begun.location.href, 'jo-sub');
    const res = await app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: begun.cookie, accept: 'application/json' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().principal.roles, ['administrator']);
    assert.match(res.json().csrfToken, /^[\w-]{43}$/);
  });

  test('a state that does not match is refused, and an answer cannot be used twice', async () => {
    idp.accounts.set('mallory-sub', { email: 'mallory@testville.example', email_verified: true, groups: ['311-agents'] });
    const before = (await oidcFailures()).length;
    const begun = await start();
    const back = await idp.signIn(begun.location.href, 'mallory-sub');
    const forged = new URL(back);
    forged.searchParams.set('state', 'someone-elses-state');
    const res = await callback(app, forged, begun.cookie);
    assert.equal(res.statusCode, 400);
    assert.equal(errorCode(res), 'sso_state_mismatch');
    assert.equal(res.cookies.find((c) => c.name === 'frontdoor_session'), undefined);
    // The login was used up by the refused attempt; the genuine answer now finds nothing.
    const replay = await callback(app, back, begun.cookie);
    assert.equal(errorCode(replay), 'sso_no_login');
    // An answer without the browser's cookie (another browser) is refused too.
    const other = await start();
    const stolen = await idp.signIn(other.location.href, 'mallory-sub');
    assert.equal(errorCode(await callback(app, stolen, '')), 'sso_no_login');
    // The provider's own error is passed on as a 400, not a 500.
    const denied = await start();
    const state = denied.location.searchParams.get('state') as string;
    const refusal = await callback(app, new URL(`${REDIRECT}?error=access_denied&error_description=nope&state=${state}`), denied.cookie);
    assert.equal(refusal.statusCode, 400);
    assert.equal(errorCode(refusal), 'sso_provider_error');
    const reasons = (await oidcFailures()).slice(0, (await oidcFailures()).length - before).map((e) => (e.data as { reason: string }).reason);
    assert.deepEqual(reasons.sort(), ['no_login', 'no_login', 'provider_error', 'state_mismatch']);
  });

  test('with auto-create off, an unknown person is refused and no account is made', async () => {
    idp.accounts.set('new-sub', { email: 'newcomer@testville.example', email_verified: true, groups: ['311-agents'] });
    const res = await signInThroughProvider('new-sub');
    assert.equal(res.statusCode, 403);
    assert.equal(errorCode(res), 'sso_unknown_user');
    assert.equal(await userByEmail('newcomer@testville.example'), undefined);
    assert.equal((await oidcFailures())[0]?.actor.label, 'newcomer@testville.example');
  });

  test('an unverified e-mail address does not match an account', async () => {
    await createStaff(t.deps, { email: 'vera@testville.example' });
    idp.accounts.set('vera-sub', { email: 'vera@testville.example', email_verified: false, groups: ['311-agents'] });
    const res = await signInThroughProvider('vera-sub');
    assert.equal(errorCode(res), 'sso_unknown_user');
    assert.equal((await userByEmail('vera@testville.example'))?.oidc_subject, null);
  });

  test('with auto-create on, a new person whose claims map to a role gets an account without a password', async () => {
    idp.accounts.set('sam-sub', { email: 'sam@testville.example', email_verified: true, name: 'Sam Lee', groups: ['leads'] });
    const res = await signInThroughProvider('sam-sub', autoCreating);
    assert.equal(res.statusCode, 302, res.body);
    const principal = await me(autoCreating, sessionOf(res));
    assert.equal(principal.email, 'sam@testville.example');
    assert.deepEqual(principal.roles, ['bureau_staff', 'supervisor']);
    assert.deepEqual(principal.departments, ['parks']);
    const row = await userByEmail('sam@testville.example');
    assert.equal(row?.oidc_subject, 'sam-sub');
    assert.equal(row?.password_hash, null);
    assert.equal((await getUser(t.deps, principal.id)).name, 'Sam Lee');
    const created = (await listAuditEvents(t.deps, { action: 'user.created' })).events.find((e) => e.target?.id === String(principal.id));
    assert.equal((created?.data as { via: string }).via, 'oidc');
  });

  test('claims that map to no role are refused, and no account is created even with auto-create on', async () => {
    idp.accounts.set('nobody-sub', { email: 'nobody@testville.example', email_verified: true, groups: ['gardening-club'] });
    const res = await signInThroughProvider('nobody-sub', autoCreating);
    assert.equal(res.statusCode, 403);
    assert.equal(errorCode(res), 'sso_no_role');
    assert.equal(await userByEmail('nobody@testville.example'), undefined);

    const existing = await createStaff(t.deps, { email: 'kim@testville.example', roles: ['agent'] });
    idp.accounts.set('kim-sub', { email: 'kim@testville.example', email_verified: true, groups: [] });
    assert.equal(errorCode(await signInThroughProvider('kim-sub')), 'sso_no_role');
    assert.deepEqual((await getUser(t.deps, existing.id)).roles, ['agent'], 'roles untouched by a refused sign-in');
  });

  test('a disabled account is refused', async () => {
    const user = await createStaff(t.deps, { email: 'dee@testville.example' });
    await updateUser(t.deps, user.id, { status: 'disabled' }, { actor: { kind: 'system' } });
    idp.accounts.set('dee-sub', { email: 'dee@testville.example', email_verified: true, groups: ['311-agents'] });
    const res = await signInThroughProvider('dee-sub');
    assert.equal(res.statusCode, 403);
    assert.equal(errorCode(res), 'sso_account_disabled');
    const failure = (await oidcFailures())[0];
    assert.equal(failure?.target?.id, String(user.id));
    assert.equal((failure?.data as { reason: string }).reason, 'account_disabled');
  });

  test('a role map naming a department that does not exist is refused clearly, not a 500', async () => {
    const odd = await appWith(loadConfig(oidcEnv({ FRONTDOOR_OIDC_ROLE_MAP: '{"311-agents":"bureau_staff:atlantis"}' })).identity);
    await createStaff(t.deps, { email: 'lee@testville.example' });
    idp.accounts.set('lee-sub', { email: 'lee@testville.example', email_verified: true, groups: ['311-agents'] });
    const res = await signInThroughProvider('lee-sub', odd);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(errorCode(res), 'sso_validation_failed');
  });
});
