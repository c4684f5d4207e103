import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit, type AuditActor, type AuditContext } from '../audit/index.ts';
import { setSessionCookie } from './http.ts';
import type { StaffPrincipal } from './policy.ts';
import { presentMe } from './presenter.ts';
import * as repo from './repository.ts';
import { DESCRIBED_ONLY, NO_INPUT, oidcCallbackQuerySchema, oidcStartQuerySchema } from './schemas.ts';
import { authenticateSession, endReplacedSession, type ClientInfo } from './sessions.ts';
import { digest, randomToken, safeEqual } from './secrets.ts';
import type { IdentitySettings, OidcGrant, OidcSettings } from './settings.ts';
import { createSsoUser, updateUser } from './users.ts';

/**
 * Single sign-on for staff with OpenID Connect: the authorization code flow with PKCE (S256), state
 * and nonce (openid-client checks the ID token's signature, issuer, audience, nonce and expiry). A
 * successful sign-in opens an ordinary Frontdoor session, the same cookie as a password sign-in.
 *
 * The state, nonce and PKCE verifier of a sign-in under way live in the database (`oidc_logins`),
 * keyed by the SHA-256 of a random token that only the browser holds, in a short-lived HttpOnly
 * cookie. So the provider's answer is accepted only by the browser that started the sign-in, no
 * server secret is needed to sign or encrypt a cookie, several servers can share the work, and each
 * sign-in can be used once.
 */

/** The cookie holding the token of a sign-in under way; only the OIDC routes see it. */
export const OIDC_LOGIN_COOKIE = 'frontdoor_oidc';
const OIDC_PATH = '/api/v1/auth/oidc';
/** How long a person may take at the provider. */
const LOGIN_TTL_MS = 10 * 60_000;
/** Where a signed-in person lands unless the sign-in page asked for another page of this site. */
export const DEFAULT_RETURN_TO = '/console';

/** A same-site path to return to after sign-in, or null: not `//host`, not `/\host`, no scheme, no control characters. */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/')) return null;
  const control = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control || value.startsWith('//') || value.includes('\\')) return null;
  const resolved = new URL(value, 'http://frontdoor.invalid');
  return resolved.origin === 'http://frontdoor.invalid' ? resolved.pathname + resolved.search + resolved.hash : null;
}

/** The grants a person's claims map to (every matching value counts), and whether a map is in force. */
export function grantsFor(settings: OidcSettings, claims: Record<string, unknown>): { mapped: boolean; roles: string[]; departments: string[] } {
  const raw = claims[settings.roleClaim];
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  const grants: OidcGrant[] = values.flatMap((v) => (Object.hasOwn(settings.roleMap, v) ? (settings.roleMap[v] ?? []) : []));
  return {
    mapped: Object.keys(settings.roleMap).length > 0,
    roles: [...new Set(grants.map((g) => g.role))].sort(),
    departments: [...new Set(grants.flatMap((g) => (g.department ? [g.department] : [])))].sort(),
  };
}

/** A refused single sign-on: the answer to send, and the reason for the audit log. */
class SsoRefused extends Error {
  constructor(
    readonly reason: string,
    readonly error: AppError,
    readonly who: { label?: string; userId?: number } = {},
  ) {
    super(error.message);
  }
}

const refuse = (reason: string, status: number, message: string, who: SsoRefused['who'] = {}): SsoRefused =>
  new SsoRefused(reason, new AppError(`sso_${reason}`, status, message), who);

/** The provider's configuration, discovered on first use (and again after a failure), not at boot. */
export class OidcClient {
  #configuration: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  configuration(): Promise<client.Configuration> {
    if (!this.#configuration) {
      const { issuer, clientId, clientSecret } = this.settings;
      const insecure = new URL(issuer).protocol === 'http:'; // only for localhost: config.ts allows nothing else
      this.#configuration = client
        .discovery(new URL(issuer), clientId, undefined, clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(), {
          ...(insecure && { execute: [client.allowInsecureRequests] }),
          timeout: 10,
        })
        .catch((error: unknown) => {
          this.#configuration = null;
          throw new AppError('sso_provider_unavailable', 502, `The sign-in provider ${issuer} cannot be reached or did not describe itself; try again shortly`, {
            cause: error instanceof Error ? error.message : String(error),
          });
        });
    }
    return this.#configuration;
  }
}

/** Starts a sign-in: remembers state, nonce and PKCE verifier, and returns the provider's URL and the browser's token. */
export async function startOidcSignIn(deps: Deps, oidc: OidcClient, returnTo: string | null): Promise<{ url: string; token: string }> {
  const config = await oidc.configuration();
  const now = deps.clock.now();
  const token = randomToken();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await repo.deleteExpiredOidcLogins(deps.db, now);
  await repo.insertOidcLogin(deps.db, {
    token_hash: digest(token),
    state,
    nonce,
    code_verifier: verifier,
    return_to: returnTo,
    created_at: now,
    expires_at: new Date(now.getTime() + LOGIN_TTL_MS),
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.settings.redirectUrl,
    scope: oidc.settings.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, token };
}

/** Claims as plain text fields. */
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** The provider's answer: the ID token's claims, completed from the UserInfo endpoint when there is one. */
async function exchangeCode(oidc: OidcClient, login: { state: string; nonce: string; code_verifier: string }, query: URLSearchParams): Promise<Record<string, unknown>> {
  const providerError = query.get('error');
  if (providerError && !query.has('code')) {
    const description = query.get('error_description');
    throw refuse('provider_error', 400, `The sign-in provider refused: ${providerError.slice(0, 100)}${description ? ` (${description.slice(0, 300)})` : ''}`);
  }
  const config = await oidc.configuration();
  // The callback URL exactly as registered (a proxy in front may have changed scheme or host).
  const callback = new URL(oidc.settings.redirectUrl);
  callback.search = query.toString();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) {
      throw refuse('provider_error', 400, `The sign-in provider refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`);
    }
    throw refuse('token_rejected', 400, `The sign-in provider's answer could not be accepted: ${error instanceof Error ? error.message : String(error)}`);
  }
  const idToken = tokens.claims();
  if (!idToken) throw refuse('token_rejected', 400, 'The sign-in provider sent no ID token');
  let userInfo: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      userInfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
    } catch (error) {
      throw refuse('token_rejected', 400, `The sign-in provider's user information could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ...userInfo, ...idToken };
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Finishes a sign-in: checks the browser's token and the state, exchanges the code, finds (or, when
 * allowed, creates) the account, applies the roles the claims map to, opens a session. Every refusal
 * is recorded in the audit log and answered with a 4xx naming its reason.
 */
export async function finishOidcSignIn(
  deps: Deps,
  identity: IdentitySettings,
  oidc: OidcClient,
  input: { token: string | undefined; query: URLSearchParams },
  clientInfo: ClientInfo = {},
): Promise<{ token: string; principal: StaffPrincipal; returnTo: string }> {
  const settings = oidc.settings;
  const context = { ip: clientInfo.ip, requestId: clientInfo.requestId };
  const system: AuditActor = { kind: 'system', label: `single sign-on (${settings.issuer})`.slice(0, 300) };
  try {
    const now = deps.clock.now();
    const login = input.token && input.token.length <= 100 ? await repo.takeOidcLogin(deps.db, digest(input.token), now) : undefined;
    if (!login) throw refuse('no_login', 400, 'This sign-in was not started in this browser, was already used, or took longer than 10 minutes: start again');
    if (!safeEqual(input.query.get('state') ?? '', login.state)) throw refuse('state_mismatch', 400, 'The answer from the sign-in provider does not belong to this sign-in (state mismatch): start again');
    const claims = await exchangeCode(oidc, login, input.query);

    const subject = text(claims.sub) as string;
    const email = text(claims.email);
    const verified = claims.email_verified === true;
    const label = (email ?? `sub:${subject}`).slice(0, 254);
    const grants = grantsFor(settings, claims);
    if (grants.mapped && !grants.roles.length) {
      throw refuse('no_role', 403, `Your account at the sign-in provider has no ${settings.roleClaim} that gives a Frontdoor role; ask an administrator`, { label });
    }

    let user = await repo.selectUserByOidcSubject(deps.db, subject);
    if (!user && email && verified) {
      user = await repo.selectUserByEmailForOidc(deps.db, email);
      if (user?.oidc_subject) throw refuse('account_linked_elsewhere', 403, `The Frontdoor account for ${email} is linked to another sign-in identity; ask an administrator`, { label, userId: user.id });
    }
    const ctx: AuditContext = { ...context, actor: system };
    if (!user) {
      if (!settings.autoCreate) throw refuse('unknown_user', 403, 'There is no Frontdoor staff account for you yet; ask an administrator to create one', { label });
      if (!email || !verified) throw refuse('no_verified_email', 403, 'The sign-in provider did not give a verified e-mail address, which a new account needs', { label });
      const name = text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || email);
      const created = await createSsoUser(deps, { email, name, subject, roles: grants.roles, departments: grants.departments }, ctx);
      user = await repo.selectUserByOidcSubject(deps.db, subject);
      if (!user || user.id !== created.id) throw new Error('an account just created could not be read back');
    } else {
      if (user.status !== 'active') throw refuse('account_disabled', 403, 'Your Frontdoor account is disabled; ask an administrator', { label, userId: user.id });
      if (!user.oidc_subject) {
        if (!(await repo.linkOidcSubject(deps.db, user.id, subject, now))) throw refuse('account_linked_elsewhere', 403, 'This Frontdoor account was just linked to another sign-in identity', { label, userId: user.id });
        await recordAudit(deps.db, { ...ctx, at: now, action: 'user.oidc_linked', target: { kind: 'staff_user', id: user.id }, data: { email: user.email } });
      }
      if (grants.mapped && (!sameList(grants.roles, user.roles) || !sameList(grants.departments, user.departments))) {
        await updateUser(deps, user.id, { roles: grants.roles, departments: grants.departments }, ctx);
      }
    }

    const userId = user.id;
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + identity.sessionMaxHours * 3_600_000);
    const sessionId = await deps.db.transaction().execute(async (trx) => {
      await repo.recordOidcSignIn(trx, userId, now);
      const id = await repo.insertSession(trx, {
        token_hash: digest(token),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip: clientInfo.ip?.slice(0, 100) ?? null,
        user_agent: clientInfo.userAgent?.slice(0, 500) ?? null,
      });
      await recordAudit(trx, { ...context, at: now, actor: { kind: 'staff', id: userId, label: user.email }, action: 'auth.sign_in', target: { kind: 'staff_session', id }, data: { method: 'oidc', issuer: settings.issuer } });
      return id;
    });
    const principal = await authenticateSession(deps, identity, token);
    if (!principal || principal.session.id !== sessionId) throw new Error('a session just opened could not be read back');
    return { token, principal, returnTo: login.return_to ?? DEFAULT_RETURN_TO };
  } catch (error) {
    const refusal =
      error instanceof SsoRefused
        ? error
        : error instanceof AppError && error.status < 500
          ? // A role map naming an unknown role or department, or demoting the last administrator.
            new SsoRefused(error.code, new AppError(`sso_${error.code}`, 403, `Single sign-on cannot apply your roles: ${error.message}`, error.details))
          : null;
    if (!refusal) throw error;
    await recordAudit(deps.db, {
      ...context,
      at: deps.clock.now(),
      actor: { kind: 'anonymous', label: refusal.who.label },
      action: 'auth.sign_in',
      outcome: 'failure',
      target: refusal.who.userId ? { kind: 'staff_user', id: refusal.who.userId } : null,
      data: { method: 'oidc', reason: refusal.reason, message: refusal.error.message.slice(0, 500) },
    });
    throw refusal.error;
  }
}

/** Whether the request came over HTTPS, directly or through a proxy that says so (as for the session cookie). */
function isHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim().toLowerCase() === 'https');
}

function loginCookieOptions(request: FastifyRequest, settings: IdentitySettings) {
  // Lax, not Strict: the provider sends the browser back with a top-level GET from its own site.
  return { path: OIDC_PATH, httpOnly: true, sameSite: 'lax', secure: settings.secureCookies === 'always' || isHttps(request) } as const;
}

const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: String(request.id) });

/**
 * `GET /api/v1/auth/oidc` (is single sign-on on?), and when it is, `GET /api/v1/auth/oidc/start`
 * (→ 302 to the provider) and `GET /api/v1/auth/oidc/callback` (→ 302 to the console, signed in).
 */
export function registerOidcRoutes(app: FastifyInstance, deps: Deps, settings: IdentitySettings): void {
  const oidc = settings.oidc ? new OidcClient(settings.oidc) : null;
  const tags = ['Sign-in'];
  app.get(OIDC_PATH, { schema: { tags, summary: 'Whether single sign-on is on, and where to start it', security: [], ...NO_INPUT } }, async () => ({ enabled: oidc !== null, ...(oidc && { startUrl: `${OIDC_PATH}/start` }) }));
  if (!oidc) return;

  app.get(
    `${OIDC_PATH}/start`,
    { ...DESCRIBED_ONLY, schema: { tags, summary: 'Start single sign-on', description: 'Redirects (302) to the sign-in provider.', security: [], querystring: oidcStartQuerySchema } },
    async (request, reply: FastifyReply) => {
      const query = request.query as Record<string, unknown>;
      const returnTo = query.return_to === undefined ? null : safeReturnTo(query.return_to);
      if (query.return_to !== undefined && !returnTo) throw new AppError('validation_failed', 400, 'return_to must be a path on this site, such as /console/requests', { field: 'return_to' });
      const { url, token } = await startOidcSignIn(deps, oidc, returnTo);
      reply.setCookie(OIDC_LOGIN_COOKIE, token, { ...loginCookieOptions(request, settings), maxAge: LOGIN_TTL_MS / 1000 });
      reply.header('cache-control', 'no-store');
      return reply.redirect(url, 302);
    },
  );

  app.get(
    `${OIDC_PATH}/callback`,
    {
      ...DESCRIBED_ONLY,
      schema: {
        tags,
        summary: 'Where the sign-in provider sends the browser back',
        description: 'Signs in and redirects (302) to the console; a client that accepts application/json first gets the signed-in staff member instead.',
        security: [],
        querystring: oidcCallbackQuerySchema,
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      reply.clearCookie(OIDC_LOGIN_COOKIE, loginCookieOptions(request, settings));
      reply.header('cache-control', 'no-store');
      const { token, principal, returnTo } = await finishOidcSignIn(deps, settings, oidc, { token: request.cookies[OIDC_LOGIN_COOKIE], query }, clientOf(request));
      if (request.principal.kind === 'staff') await endReplacedSession(deps, request.principal.session.id);
      setSessionCookie(reply, request, settings, token);
      // A client that asks for JSON gets the principal, as from password sign-in; a browser is redirected.
      if (request.headers.accept?.split(',')[0]?.trim() === 'application/json') return presentMe(principal);
      return reply.redirect(returnTo, 302);
    },
  );
}
