import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../lib/errors.ts';
import * as directory from './service.ts';

/** Directory data changes by import, not by the minute: clients and proxies may keep a response briefly. */
const CACHE_CONTROL = 'public, max-age=60';

/**
 * Sends JSON with a weak ETag of its bytes and answers 304 when the client already has them.
 * Directory data is public (no personal data is stored), so any origin may read it.
 */
function sendCached(request: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash('sha1').update(text).digest('base64url')}"`;
  reply.header('etag', etag).header('cache-control', CACHE_CONTROL).header('access-control-allow-origin', '*');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim() === etag))) return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(text);
}

type ById = { Params: { id: string } };
const MAX_ID = 255;

/**
 * The public HSDS 3.0 API under /hsds: `/` (metadata), `/services`, `/services/{id}`,
 * `/organizations`, `/organizations/{id}`, `/taxonomy_terms`, `/taxonomy_terms/{id}`,
 * `/taxonomies`, `/taxonomies/{id}`, `/service_at_locations`, `/service_at_locations/{id}`.
 * Lists take `page` (from 1), `per_page` (default 50, at most 500: more is refused), `search` and
 * their filters; a bad parameter is a 400 naming it, an unknown id a 404.
 */
export function registerDirectoryRoutes(app: FastifyInstance, deps: Deps): void {
  const list = (path: string, load: (deps: Deps, query: unknown) => Promise<unknown>): void => {
    app.get(`/hsds/${path}`, async (request, reply) => sendCached(request, reply, await load(deps, request.query)));
  };
  const one = (path: string, what: string, load: (deps: Deps, id: string) => Promise<unknown>): void => {
    app.get<ById>(`/hsds/${path}/:id`, async (request, reply) => {
      if (request.params.id.length > MAX_ID) throw notFound(what, request.params.id.slice(0, 40));
      return sendCached(request, reply, await load(deps, request.params.id));
    });
  };
  const trailingSlashIgnored = app.initialConfig.ignoreTrailingSlash || app.initialConfig.routerOptions?.ignoreTrailingSlash;
  for (const path of trailingSlashIgnored ? ['/hsds/'] : ['/hsds/', '/hsds']) {
    app.get(path, async (request, reply) => sendCached(request, reply, directory.apiMetadata()));
  }
  list('services', directory.listServices);
  one('services', 'Service', directory.getService);
  list('organizations', directory.listOrganizations);
  one('organizations', 'Organization', directory.getOrganization);
  list('taxonomy_terms', directory.listTaxonomyTerms);
  one('taxonomy_terms', 'Taxonomy term', directory.getTaxonomyTerm);
  list('taxonomies', directory.listTaxonomies);
  one('taxonomies', 'Taxonomy', directory.getTaxonomy);
  list('service_at_locations', directory.listServiceAtLocations);
  one('service_at_locations', 'Service at location', directory.getServiceAtLocation);
}
