import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { missesQuerySchema, searchQuerySchema, synonymsSchema } from './schemas.ts';
import { listMisses, listSynonyms, replaceSynonyms, search, viewerOf } from './service.ts';

const TAGS = ['Search'];
const SYNONYMS_BODY = 262_144;

/**
 * `GET /api/v1/search` — public: anyone may search; anonymous callers (and staff without `kb:read`)
 * see public articles, public catalog services and the directory; staff with `kb:read` also see
 * staff-only articles and confidential services. Like the other public reads (the /hsds API), it is
 * not rate-limited per caller; API keys keep their own limit.
 * `GET|PUT /api/v1/search/synonyms` and `GET /api/v1/search/no-results` need `search:manage`.
 */
export async function registerSearchRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const manage = requirePermission('search:manage');

    api.get(
      '/api/v1/search',
      { schema: { tags: TAGS, summary: 'Search articles, catalog services and the referral directory', security: [], querystring: searchQuerySchema } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return search(deps, request.query, viewerOf(request.principal));
      },
    );
    api.get('/api/v1/search/synonyms', { preHandler: manage, schema: { tags: TAGS, summary: 'The synonym sets search expands queries with', 'x-no-input': true } }, async () => listSynonyms(deps));
    api.put(
      '/api/v1/search/synonyms',
      { bodyLimit: SYNONYMS_BODY, preHandler: manage, schema: { tags: TAGS, summary: 'Replace every synonym set', body: synonymsSchema } },
      async (request) => replaceSynonyms(deps, request.body, auditContextOf(request)),
    );
    api.get(
      '/api/v1/search/no-results',
      { preHandler: manage, schema: { tags: TAGS, summary: 'Searches that found nothing, most frequent first', querystring: missesQuerySchema } },
      async (request) => listMisses(deps, { ...request.query, since: request.query.since ? new Date(request.query.since) : undefined }),
    );
  });
}
