import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, ValidationError, type FieldProblem } from '../lib/errors.ts';

/**
 * The OpenAPI 3 document of the staff API, generated from the routes' zod schemas through
 * `@fastify/swagger` and `fastify-type-provider-zod`'s `jsonSchemaTransform`. Register before any
 * route: the plugin collects routes as they are added. Routes without zod schemas (identity, audit)
 * appear with their method and path only.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url });
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Frontdoor staff API', version: 'v1', description: 'Service requests and the service catalog, for city staff and their programs.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'frontdoor_session', description: 'Changes also need X-CSRF-Token (from GET /api/v1/auth/me)' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'fdk_… API key, as Authorization: Bearer or X-Api-Key' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    // The document describes the JSON APIs; server-rendered portal pages are left out.
    transform: (input) => (/^\/(api|hsds)(\/|$)/.test(input.url) ? jsonSchemaTransform(input) : { schema: { ...input.schema, hide: true }, url: input.url }),
    hideUntagged: false,
  });
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return app.swagger();
  });
}

export interface RouteEntry {
  method: string;
  url: string;
}
const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route registered after registerOpenApi, as `METHOD url` (no HEAD): the permission matrix test is generated from it. */
export function registeredRoutes(app: FastifyInstance): RouteEntry[] {
  return [...(routeTables.get(app) ?? [])];
}

/** zod's issues (as the type provider reports them) as field problems: `body.expectedVersion`, `query.limit`, … */
function problemsOf(errors: FastifySchemaValidationError[], context: string): FieldProblem[] {
  const where = context === 'querystring' ? 'query' : context;
  return errors.map((e) => {
    const path = e.instancePath.split('/').filter(Boolean).join('.');
    const keys = (e.params as { keys?: string[] }).keys;
    if (e.keyword === 'unrecognized_keys' && keys?.length) {
      const field = [where, path, keys[0]].filter(Boolean).join('.');
      return { field, code: 'unknown_field', message: `${where}: unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}` };
    }
    const field = [where, path].filter(Boolean).join('.');
    return { field, code: e.keyword, message: `${field}: ${e.message}` };
  });
}

/** The staff API's JSON bodies: anything else is a 415 naming what to send. */
async function requireJsonBody(request: FastifyRequest): Promise<void> {
  if (request.method === 'GET' || request.method === 'DELETE' || request.headers['content-length'] === '0') return;
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== undefined && type !== 'application/json') {
    throw new AppError('unsupported_media_type', 415, `Send the body as JSON (Content-Type: application/json), not ${type}`, { field: 'content-type' });
  }
}

/** Uploads (photos): multipart/form-data bodies, read by the handler itself. */
async function requireMultipartBody(request: FastifyRequest): Promise<void> {
  if (request.method === 'GET' || request.method === 'DELETE') return;
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', 415, `Send the files as multipart/form-data, not ${type ?? 'an empty body'}`, { field: 'content-type' });
  }
}

/**
 * Makes `api` (an encapsulated plugin's instance) validate and serialise with zod, turn every
 * validation failure into the one ValidationError (400, each bad field named), and accept JSON bodies
 * only — or, with `bodies: 'multipart'`, multipart/form-data only (upload routes).
 */
export function useZod(api: FastifyInstance, opts: { bodies?: 'json' | 'multipart' } = {}) {
  api.setValidatorCompiler(validatorCompiler);
  api.setSerializerCompiler(serializerCompiler);
  api.setSchemaErrorFormatter((errors, context) => new ValidationError(problemsOf(errors, context)));
  api.addHook('preValidation', opts.bodies === 'multipart' ? requireMultipartBody : requireJsonBody);
  return api.withTypeProvider<ZodTypeProvider>();
}
