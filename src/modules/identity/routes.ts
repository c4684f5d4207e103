import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { createApiKey, listApiKeys, listPermissions, revokeApiKey } from './api-keys.ts';
import { auditContextOf, clearSessionCookie, clientOf, requirePermission, requireStaff, setSessionCookie } from './http.ts';
import { registerOidcRoutes } from './oidc.ts';
import { requireStaffPrincipal, unauthenticated } from './policy.ts';
import { presentMe } from './presenter.ts';
import {
  DESCRIBED_ONLY,
  NO_INPUT,
  createApiKeySchema,
  createUserSchema,
  idParamSchema,
  listUsersSchema,
  signInSchema,
  updateUserSchema,
  type CreateApiKeyInput,
  type CreateUserInput,
  type ListUsersInput,
  type SignInInput,
  type UpdateUserInput,
} from './schemas.ts';
import { endReplacedSession, signIn, signOut, signOutEverywhere } from './sessions.ts';
import type { IdentitySettings } from './settings.ts';
import { createUser, getUser, listRoles, listUsers, updateUser } from './users.ts';

/** Bodies here are a few fields: 16 KiB is plenty, and a larger one is refused (413) unread. */
const SMALL_BODY = { bodyLimit: 16_384 } as const;

const AUTH = ['Sign-in'];
const ACCOUNTS = ['Staff accounts'];
const KEYS = ['API keys'];

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
  app.post(
    '/api/v1/auth/sign-in',
    {
      ...SMALL_BODY,
      ...DESCRIBED_ONLY,
      config: { csrf: false },
      schema: { tags: AUTH, summary: 'Sign in with e-mail address and password', description: 'Sets the session cookie and returns the signed-in staff member. JSON only.', security: [], body: signInSchema },
    },
    async (request, reply) => {
      requireJson(request);
      const { token, principal } = await signIn(deps, settings, request.body as SignInInput, clientOf(request));
      if (request.principal.kind === 'staff') await endReplacedSession(deps, request.principal.session.id);
      setSessionCookie(reply, request, settings, token);
      reply.header('cache-control', 'no-store');
      return presentMe(principal);
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    { ...SMALL_BODY, preHandler: requireStaff, schema: { tags: AUTH, summary: 'End this session', description: 'Takes no fields (an empty JSON object is accepted).', ...NO_INPUT } },
    async (request, reply) => {
      parseInput(emptyBody, request.body);
      await signOut(deps, requireStaffPrincipal(request.principal), clientOf(request));
      clearSessionCookie(reply, request, settings);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/sign-out-everywhere',
    { ...SMALL_BODY, preHandler: requireStaff, schema: { tags: AUTH, summary: "End every one of the caller's sessions", description: 'Takes no fields (an empty JSON object is accepted).', ...NO_INPUT } },
    async (request, reply) => {
      parseInput(emptyBody, request.body);
      await signOutEverywhere(deps, requireStaffPrincipal(request.principal), clientOf(request));
      clearSessionCookie(reply, request, settings);
      return reply.status(204).send();
    },
  );

  app.get('/api/v1/auth/me', { schema: { tags: AUTH, summary: 'The signed-in caller, with its permissions and CSRF token', ...NO_INPUT } }, async (request, reply) => {
    const { principal } = request;
    if (principal.kind === 'anonymous') throw unauthenticated('Not signed in');
    reply.header('cache-control', 'no-store');
    return presentMe(principal);
  });

  registerOidcRoutes(app, deps, settings);

  const usersAdmin = requirePermission('users:admin');
  app.get('/api/v1/roles', { preHandler: usersAdmin, schema: { tags: ACCOUNTS, summary: 'Roles and their permissions', ...NO_INPUT } }, async () => ({ roles: await listRoles(deps) }));
  app.get('/api/v1/users', { ...DESCRIBED_ONLY, preHandler: usersAdmin, schema: { tags: ACCOUNTS, summary: 'Staff accounts', querystring: listUsersSchema } }, async (request) => ({ users: await listUsers(deps, request.query as ListUsersInput) }));
  app.get('/api/v1/users/:id', { ...DESCRIBED_ONLY, preHandler: usersAdmin, schema: { tags: ACCOUNTS, summary: 'One staff account', params: idParamSchema } }, async (request) => ({ user: await getUser(deps, id(request)) }));
  app.post(
    '/api/v1/users',
    {
      ...SMALL_BODY,
      ...DESCRIBED_ONLY,
      preHandler: usersAdmin,
      schema: { tags: ACCOUNTS, summary: 'Create a staff account', description: 'Without a password, a random one is generated and returned once.', body: createUserSchema },
    },
    async (request, reply) => {
      const created = await createUser(deps, request.body as CreateUserInput, auditContextOf(request));
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/api/v1/users/:id',
    { ...SMALL_BODY, ...DESCRIBED_ONLY, preHandler: usersAdmin, schema: { tags: ACCOUNTS, summary: 'Change or disable a staff account', params: idParamSchema, body: updateUserSchema } },
    async (request) => ({
      user: await updateUser(deps, id(request), request.body as UpdateUserInput, auditContextOf(request)),
    }),
  );

  const keysAdmin = requirePermission('apikeys:admin');
  app.get('/api/v1/permissions', { preHandler: keysAdmin, schema: { tags: KEYS, summary: 'Every permission, and which may be API key scopes', ...NO_INPUT } }, async () => ({ permissions: await listPermissions(deps) }));
  app.get('/api/v1/api-keys', { preHandler: keysAdmin, schema: { tags: KEYS, summary: 'API keys (never their secrets)', ...NO_INPUT } }, async () => ({ apiKeys: await listApiKeys(deps) }));
  app.post(
    '/api/v1/api-keys',
    { ...SMALL_BODY, ...DESCRIBED_ONLY, preHandler: keysAdmin, schema: { tags: KEYS, summary: 'Create an API key', description: 'The key is returned once.', body: createApiKeySchema } },
    async (request, reply) => {
      const created = await createApiKey(deps, request.body as CreateApiKeyInput, auditContextOf(request));
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );
  app.delete('/api/v1/api-keys/:id', { ...DESCRIBED_ONLY, preHandler: keysAdmin, schema: { tags: KEYS, summary: 'Revoke an API key', params: idParamSchema } }, async (request) => ({ apiKey: await revokeApiKey(deps, id(request), auditContextOf(request)) }));
}
