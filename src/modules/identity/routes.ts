import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { auditContextOf, clearSessionCookie, clientOf, requirePermission, requireStaff, setSessionCookie } from './http.ts';
import { registerOidcRoutes } from './oidc.ts';
import { requireStaffPrincipal, unauthenticated } from './policy.ts';
import { presentMe } from './presenter.ts';
import { idParamSchema, type CreateApiKeyInput, type CreateUserInput, type ListUsersInput, type SignInInput, type UpdateUserInput } from './schemas.ts';
import { endReplacedSession, signIn, signOut, signOutEverywhere } from './sessions.ts';
import type { IdentitySettings } from './settings.ts';
import { createUser, getUser, listRoles, listUsers, updateUser } from './users.ts';

/** Bodies here are a few fields: 16 KiB is plenty, and a larger one is refused (413) unread. */
const SMALL_BODY = { bodyLimit: 16_384 } as const;

/** Sign-out takes no fields (a form's `_csrf` has been consumed by the CSRF check). */
const emptyBody = z.object({}).strict().optional();

const id = (request: FastifyRequest): number => parseInput(idParamSchema, request.params).id;

/** Sign-in is JSON only: a cross-site form cannot send JSON, so nobody can sign a victim into an attacker's account. */
function requireJson(request: FastifyRequest): void {
  if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new AppError('unsupported_media_type', 415, 'Send the sign-in as JSON: Content-Type: application/json');
  }
}

/** Sign-in (password, or single sign-on when configured), sign-out, the caller's own identity; staff accounts, roles and API keys for administrators. */
export function registerIdentityRoutes(app: FastifyInstance, deps: Deps, settings: IdentitySettings): void {
  app.post('/api/v1/auth/sign-in', { ...SMALL_BODY, config: { csrf: false } }, async (request, reply) => {
    requireJson(request);
    const { token, principal } = await signIn(deps, settings, request.body as SignInInput, clientOf(request));
    if (request.principal.kind === 'staff') await endReplacedSession(deps, request.principal.session.id);
    setSessionCookie(reply, request, settings, token);
    reply.header('cache-control', 'no-store');
    return presentMe(principal);
  });

  app.post('/api/v1/auth/sign-out', { ...SMALL_BODY, preHandler: requireStaff }, async (request, reply) => {
    parseInput(emptyBody, request.body);
    await signOut(deps, requireStaffPrincipal(request.principal), clientOf(request));
    clearSessionCookie(reply, request, settings);
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/sign-out-everywhere', { ...SMALL_BODY, preHandler: requireStaff }, async (request, reply) => {
    parseInput(emptyBody, request.body);
    await signOutEverywhere(deps, requireStaffPrincipal(request.principal), clientOf(request));
    clearSessionCookie(reply, request, settings);
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const { principal } = request;
    if (principal.kind === 'anonymous') throw unauthenticated('Not signed in');
    reply.header('cache-control', 'no-store');
    return presentMe(principal);
  });

  registerOidcRoutes(app, deps, settings);

  const usersAdmin = requirePermission('users:admin');
  app.get('/api/v1/roles', { preHandler: usersAdmin }, async () => ({ roles: await listRoles(deps) }));
  app.get('/api/v1/users', { preHandler: usersAdmin }, async (request) => ({ users: await listUsers(deps, request.query as ListUsersInput) }));
  app.get('/api/v1/users/:id', { preHandler: usersAdmin }, async (request) => ({ user: await getUser(deps, id(request)) }));
  app.post('/api/v1/users', { ...SMALL_BODY, preHandler: usersAdmin }, async (request, reply) => {
    const created = await createUser(deps, request.body as CreateUserInput, auditContextOf(request));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(created);
  });
  app.patch('/api/v1/users/:id', { ...SMALL_BODY, preHandler: usersAdmin }, async (request) => ({
    user: await updateUser(deps, id(request), request.body as UpdateUserInput, auditContextOf(request)),
  }));

  const keysAdmin = requirePermission('apikeys:admin');
  app.get('/api/v1/api-keys', { preHandler: keysAdmin }, async () => ({ apiKeys: await listApiKeys(deps) }));
  app.post('/api/v1/api-keys', { ...SMALL_BODY, preHandler: keysAdmin }, async (request, reply) => {
    const created = await createApiKey(deps, request.body as CreateApiKeyInput, auditContextOf(request));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(created);
  });
  app.delete('/api/v1/api-keys/:id', { preHandler: keysAdmin }, async (request) => ({ apiKey: await revokeApiKey(deps, id(request), auditContextOf(request)) }));
}
