import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { LIMITS } from './format.ts';
import { renderArticleMarkdown } from './render.ts';
import { presentArticle, presentArticleSummary, presentFlag, presentFullVersion, presentReviewItem, presentVersion } from './presenter.ts';
import { defaultPublicLimits, flagPublicArticle, getPublicArticle, listPublicArticles, recordPublicFeedback, type PublicLimits } from './public.ts';
import {
  articleCreateSchema,
  articleListQuery,
  articleTransitionSchema,
  articleUpdateSchema,
  diffQuery,
  feedbackSchema,
  flagListQuery,
  flagResolveSchema,
  flagSchema,
  publicArticleQuery,
  publicListQuery,
  reviewQueueQuery,
  slugSchema,
} from './schemas.ts';
import { createArticle, diffArticleVersions, flagArticle, getArticle, getVersion, listArticles, listFlags, listVersions, resolveFlag, reviewQueue, transitionArticle, updateArticle } from './service.ts';

const STAFF_TAGS = ['Knowledge base'];
const PUBLIC_TAGS = ['Knowledge base (public)'];
/** An article body is at most 100,000 characters and its script 20,000: up to 4 bytes each in UTF-8, plus JSON. */
const ARTICLE_BODY = 600_000;
const SMALL_BODY = 16_384;

/** Whom the public limits count: a signed-in caller by account or key, anyone else by address (hashed, in memory only). */
const clientOf = (request: FastifyRequest): string => {
  const p = request.principal;
  return p.kind === 'staff' ? `staff:${p.userId}` : p.kind === 'api_key' ? `key:${p.keyId}` : `ip:${request.ip}`;
};

const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number') }).strict();
const versionParams = z.object({ id: idParams.shape.id, version: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a positive whole number') }).strict();
const slugParams = z.object({ slug: slugSchema }).strict();
const previewSchema = z.object({ body: z.string().max(LIMITS.body) }).strict();

/**
 * The knowledge base's routes: for staff under /api/v1/kb (every article, status and audience, with
 * call scripts; changes audited), and for residents under /api/v1/articles (published public
 * articles only, never a script; anonymous flags and feedback, rate-limited per client).
 */
export async function registerKbRoutes(app: FastifyInstance, deps: Deps, limits: PublicLimits = defaultPublicLimits()): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const read = requirePermission('kb:read');
    const edit = requirePermission('kb:edit');
    const flags = requirePermission('kb:flags');

    api.get(
      '/api/v1/kb/articles',
      { preHandler: read, schema: { tags: STAFF_TAGS, summary: 'Knowledge-base articles of every status and audience', description: 'Needs kb:read. Ordered by slug, then locale.', querystring: articleListQuery } },
      async (request) => {
        const { rows, links, total } = await listArticles(deps, request.principal, request.query);
        return { articles: rows.map((r) => presentArticleSummary(r, links.get(r.id))), total, limit: request.query.limit, offset: request.query.offset };
      },
    );
    api.post(
      '/api/v1/kb/articles',
      {
        bodyLimit: ARTICLE_BODY,
        preHandler: edit,
        schema: { tags: STAFF_TAGS, summary: 'Write a new article (a draft)', description: 'Needs kb:edit (bureau staff: for an article their department owns). A translation is a new article with the same slug in another locale; 409 if that slug and locale exist.', body: articleCreateSchema },
      },
      async (request, reply) => reply.status(201).send({ article: presentArticle(await createArticle(deps, request.principal, request.body, auditContextOf(request))) }),
    );
    api.get('/api/v1/kb/articles/:id', { preHandler: read, schema: { tags: STAFF_TAGS, summary: 'One article with its call script, links, translations and feedback', params: idParams } }, async (request) => ({
      article: presentArticle(await getArticle(deps, request.principal, Number(request.params.id))),
    }));
    api.patch(
      '/api/v1/kb/articles/:id',
      {
        bodyLimit: ARTICLE_BODY,
        preHandler: edit,
        schema: { tags: STAFF_TAGS, summary: 'Change an article (a new version)', description: 'Send expectedVersion, the version you edited: 409 stale_version (with the current version) if someone saved since. The status is kept; archived articles must be restored to draft first.', params: idParams, body: articleUpdateSchema },
      },
      async (request) => {
        const result = await updateArticle(deps, request.principal, Number(request.params.id), request.body, auditContextOf(request));
        return { article: presentArticle(result), changed: result.changed };
      },
    );
    api.post(
      '/api/v1/kb/articles/:id/transition',
      {
        bodyLimit: SMALL_BODY,
        preHandler: read,
        schema: { tags: STAFF_TAGS, summary: 'Move an article through draft → in review → published → archived', description: 'To in_review (or back to draft from review): kb:edit. To published or archived, and restoring an archived article to draft: kb:publish.', params: idParams, body: articleTransitionSchema },
      },
      async (request) => ({ article: presentArticle(await transitionArticle(deps, request.principal, Number(request.params.id), request.body, auditContextOf(request))) }),
    );
    api.post(
      '/api/v1/kb/preview',
      { bodyLimit: ARTICLE_BODY, preHandler: edit, schema: { tags: STAFF_TAGS, summary: 'Render Markdown as an article would show it (the editor preview)', description: 'Nothing is saved.', body: previewSchema } },
      async (request) => ({ html: renderArticleMarkdown(request.body.body) }),
    );
    api.get('/api/v1/kb/articles/:id/versions', { preHandler: read, schema: { tags: STAFF_TAGS, summary: 'Every version of an article: who changed it, when and why', params: idParams } }, async (request) => ({
      versions: (await listVersions(deps, request.principal, Number(request.params.id))).map(presentVersion),
    }));
    api.get('/api/v1/kb/articles/:id/versions/:version', { preHandler: read, schema: { tags: STAFF_TAGS, summary: 'One version as it was saved', params: versionParams } }, async (request) => ({
      version: presentFullVersion((await getVersion(deps, request.principal, Number(request.params.id), Number(request.params.version))).version),
    }));
    api.get(
      '/api/v1/kb/articles/:id/diff',
      { preHandler: read, schema: { tags: STAFF_TAGS, summary: 'The difference between two versions', description: 'Word-level changes per field, the line hunks and a unified diff of the article file.', params: idParams, querystring: diffQuery } },
      async (request) => ({ diff: await diffArticleVersions(deps, request.principal, Number(request.params.id), request.query.from, request.query.to) }),
    );
    api.post(
      '/api/v1/kb/articles/:id/flags',
      { bodyLimit: SMALL_BODY, preHandler: read, schema: { tags: STAFF_TAGS, summary: 'Flag an article as out of date, wrong or unclear', description: "It lands in the owner department's queue.", params: idParams, body: flagSchema } },
      async (request, reply) => reply.status(201).send({ flag: presentFlag(await flagArticle(deps, request.principal, Number(request.params.id), request.body, auditContextOf(request))) }),
    );
    api.get(
      '/api/v1/kb/review-queue',
      { preHandler: flags, schema: { tags: STAFF_TAGS, summary: 'Published articles due for review', description: "Review date within `days` of today (overdue first); bureau staff see their departments' articles.", querystring: reviewQueueQuery } },
      async (request) => {
        const queue = await reviewQueue(deps, request.principal, request.query);
        return { today: queue.today, until: queue.until, articles: queue.items.map(presentReviewItem) };
      },
    );
    api.get(
      '/api/v1/kb/flags',
      { preHandler: flags, schema: { tags: STAFF_TAGS, summary: 'Flags from staff and the public, oldest first', description: "Bureau staff see their departments' queue.", querystring: flagListQuery } },
      async (request) => ({ flags: (await listFlags(deps, request.principal, request.query)).map(presentFlag) }),
    );
    api.post(
      '/api/v1/kb/flags/:id/resolve',
      { bodyLimit: SMALL_BODY, preHandler: flags, schema: { tags: STAFF_TAGS, summary: 'Resolve or dismiss a flag, with a note', params: idParams, body: flagResolveSchema } },
      async (request) => ({ flag: presentFlag(await resolveFlag(deps, request.principal, Number(request.params.id), request.body, auditContextOf(request))) }),
    );

    // Residents: published public articles only.
    api.get(
      '/api/v1/articles',
      { schema: { tags: PUBLIC_TAGS, summary: 'Published articles for residents', description: 'One per article: in `locale` when translated, else in English (`fallback: true`). No staff-only article appears.', security: [], querystring: publicListQuery } },
      async (request) => listPublicArticles(deps, request.query),
    );
    api.get(
      '/api/v1/articles/:slug',
      { schema: { tags: PUBLIC_TAGS, summary: 'One published article, rendered to safe HTML', description: 'With the languages it is available in and the services it is about. 404 for drafts and staff-only articles.', security: [], params: slugParams, querystring: publicArticleQuery } },
      async (request) => ({ article: await getPublicArticle(deps, request.params.slug, request.query.locale) }),
    );
    api.post(
      '/api/v1/articles/:slug/flags',
      {
        bodyLimit: 8_192,
        schema: { tags: PUBLIC_TAGS, summary: 'Report an article as out of date, wrong or unclear', description: 'Anonymous: nothing about the sender is kept, and e-mail addresses or phone numbers in the comment are removed. A few reports an hour per client (429 beyond).', security: [], params: slugParams, querystring: publicArticleQuery, body: flagSchema },
      },
      async (request, reply) => reply.status(202).send(await flagPublicArticle(deps, limits, clientOf(request), request.params.slug, request.query.locale, request.body)),
    );
    api.post(
      '/api/v1/articles/:slug/feedback',
      {
        bodyLimit: 4_096,
        schema: { tags: PUBLIC_TAGS, summary: 'Was this article helpful?', description: 'Anonymous, counted per article; rate-limited per client.', security: [], params: slugParams, querystring: publicArticleQuery, body: feedbackSchema },
      },
      async (request, reply) => reply.status(202).send(await recordPublicFeedback(deps, limits, clientOf(request), request.params.slug, request.query.locale, request.body)),
    );
  });
}
