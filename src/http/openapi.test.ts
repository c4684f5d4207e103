import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../app.ts';
import { openTestDatabase } from '../test/database.ts';
import { registeredRoutes } from './openapi.ts';

const t = await openTestDatabase();
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

/** `/api/v1/requests/:ref` as OpenAPI writes it: `/api/v1/requests/{ref}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

test('GET /api/docs is an OpenAPI 3 document listing every /api/v1 route with its method', async () => {
  const res = await app.inject({ url: '/api/docs' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /application\/json/);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.match(doc.openapi, /^3\./);
  const routes = registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/'));
  assert.ok(routes.length >= 30);
  const missing = routes.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(missing, []);
});

test('the zod schemas describe parameters and bodies, unknown fields refused', async () => {
  const doc = (await app.inject({ url: '/api/docs' })).json();
  const listing = doc.paths['/api/v1/requests'].get;
  const names = listing.parameters.map((p: { name: string }) => p.name);
  for (const name of ['status', 'service_code', 'assignee', 'overdue', 'q', 'sort', 'limit', 'cursor']) assert.ok(names.includes(name), name);
  const transition = doc.paths['/api/v1/requests/{ref}/transition'].post;
  assert.equal(transition.parameters.find((p: { name: string }) => p.name === 'ref').in, 'path');
  const body = transition.requestBody.content['application/json'].schema;
  assert.deepEqual([...body.required].sort(), ['expectedVersion', 'to']);
  assert.equal(body.additionalProperties, false);
  const create = doc.paths['/api/v1/requests'].post;
  assert.ok(create.parameters.some((p: { name: string; in: string }) => p.name === 'idempotency-key' && p.in === 'header'));
  assert.ok(doc.paths['/api/v1/routing-rules/{id}'].delete);
});

test('every /api/v1 route describes its input (path, query or body), or says it takes none', async () => {
  type Operation = { parameters?: { in: string; schema?: unknown }[]; requestBody?: unknown; summary?: string; tags?: string[]; 'x-no-input'?: boolean };
  const doc = (await app.inject({ url: '/api/docs' })).json() as { paths: Record<string, Record<string, Operation>> };
  // Without a params schema the plugin still lists `:id` as a bare string: that does not count as described.
  const guessed = (p: { in: string; schema?: unknown }) => p.in === 'path' && JSON.stringify(p.schema) === '{"type":"string"}';
  const undescribed: string[] = [];
  const unsummarised: string[] = [];
  for (const r of registeredRoutes(app).filter((route) => route.url.startsWith('/api/v1/'))) {
    const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
    if (!op) continue; // the first test names it
    const params = op.parameters ?? [];
    const declared = params.some((p) => (p.in === 'query' || p.in === 'path') && !guessed(p)) || op.requestBody !== undefined;
    const noInput = op['x-no-input'] === true;
    if (params.some(guessed)) undescribed.push(`${r.method} ${r.url}: path parameters without a params schema`);
    else if (!declared && !noInput) undescribed.push(`${r.method} ${r.url}: no params/querystring/body schema, and no NO_INPUT note`);
    else if (declared && noInput) undescribed.push(`${r.method} ${r.url}: has input, yet its NO_INPUT note says it takes none`);
    if (!op.summary || !op.tags?.length) unsummarised.push(`${r.method} ${r.url}`);
  }
  assert.deepEqual(undescribed, [], 'give each route its zod params/querystring/body schemas, or NO_INPUT (x-no-input: true) when it takes none');
  assert.deepEqual(unsummarised, [], 'routes without a summary and tags');
});

test('the identity, audit and resident routes describe their inputs', async () => {
  const doc = (await app.inject({ url: '/api/docs' })).json();
  const bodyOf = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].schema;
  const names = (path: string, method: string, where: string) => doc.paths[path][method].parameters.filter((p: { in: string }) => p.in === where).map((p: { name: string }) => p.name);
  assert.deepEqual([...bodyOf('/api/v1/auth/sign-in', 'post').required].sort(), ['email', 'password']);
  assert.deepEqual(doc.paths['/api/v1/auth/sign-in'].post.security, []);
  assert.deepEqual([...bodyOf('/api/v1/users', 'post').required].sort(), ['email', 'name', 'roles']);
  assert.equal(bodyOf('/api/v1/users/{id}', 'patch').additionalProperties, false);
  assert.deepEqual(names('/api/v1/users/{id}', 'patch', 'path'), ['id']);
  assert.deepEqual(names('/api/v1/users', 'get', 'query').sort(), ['q', 'role', 'status']);
  assert.deepEqual([...bodyOf('/api/v1/api-keys', 'post').required].sort(), ['name', 'scopes']);
  for (const name of ['action', 'area', 'outcome', 'from', 'to', 'before', 'limit']) assert.ok(names('/api/v1/audit', 'get', 'query').includes(name), name);
  assert.deepEqual([...bodyOf('/api/v1/residents/sign-in-link', 'post').required], ['email']);
  assert.deepEqual(names('/api/v1/residents/sign-in', 'get', 'query'), ['token']);
  assert.deepEqual(names('/api/v1/residents/follows/{ref}', 'delete', 'path'), ['ref']);
  assert.equal(doc.paths['/api/v1/auth/me'].get['x-no-input'], true);
});
