import { z } from 'zod';
import { PASSWORD_MAX } from './passwords.ts';

const code = z.string().regex(/^[a-z0-9_]{1,50}$/, 'must be a lower-case code such as bureau_staff');
const departmentId = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'must not be empty').max(200);

/** POST /api/v1/auth/sign-in. The password's own rules are checked when it is set, not here. */
export const signInSchema = z
  .object({
    email: z.string().min(1).max(254),
    password: z.string().min(1).max(PASSWORD_MAX),
  })
  .strict();
export type SignInInput = z.input<typeof signInSchema>;

/** A new staff account. Without a password, a random one is generated and returned once. */
export const createUserSchema = z
  .object({
    email: z.string().max(254),
    name,
    roles: z.array(code).min(1, 'give the account at least one role').max(10),
    departments: z.array(departmentId).max(50).default([]),
    password: z.string().optional(),
  })
  .strict();
export type CreateUserInput = z.input<typeof createUserSchema>;

/** Changes to a staff account; roles and departments replace the current ones. */
export const updateUserSchema = z
  .object({
    name: name.optional(),
    roles: z.array(code).min(1, 'an account keeps at least one role; disable it instead').max(10).optional(),
    departments: z.array(departmentId).max(50).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change: give name, roles, departments or status' });
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const listUsersSchema = z
  .object({
    status: z.enum(['active', 'disabled']).optional(),
    role: code.optional(),
    q: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ListUsersInput = z.input<typeof listUsersSchema>;

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    scopes: z.array(z.string().regex(/^[a-z0-9_]+:[a-z0-9_]+$/, 'must be a permission such as open311:write')).min(1, 'give the key at least one scope').max(20),
    rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** `:id` in a route. */
export const idParamSchema = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number').transform(Number) }).strict();

/** GET /api/v1/auth/oidc/start. `return_to` is checked by the handler: a path on this site only. */
export const oidcStartQuerySchema = z.object({ return_to: z.string().optional().describe('Where to go after signing in: a path on this site, such as /console/requests') });

/** GET /api/v1/auth/oidc/callback: the provider's answer (checked by the sign-in, not here; a provider may add fields). */
export const oidcCallbackQuerySchema = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/**
 * Route options for routes whose zod schemas are there to describe them in the OpenAPI document
 * (`GET /api/docs`), not to validate: these handlers (or their services) check their own input with
 * `parseInput`, after the route's permission check, so a caller without access still gets its
 * 401/403 before any 400, and a problem names the bare field (`email`, `id`), not `body.email`.
 * Without this, Fastify would hand the zod schemas to its default (Ajv) validator.
 */
export const DESCRIBED_ONLY = { validatorCompiler: () => () => true } as const;

/** A route schema's note that the route takes no input (no body, query or path parameters); the OpenAPI test checks for it. */
export const NO_INPUT = { 'x-no-input': true } as const;
