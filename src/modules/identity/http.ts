import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import type { AuditActor, AuditContext } from '../audit/index.ts';
import { authenticateApiKey } from './api-keys.ts';
import { ANONYMOUS, authorize, requireStaffPrincipal, unauthenticated, type Permission, type Principal } from './policy.ts';
import { SESSION_COOKIE, authenticateSession, type ClientInfo } from './sessions.ts';
import { safeEqual } from './secrets.ts';
import type { IdentitySettings } from './settings.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: a signed-in staff member, an API key, or anonymous. Set for every route. */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** `false` exempts a route from the CSRF check (only sign-in, which has no session yet). */
    csrf?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM = 'application/x-www-form-urlencoded';

/** Whether the request reached us over HTTPS, directly or through a TLS-terminating proxy that says so. */
function isHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim().toLowerCase() === 'https');
}

const cookieOptions = (request: FastifyRequest, settings: IdentitySettings) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies === 'always' || isHttps(request) }) as const;

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS (or always, by setting), for the session's lifetime. */
export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, settings: IdentitySettings, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request, settings), maxAge: settings.sessionMaxHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, settings: IdentitySettings): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, settings));
}

/** An API key comes as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
function presentedApiKey(request: FastifyRequest): string | null | undefined {
  const header = request.headers['x-api-key'];
  if (header !== undefined) return typeof header === 'string' ? header : null;
  const authorization = request.headers.authorization;
  if (authorization === undefined) return undefined;
  return /^Bearer +(\S+) *$/i.exec(authorization)?.[1] ?? null;
}

/** Who the request comes from. A bad API key is refused (401); a stale session cookie is dropped (anonymous). */
async function authenticate(deps: Deps, settings: IdentitySettings, request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  const key = presentedApiKey(request);
  if (key !== undefined) {
    const principal = key === null ? null : await authenticateApiKey(deps, key);
    if (principal) return principal;
    reply.header('www-authenticate', 'Bearer realm="frontdoor", error="invalid_token"');
    throw unauthenticated(
      key === null ? 'Send the API key as "Authorization: Bearer <key>" or "X-Api-Key: <key>"' : 'The API key is not valid, or it has been revoked',
    );
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return ANONYMOUS;
  const principal = await authenticateSession(deps, settings, token);
  if (principal) return principal;
  clearSessionCookie(reply, request, settings);
  return ANONYMOUS;
}

/**
 * Refuses a cookie-authenticated change (POST, PUT, PATCH, DELETE) that does not carry the session's
 * CSRF token in `X-CSRF-Token` (or, from a form without JavaScript, a `_csrf` field, which is then
 * removed from the body). API-key requests carry no ambient credentials and need no token.
 */
function checkCsrf(request: FastifyRequest): void {
  const principal = request.principal;
  const form = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === FORM && request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : null;
  const field = form?._csrf;
  if (form) delete form._csrf;
  if (principal.kind !== 'staff' || !UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return;
  const header = request.headers['x-csrf-token'];
  const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
  if (!given || !safeEqual(given, principal.session.csrfToken)) {
    throw new AppError('csrf_failed', 403, 'This change needs the CSRF token from GET /api/v1/auth/me in the X-CSRF-Token header (or a _csrf form field)');
  }
}

/**
 * Authentication for every route: the cookie plugin, `request.principal` (session, API key or
 * anonymous), the CSRF check, per-API-key rate limits, and a parser for plain HTML form posts.
 * Call before any route is registered.
 */
export async function registerAuthentication(app: FastifyInstance, deps: Deps, settings: IdentitySettings): Promise<void> {
  await app.register(cookie);
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }
  app.decorateRequest('principal', null as never); // set by the hook below for every request
  app.addHook('onRequest', async (request, reply) => {
    request.principal = await authenticate(deps, settings, request, reply);
  });
  // Route-level hooks run after these application-level ones, so the limiter sees the principal.
  await app.register(rateLimit, {
    global: true,
    allowList: (request) => request.principal?.kind !== 'api_key',
    keyGenerator: (request) => (request.principal?.kind === 'api_key' ? `api_key:${request.principal.keyId}` : request.ip),
    max: (request) => (request.principal?.kind === 'api_key' && request.principal.rateLimitPerMinute) || settings.apiKeyRateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, `This API key may make ${context.max} requests a minute; try again in ${context.after}`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
  app.addHook('preHandler', async (request) => checkCsrf(request));
}

/** A route's pre-handler that lets only principals holding `permission` through (401 / 403 otherwise). */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async (request) => authorize(request.principal, permission);
}

/** A route's pre-handler for signed-in staff only (not API keys). */
export const requireStaff: preHandlerAsyncHookHandler = async (request) => {
  requireStaffPrincipal(request.principal);
};

/** The audit log's actor for a principal. */
export function auditActorOf(principal: Principal): AuditActor {
  switch (principal.kind) {
    case 'staff':
      return { kind: 'staff', id: principal.userId, label: principal.email };
    case 'api_key':
      return { kind: 'api_key', id: principal.keyId, label: principal.name };
    case 'anonymous':
      return { kind: 'anonymous' };
  }
}

/** Who is acting and from where, for services that write the audit log. */
export const auditContextOf = (request: FastifyRequest): AuditContext => ({ actor: auditActorOf(request.principal), ip: request.ip, requestId: String(request.id) });

/** Where a request comes from, for sessions and the audit log. */
export const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: String(request.id) });
