/**
 * The knowledge base for residents: published, public articles only, in the asked language with a
 * fallback to English; Markdown rendered and sanitised; never a staff-only article, never a call
 * script. Residents may flag an article or say whether it helped: anonymously (nothing about the
 * sender is stored), limited in size and rate.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import * as repo from './repository.ts';
import { renderArticleMarkdown } from './render.ts';
import { feedbackSchema, flagSchema, publicListQuery, type FeedbackInput, type FlagInput, type PublicListQuery } from './schemas.ts';
import type { ArticleLocale } from './tables.ts';

export const FALLBACK_LOCALE: ArticleLocale = 'en';

/** Counts hits per key in a sliding window, in memory (per process); keys are hashed, so no address is kept. */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records a hit for `key` at `now`; returns 0 when allowed, else the seconds until the next hit is. */
  hit(key: string, now: Date): number {
    const at = now.getTime();
    const k = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    const recent = (this.#hits.get(k) ?? []).filter((t) => t > at - this.windowMs);
    if (recent.length >= this.max) {
      this.#hits.set(k, recent);
      return Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - at) / 1000));
    }
    recent.push(at);
    this.#hits.set(k, recent);
    if (this.#hits.size > 50_000) this.#prune(at);
    return 0;
  }

  #prune(at: number): void {
    for (const [k, times] of this.#hits) if (!times.some((t) => t > at - this.windowMs)) this.#hits.delete(k);
  }
}

export interface PublicLimits {
  /** Flags per client (IP address) per window. */
  flags: RateLimiter;
  /** Feedback answers per client per window. */
  feedback: RateLimiter;
  /** Public flags one article accepts per day from everyone together. */
  flagsPerArticlePerDay: number;
}

export const defaultPublicLimits = (): PublicLimits => ({
  flags: new RateLimiter(5, 3_600_000),
  feedback: new RateLimiter(30, 3_600_000),
  flagsPerArticlePerDay: 200,
});

const tooMany = (what: string, retryAfterSeconds: number) =>
  new AppError('rate_limited', 429, `Too many ${what} from here; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, { retryAfterSeconds });

/** The published public article `slug` in `locale`, or in English when there is no such translation. */
export async function findPublicArticle(deps: Deps, slug: string, locale: ArticleLocale): Promise<repo.ArticleRow | undefined> {
  return repo.selectPublishedPublic(deps.db, slug, locale, FALLBACK_LOCALE);
}

export interface PublicSummary {
  slug: string;
  locale: ArticleLocale;
  fallback: boolean;
  title: string;
  summary: string;
  tags: string[];
  updatedAt: Date;
}

/** Published public articles, one per slug, in `locale` or else English, by title. */
export async function listPublicArticles(deps: Deps, query: unknown): Promise<{ articles: PublicSummary[]; total: number; locale: ArticleLocale }> {
  const q: PublicListQuery = parseInput(publicListQuery, query);
  let inner = deps.db
    .selectFrom('kb_articles as a')
    .distinctOn('a.slug')
    .select(['a.id', 'a.slug', 'a.locale', 'a.title', 'a.summary', 'a.tags', 'a.updated_at'])
    .where('a.status', '=', 'published')
    .where('a.audience', '=', 'public')
    .where('a.locale', 'in', [q.locale, FALLBACK_LOCALE]);
  if (q.tag) inner = inner.where(sql<boolean>`${q.tag} = ANY(a.tags)`);
  if (q.service) {
    const code = q.service;
    inner = inner.where(({ exists, selectFrom }) =>
      exists(selectFrom('kb_article_services as l').innerJoin('services as s', 's.id', 'l.service_id').select('l.article_id').whereRef('l.article_id', '=', 'a.id').where('s.service_code', '=', code)),
    );
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    inner = inner.where((eb) => eb.or([eb('a.title', 'ilike', like), eb('a.summary', 'ilike', like)]));
  }
  const chosen = inner.orderBy('a.slug').orderBy(sql`a.locale = ${q.locale}`, 'desc').as('x');
  const { total } = await deps.db.selectFrom(chosen).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await deps.db.selectFrom(chosen).selectAll().orderBy('x.title').orderBy('x.slug').limit(q.limit).offset(q.offset).execute();
  return {
    locale: q.locale,
    total: Number(total),
    articles: rows.map((r) => ({ slug: r.slug, locale: r.locale, fallback: r.locale !== q.locale, title: r.title, summary: r.summary, tags: r.tags, updatedAt: r.updated_at })),
  };
}

export interface PublicArticle extends PublicSummary {
  requestedLocale: ArticleLocale;
  html: string;
  publishedAt: Date | null;
  translations: { locale: ArticleLocale; title: string }[];
  services: { code: string; name: string }[];
  departments: { id: string; name: string }[];
}

const localised = (text: Record<string, string> | null, locale: string): string => text?.[locale] ?? text?.[FALLBACK_LOCALE] ?? Object.values(text ?? {})[0] ?? '';

/** One published public article, rendered, with its other languages and linked services. 404 otherwise. */
export async function getPublicArticle(deps: Deps, slug: string, locale: ArticleLocale): Promise<PublicArticle> {
  const row = await findPublicArticle(deps, slug, locale);
  if (!row) throw notFound('Article', slug);
  const translations = (await repo.selectTranslations(deps.db, slug, { publicOnly: true })).filter((t) => t.id !== row.id).map((t) => ({ locale: t.locale, title: t.title }));
  const services = await deps.db
    .selectFrom('kb_article_services as l')
    .innerJoin('services as s', 's.id', 'l.service_id')
    .select(['s.service_code', 's.name'])
    .where('l.article_id', '=', row.id)
    .where('s.active', '=', true)
    .orderBy('s.service_code')
    .execute();
  const departments = await deps.db
    .selectFrom('kb_article_departments as l')
    .innerJoin('departments as d', 'd.id', 'l.department_id')
    .select(['d.id', 'd.name'])
    .where('l.article_id', '=', row.id)
    .where('d.active', '=', true)
    .orderBy('d.id')
    .execute();
  return {
    slug: row.slug,
    locale: row.locale,
    requestedLocale: locale,
    fallback: row.locale !== locale,
    title: row.title,
    summary: row.summary,
    tags: row.tags,
    html: renderArticleMarkdown(row.body),
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    translations,
    services: services.map((s) => ({ code: s.service_code, name: localised(s.name as Record<string, string>, row.locale) })),
    departments: departments.map((d) => ({ id: d.id, name: localised(d.name as Record<string, string>, row.locale) })),
  };
}

const EMAIL_LIKE = /[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}/g;
const PHONE_LIKE = /(?:\+?\d[\s().-]?){7,15}\d/g;

/** A resident's comment without e-mail addresses or phone numbers in it: the public side stores no personal data. */
export function withoutContactDetails(text: string): string {
  return text.replace(EMAIL_LIKE, '[e-mail removed]').replace(PHONE_LIKE, '[phone removed]');
}

/** A resident's flag on a public article (in `locale`, or the English one it falls back to). */
export async function flagPublicArticle(deps: Deps, limits: PublicLimits, client: string, slug: string, locale: ArticleLocale, input: FlagInput): Promise<{ received: true }> {
  const v = parseInput(flagSchema, input);
  const row = await findPublicArticle(deps, slug, locale);
  if (!row) throw notFound('Article', slug);
  const now = deps.clock.now();
  const wait = limits.flags.hit(client, now);
  if (wait) throw tooMany('reports', wait);
  if ((await repo.countPublicFlagsSince(deps.db, row.id, new Date(now.getTime() - 86_400_000))) >= limits.flagsPerArticlePerDay) {
    throw tooMany('reports about this article', 3600);
  }
  await repo.insertFlag(deps.db, { articleId: row.id, source: 'public', reason: v.reason, comment: withoutContactDetails(v.comment ?? ''), flaggedBy: null, now });
  return { received: true };
}

/** "Was this helpful?" on a public article: anonymous, counted per article. */
export async function recordPublicFeedback(deps: Deps, limits: PublicLimits, client: string, slug: string, locale: ArticleLocale, input: FeedbackInput): Promise<{ received: true }> {
  const v = parseInput(feedbackSchema, input);
  const row = await findPublicArticle(deps, slug, locale);
  if (!row) throw notFound('Article', slug);
  const now = deps.clock.now();
  const wait = limits.feedback.hit(client, now);
  if (wait) throw tooMany('answers', wait);
  await repo.insertFeedback(deps.db, { articleId: row.id, helpful: v.helpful, comment: withoutContactDetails(v.comment ?? ''), now });
  return { received: true };
}
