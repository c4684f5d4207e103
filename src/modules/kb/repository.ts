import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { ArticleContent } from './format.ts';
import type { ArticleAudience, ArticleLocale, ArticleStatus, FlagReason } from './tables.ts';

/** Knowledge-base SQL: the only file that touches the kb_ tables. */

export interface ArticleRow {
  id: number;
  slug: string;
  locale: ArticleLocale;
  audience: ArticleAudience;
  status: ArticleStatus;
  title: string;
  summary: string;
  body: string;
  script: string | null;
  tags: string[];
  owner_department_id: string | null;
  review_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  created_by: number | null;
  updated_by: number | null;
}

const articleColumns = [
  'a.id',
  'a.slug',
  'a.locale',
  'a.audience',
  'a.status',
  'a.title',
  'a.summary',
  'a.body',
  'a.script',
  'a.tags',
  'a.owner_department_id',
  'a.review_by',
  'a.version',
  'a.created_at',
  'a.updated_at',
  'a.published_at',
  'a.created_by',
  'a.updated_by',
] as const;

export async function selectArticle(db: Db, where: { id: number } | { slug: string; locale: string }, lock = false): Promise<ArticleRow | undefined> {
  let q = db.selectFrom('kb_articles as a').select(articleColumns);
  q = 'id' in where ? q.where('a.id', '=', where.id) : q.where('a.slug', '=', where.slug).where('a.locale', '=', where.locale as ArticleLocale);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ArticleRow | undefined;
}

/** The articles of these slugs (every locale), locked when asked. */
export async function selectArticlesBySlugs(db: Db, slugs: string[], lock = false): Promise<ArticleRow[]> {
  if (!slugs.length) return [];
  let q = db.selectFrom('kb_articles as a').select(articleColumns).where('a.slug', 'in', slugs).orderBy('a.id');
  if (lock) q = q.forUpdate();
  return (await q.execute()) as ArticleRow[];
}

/** The published public article `slug` in `locale`, else in `fallback`. */
export async function selectPublishedPublic(db: Db, slug: string, locale: ArticleLocale, fallback: ArticleLocale): Promise<ArticleRow | undefined> {
  return (await db
    .selectFrom('kb_articles as a')
    .select(articleColumns)
    .where('a.slug', '=', slug)
    .where('a.status', '=', 'published')
    .where('a.audience', '=', 'public')
    .where('a.locale', 'in', [locale, fallback])
    .orderBy(sql`a.locale = ${locale}`, 'desc')
    .limit(1)
    .executeTakeFirst()) as ArticleRow | undefined;
}

export interface ArticleLinks {
  services: string[];
  departments: string[];
}

/** Linked service codes and department ids of each article, sorted. */
export async function selectLinks(db: Db, articleIds: number[]): Promise<Map<number, ArticleLinks>> {
  const out = new Map<number, ArticleLinks>(articleIds.map((id) => [id, { services: [], departments: [] }]));
  if (!articleIds.length) return out;
  const services = await db
    .selectFrom('kb_article_services as l')
    .innerJoin('services as s', 's.id', 'l.service_id')
    .select(['l.article_id', 's.service_code'])
    .where('l.article_id', 'in', articleIds)
    .orderBy('s.service_code')
    .execute();
  for (const r of services) out.get(r.article_id)?.services.push(r.service_code);
  const departments = await db
    .selectFrom('kb_article_departments')
    .select(['article_id', 'department_id'])
    .where('article_id', 'in', articleIds)
    .orderBy('department_id')
    .execute();
  for (const r of departments) out.get(r.article_id)?.departments.push(r.department_id);
  return out;
}

/** Service code → id for the whole catalog; a code two jurisdictions share maps to null (ambiguous). */
export async function selectServiceIdsByCode(db: Db): Promise<Map<string, number | null>> {
  const rows = await db.selectFrom('services').select(['id', 'service_code']).execute();
  const out = new Map<string, number | null>();
  for (const r of rows) out.set(r.service_code, out.has(r.service_code) ? null : r.id);
  return out;
}

export async function selectDepartmentIds(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('departments').select('id').execute();
  return new Set(rows.map((r) => r.id));
}

export interface ArticleWrite {
  content: ArticleContent;
  serviceIds: number[];
  actorId: number | null;
  note: string;
  now: Date;
}

/** Inserts a new article (version 1) with its links and first version row. */
export async function insertArticle(trx: Db, w: ArticleWrite): Promise<ArticleRow> {
  const c = w.content;
  const row = await trx
    .insertInto('kb_articles')
    .values({
      slug: c.slug,
      locale: c.locale,
      audience: c.audience,
      status: c.status,
      title: c.title,
      summary: c.summary,
      body: c.body,
      script: c.script,
      tags: c.tags,
      owner_department_id: c.owner,
      review_by: c.reviewBy,
      version: 1,
      created_at: w.now,
      updated_at: w.now,
      published_at: c.status === 'published' ? w.now : null,
      created_by: w.actorId,
      updated_by: w.actorId,
    })
    .returning(articleColumns.map((col) => col.slice(2) as 'id'))
    .executeTakeFirstOrThrow();
  const article = row as unknown as ArticleRow;
  await writeLinksAndVersion(trx, article, w);
  return article;
}

/** Rewrites an article with new content as version `previous.version + 1`, with its version row. */
export async function updateArticle(trx: Db, previous: ArticleRow, w: ArticleWrite): Promise<ArticleRow> {
  const c = w.content;
  const becomesPublished = c.status === 'published' && (previous.status !== 'published' || previous.published_at === null);
  const row = await trx
    .updateTable('kb_articles')
    .set({
      audience: c.audience,
      status: c.status,
      title: c.title,
      summary: c.summary,
      body: c.body,
      script: c.script,
      tags: c.tags,
      owner_department_id: c.owner,
      review_by: c.reviewBy,
      version: previous.version + 1,
      updated_at: w.now,
      updated_by: w.actorId,
      ...(becomesPublished ? { published_at: w.now } : {}),
    })
    .where('id', '=', previous.id)
    .returning(articleColumns.map((col) => col.slice(2) as 'id'))
    .executeTakeFirstOrThrow();
  const article = row as unknown as ArticleRow;
  await trx.deleteFrom('kb_article_services').where('article_id', '=', article.id).execute();
  await trx.deleteFrom('kb_article_departments').where('article_id', '=', article.id).execute();
  await writeLinksAndVersion(trx, article, w);
  return article;
}

async function writeLinksAndVersion(trx: Db, article: ArticleRow, w: ArticleWrite): Promise<void> {
  const c = w.content;
  if (w.serviceIds.length) {
    await trx
      .insertInto('kb_article_services')
      .values(w.serviceIds.map((service_id) => ({ article_id: article.id, service_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (c.departments.length) {
    await trx
      .insertInto('kb_article_departments')
      .values(c.departments.map((department_id) => ({ article_id: article.id, department_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await trx
    .insertInto('kb_article_versions')
    .values({
      article_id: article.id,
      version: article.version,
      status: c.status,
      audience: c.audience,
      title: c.title,
      summary: c.summary,
      body: c.body,
      script: c.script,
      tags: c.tags,
      review_by: c.reviewBy,
      owner_department_id: c.owner,
      service_codes: [...c.services].sort(),
      department_ids: [...c.departments].sort(),
      changed_by: w.actorId,
      changed_at: w.now,
      change_note: w.note,
    })
    .execute();
}

export interface VersionRow {
  article_id: number;
  version: number;
  status: ArticleStatus;
  audience: ArticleAudience;
  title: string;
  summary: string;
  body: string;
  script: string | null;
  tags: string[];
  review_by: string | null;
  owner_department_id: string | null;
  service_codes: string[];
  department_ids: string[];
  changed_by: number | null;
  changed_by_name: string | null;
  changed_at: Date;
  change_note: string;
}

function selectVersions(db: Db, articleId: number) {
  return db
    .selectFrom('kb_article_versions as v')
    .leftJoin('staff_users as u', 'u.id', 'v.changed_by')
    .selectAll('v')
    .select('u.name as changed_by_name')
    .where('v.article_id', '=', articleId);
}

export async function selectVersionList(db: Db, articleId: number): Promise<VersionRow[]> {
  return (await selectVersions(db, articleId).orderBy('v.version', 'desc').execute()) as VersionRow[];
}

export async function selectVersion(db: Db, articleId: number, version: number): Promise<VersionRow | undefined> {
  return (await selectVersions(db, articleId).where('v.version', '=', version).executeTakeFirst()) as VersionRow | undefined;
}

/** Slug and locale of the other language versions of an article. */
export async function selectTranslations(db: Db, slug: string, options: { publicOnly: boolean }): Promise<{ id: number; locale: ArticleLocale; title: string; status: ArticleStatus; audience: ArticleAudience }[]> {
  let q = db.selectFrom('kb_articles').select(['id', 'locale', 'title', 'status', 'audience']).where('slug', '=', slug);
  if (options.publicOnly) q = q.where('status', '=', 'published').where('audience', '=', 'public');
  return q.orderBy('locale').execute();
}

export interface ArticleListFilters {
  /** One status or several, separated by commas. */
  status?: string;
  audience?: ArticleAudience;
  locale?: ArticleLocale;
  owner?: string;
  tag?: string;
  service?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function selectArticleList(db: Db, f: ArticleListFilters): Promise<{ rows: ArticleRow[]; total: number }> {
  let q = db.selectFrom('kb_articles as a');
  if (f.status) q = q.where('a.status', 'in', f.status.split(',') as ArticleStatus[]);
  if (f.audience) q = q.where('a.audience', '=', f.audience);
  if (f.locale) q = q.where('a.locale', '=', f.locale);
  if (f.owner) q = q.where('a.owner_department_id', '=', f.owner);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = ANY(a.tags)`);
  if (f.service) {
    const code = f.service;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('kb_article_services as l')
          .innerJoin('services as s', 's.id', 'l.service_id')
          .select('l.article_id')
          .whereRef('l.article_id', '=', 'a.id')
          .where('s.service_code', '=', code),
      ),
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('a.title', 'ilike', like), eb('a.summary', 'ilike', like), eb('a.slug', 'ilike', like)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q.select(articleColumns).orderBy('a.slug').orderBy('a.locale').limit(f.limit).offset(f.offset).execute();
  return { rows: rows as ArticleRow[], total: Number(total) };
}

/** Every article, by slug then locale (for export). */
export async function selectAllArticles(db: Db): Promise<ArticleRow[]> {
  return (await db.selectFrom('kb_articles as a').select(articleColumns).orderBy('a.slug').orderBy('a.locale').execute()) as ArticleRow[];
}

/** Published articles whose review date is on or before `until`, oldest first. */
export async function selectReviewQueue(db: Db, until: string, owner: string | undefined, owners: string[] | null, limit: number): Promise<ArticleRow[]> {
  let q = db
    .selectFrom('kb_articles as a')
    .select(articleColumns)
    .where('a.status', '=', 'published')
    .where('a.review_by', 'is not', null)
    .where('a.review_by', '<=', until);
  if (owner) q = q.where('a.owner_department_id', '=', owner);
  if (owners) q = owners.length ? q.where('a.owner_department_id', 'in', owners) : q.where(sql<boolean>`false`);
  return (await q.orderBy('a.review_by').orderBy('a.slug').orderBy('a.locale').limit(limit).execute()) as ArticleRow[];
}

export async function updateStatus(trx: Db, previous: ArticleRow, status: ArticleStatus, actorId: number | null, now: Date, note: string, links: ArticleLinks): Promise<ArticleRow> {
  const content: ArticleContent = {
    slug: previous.slug,
    locale: previous.locale,
    title: previous.title,
    summary: previous.summary,
    audience: previous.audience,
    status,
    tags: previous.tags,
    services: links.services,
    departments: links.departments,
    owner: previous.owner_department_id,
    reviewBy: previous.review_by,
    body: previous.body,
    script: previous.script,
  };
  const serviceIds = links.services.length
    ? (await trx.selectFrom('kb_article_services').select('service_id').where('article_id', '=', previous.id).execute()).map((r) => r.service_id)
    : [];
  return updateArticle(trx, previous, { content, serviceIds, actorId, note, now });
}

export interface FlagRow {
  id: number;
  article_id: number;
  slug: string;
  locale: ArticleLocale;
  title: string;
  owner_department_id: string | null;
  source: 'staff' | 'public';
  reason: FlagReason;
  comment: string;
  flagged_by: number | null;
  flagged_by_name: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: number | null;
  resolution_note: string | null;
}

export async function insertFlag(db: Db, v: { articleId: number; source: 'staff' | 'public'; reason: FlagReason; comment: string; flaggedBy: number | null; now: Date }): Promise<number> {
  const row = await db
    .insertInto('kb_article_flags')
    .values({ article_id: v.articleId, source: v.source, reason: v.reason, comment: v.comment, flagged_by: v.flaggedBy, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectFlags(db: Db) {
  return db
    .selectFrom('kb_article_flags as f')
    .innerJoin('kb_articles as a', 'a.id', 'f.article_id')
    .leftJoin('staff_users as u', 'u.id', 'f.flagged_by')
    .select([
      'f.id',
      'f.article_id',
      'a.slug',
      'a.locale',
      'a.title',
      'a.owner_department_id',
      'f.source',
      'f.reason',
      'f.comment',
      'f.flagged_by',
      'u.name as flagged_by_name',
      'f.status',
      'f.created_at',
      'f.resolved_at',
      'f.resolved_by',
      'f.resolution_note',
    ]);
}

export async function selectFlag(db: Db, id: number, lock = false): Promise<FlagRow | undefined> {
  let q = selectFlags(db).where('f.id', '=', id);
  if (lock) q = q.forUpdate(['f']);
  return (await q.executeTakeFirst()) as FlagRow | undefined;
}

export async function selectFlagList(
  db: Db,
  f: { status?: 'open' | 'resolved' | 'dismissed'; owners?: string[] | null; owner?: string; articleId?: number; limit: number },
): Promise<FlagRow[]> {
  let q = selectFlags(db);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.owner) q = q.where('a.owner_department_id', '=', f.owner);
  if (f.owners) q = f.owners.length ? q.where('a.owner_department_id', 'in', f.owners) : q.where(sql<boolean>`false`);
  if (f.articleId) q = q.where('f.article_id', '=', f.articleId);
  return (await q.orderBy('f.created_at').orderBy('f.id').limit(f.limit).execute()) as FlagRow[];
}

export async function closeFlag(trx: Db, id: number, v: { status: 'resolved' | 'dismissed'; by: number | null; note: string; now: Date }): Promise<void> {
  await trx
    .updateTable('kb_article_flags')
    .set({ status: v.status, resolved_by: v.by, resolution_note: v.note, resolved_at: v.now })
    .where('id', '=', id)
    .execute();
}

/** Public flags written since `since` from anyone (a global brake on top of the per-address limit). */
export async function countPublicFlagsSince(db: Db, articleId: number, since: Date): Promise<number> {
  const r = await db
    .selectFrom('kb_article_flags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('source', '=', 'public')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertFeedback(db: Db, v: { articleId: number; helpful: boolean; comment: string; now: Date }): Promise<void> {
  await db.insertInto('kb_article_feedback').values({ article_id: v.articleId, helpful: v.helpful, comment: v.comment, created_at: v.now }).execute();
}

export async function selectFeedbackCounts(db: Db, articleIds: number[]): Promise<Map<number, { helpful: number; notHelpful: number }>> {
  const out = new Map<number, { helpful: number; notHelpful: number }>();
  if (!articleIds.length) return out;
  const rows = await db
    .selectFrom('kb_article_feedback')
    .select(['article_id', sql<number>`count(*) FILTER (WHERE helpful)`.as('yes'), sql<number>`count(*) FILTER (WHERE NOT helpful)`.as('no')])
    .where('article_id', 'in', articleIds)
    .groupBy('article_id')
    .execute();
  for (const r of rows) out.set(r.article_id, { helpful: Number(r.yes), notHelpful: Number(r.no) });
  return out;
}
