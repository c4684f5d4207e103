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
