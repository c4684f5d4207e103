/**
 * The knowledge base's staff operations: write articles (every save is a version: who, when, why),
 * the status workflow, versions and their diffs, translations, the review-by queue and flags.
 * Every change is version-checked (409 `stale_version` naming the current version) and audited in
 * its own transaction. Who may do what is the identity policy's: `kb:read`, `kb:edit`, `kb:publish`,
 * `kb:flags`, department-scoped for bureau staff (the article's owner department).
 */
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError, conflict, notFound, type FieldProblem } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { can, departmentsFor, forbidden, unauthenticated, type Permission, type Principal } from '../identity/index.ts';
import { diffVersions, type VersionDiff } from './diff.ts';
import type { ArticleContent } from './format.ts';
import { sameContent } from './import.ts';
import * as repo from './repository.ts';
import {
  articleCreateSchema,
  articleListQuery,
  articleTransitionSchema,
  articleUpdateSchema,
  flagListQuery,
  flagResolveSchema,
  flagSchema,
  reviewQueueQuery,
  type ArticleCreateInput,
  type ArticleTransitionInput,
  type ArticleUpdateInput,
  type FlagInput,
  type FlagResolveInput,
} from './schemas.ts';
import type { ArticleStatus } from './tables.ts';

/** The workflow: which status may follow which, and the permission each step needs. */
export const TRANSITIONS: Record<ArticleStatus, Partial<Record<ArticleStatus, Permission>>> = {
  draft: { in_review: 'kb:edit', archived: 'kb:publish' },
  in_review: { draft: 'kb:edit', published: 'kb:publish', archived: 'kb:publish' },
  published: { archived: 'kb:publish' },
  archived: { draft: 'kb:publish' },
};

/** An article as staff see it: content, links, other languages, feedback and open flags. */
export interface StaffArticle {
  row: repo.ArticleRow;
  links: repo.ArticleLinks;
  translations: { id: number; locale: string; title: string; status: ArticleStatus; audience: string }[];
  feedback: { helpful: number; notHelpful: number };
  openFlags: number;
}

/** Whether the principal holds `permission` for an article owned by `owner` (no owner: only an unscoped grant will do). */
export function mayOnArticle(principal: Principal, permission: Permission, owner: string | null): boolean {
  if (owner) return can(principal, permission, { departmentId: owner });
  return departmentsFor(principal, permission) === 'all';
}

function authorizeOn(principal: Principal, permission: Permission, owner: string | null): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!mayOnArticle(principal, permission, owner)) {
    if (can(principal, permission)) {
      throw new AppError('forbidden', 403, `You hold ${permission} only for your own departments; this article belongs to ${owner ? `"${owner}"` : 'no department'}`, { permission });
    }
    throw forbidden(permission);
  }
}

function authorizeAny(principal: Principal, permission: Permission): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!can(principal, permission)) throw forbidden(permission);
}

const actorIdOf = (principal: Principal): number | null => (principal.kind === 'staff' ? principal.userId : null);
const articleTarget = (row: { id: number }) => ({ kind: 'kb_article', id: row.id });

/** Checks service codes and department ids against the catalog (before any transaction); returns service ids by code. */
async function resolveLinks(deps: Deps, c: { services?: string[]; departments?: string[]; owner?: string | null }): Promise<Map<string, number>> {
  const ids = await repo.selectServiceIdsByCode(deps.db);
  const departments = await repo.selectDepartmentIds(deps.db);
  const problems: FieldProblem[] = [];
  const byCode = new Map<string, number>();
  for (const code of c.services ?? []) {
    const id = ids.get(code);
    if (id === undefined) problems.push({ field: 'services', code: 'unknown_service', message: `services: unknown service code "${code}"` });
    else if (id === null) problems.push({ field: 'services', code: 'ambiguous_service', message: `services: the service code "${code}" is used by more than one jurisdiction` });
    else byCode.set(code, id);
  }
  for (const d of c.departments ?? []) if (!departments.has(d)) problems.push({ field: 'departments', code: 'unknown_department', message: `departments: unknown department "${d}"` });
  if (c.owner && !departments.has(c.owner)) problems.push({ field: 'owner', code: 'unknown_department', message: `owner: unknown department "${c.owner}"` });
  if (problems.length) throw new ValidationError(problems);
  return byCode;
}

function staleVersion(current: number, sent: number): AppError {
  return conflict('stale_version', `This article is at version ${current}; your change was made on version ${sent}. Reload it and make your change again.`, {
    field: 'expectedVersion',
    currentVersion: current,
  });
}

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/** Creates an article as a draft (version 1). A translation is a new article with the same slug in another locale. */
export async function createArticle(deps: Deps, principal: Principal, input: ArticleCreateInput, ctx: AuditContext): Promise<StaffArticle> {
  const v = parseInput(articleCreateSchema, input);
  authorizeOn(principal, 'kb:edit', v.owner ?? null);
  const serviceIds = await resolveLinks(deps, v);
  const content: ArticleContent = {
    slug: v.slug,
    locale: v.locale,
    title: v.title,
    summary: v.summary ?? '',
    audience: v.audience ?? 'public',
    status: 'draft',
    tags: v.tags ?? [],
    services: [...(v.services ?? [])].sort(),
    departments: [...(v.departments ?? [])].sort(),
    owner: v.owner ?? null,
    reviewBy: v.reviewBy ?? null,
    body: v.body ?? '',
    script: v.script ?? null,
  };
  const now = deps.clock.now();
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      if (await repo.selectArticle(trx, { slug: v.slug, locale: v.locale })) throw articleExists(v.slug, v.locale);
      const created = await repo.insertArticle(trx, {
        content,
        serviceIds: content.services.map((c) => serviceIds.get(c) as number),
        actorId: actorIdOf(principal),
        note: v.changeNote ?? 'Created',
        now,
      });
      await recordAudit(trx, { ...ctx, at: now, action: 'kb.article_created', target: articleTarget(created), data: { slug: v.slug, locale: v.locale, audience: content.audience, owner: content.owner } });
      return created;
    });
    return staffView(deps, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw articleExists(v.slug, v.locale);
    throw error;
  }
}

const articleExists = (slug: string, locale: string) =>
  conflict('article_exists', `An article "${slug}" in ${locale} already exists; edit it, or give this one another slug or locale`, { field: 'slug' });

/**
 * Saves a change as a new version. The status stays (a published article stays published); an
 * archived article must be restored to draft first. A save that changes nothing writes nothing.
 */
export async function updateArticle(deps: Deps, principal: Principal, id: number, input: ArticleUpdateInput, ctx: AuditContext): Promise<StaffArticle & { changed: boolean }> {
  const v = parseInput(articleUpdateSchema, input);
  if (principal.kind === 'anonymous') throw unauthenticated();
  const serviceIds = await resolveLinks(deps, { services: v.services, departments: v.departments, owner: v.owner });
  const allServiceIds = await repo.selectServiceIdsByCode(deps.db);
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.selectArticle(trx, { id }, true);
    if (!current) throw notFound('Article', id);
    authorizeOn(principal, 'kb:edit', current.owner_department_id);
    if (v.owner !== undefined && v.owner !== current.owner_department_id) authorizeOn(principal, 'kb:edit', v.owner);
    if (current.version !== v.expectedVersion) throw staleVersion(current.version, v.expectedVersion);
    if (current.status === 'archived') throw conflict('article_archived', 'This article is archived; restore it to draft before editing it', { field: 'status' });
    const links = (await repo.selectLinks(trx, [id])).get(id) as repo.ArticleLinks;
    const content: ArticleContent = {
      slug: current.slug,
      locale: current.locale,
      title: v.title ?? current.title,
      summary: v.summary ?? current.summary,
      audience: v.audience ?? current.audience,
      status: current.status,
      tags: v.tags ?? current.tags,
      services: [...(v.services ?? links.services)].sort(),
      departments: [...(v.departments ?? links.departments)].sort(),
      owner: v.owner !== undefined ? v.owner : current.owner_department_id,
      reviewBy: v.reviewBy !== undefined ? v.reviewBy : current.review_by,
      body: v.body ?? current.body,
      script: v.script !== undefined ? v.script : current.script,
    };
    if (sameContent(current, links, content)) return { row: current, changed: false };
    const ids = content.services.map((c) => serviceIds.get(c) ?? allServiceIds.get(c)).filter((x): x is number => typeof x === 'number');
    const row = await repo.updateArticle(trx, current, { content, serviceIds: ids, actorId: actorIdOf(principal), note: v.changeNote ?? '', now });
    const changedFields = changedFieldNames(current, links, content);
    await recordAudit(trx, { ...ctx, at: now, action: 'kb.article_updated', target: articleTarget(row), data: { version: row.version, changedFields, note: v.changeNote ?? '' } });
    return { row, changed: true };
  });
  return { ...(await staffView(deps, result.row)), changed: result.changed };
}

function changedFieldNames(row: repo.ArticleRow, links: repo.ArticleLinks, c: ArticleContent): string[] {
  const out: string[] = [];
  const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (row.title !== c.title) out.push('title');
  if (row.summary !== c.summary) out.push('summary');
  if (row.audience !== c.audience) out.push('audience');
  if (!eq(row.tags, c.tags)) out.push('tags');
  if (!eq(links.services, c.services)) out.push('services');
  if (!eq(links.departments, c.departments)) out.push('departments');
  if (row.owner_department_id !== c.owner) out.push('owner');
  if (row.review_by !== c.reviewBy) out.push('reviewBy');
  if (row.body !== c.body) out.push('body');
  if (row.script !== c.script) out.push('script');
  return out;
}

/** Moves an article through the workflow (a new version recording the status change). */
export async function transitionArticle(deps: Deps, principal: Principal, id: number, input: ArticleTransitionInput, ctx: AuditContext): Promise<StaffArticle> {
  const v = parseInput(articleTransitionSchema, input);
  if (principal.kind === 'anonymous') throw unauthenticated();
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.selectArticle(trx, { id }, true);
    if (!current) throw notFound('Article', id);
    authorizeOn(principal, 'kb:read', current.owner_department_id);
    const needed = TRANSITIONS[current.status][v.to];
    if (!needed) {
      const allowed = Object.keys(TRANSITIONS[current.status]);
      throw conflict('invalid_transition', `An article that is ${current.status} can move to ${allowed.join(' or ')}, not to ${v.to}`, { field: 'to', from: current.status, allowed });
    }
    authorizeOn(principal, needed, current.owner_department_id);
    if (current.version !== v.expectedVersion) throw staleVersion(current.version, v.expectedVersion);
    const links = (await repo.selectLinks(trx, [id])).get(id) as repo.ArticleLinks;
    const note = v.note ?? `${current.status} → ${v.to}`;
    const updated = await repo.updateStatus(trx, current, v.to, actorIdOf(principal), now, note, links);
    await recordAudit(trx, { ...ctx, at: now, action: 'kb.article_transitioned', target: articleTarget(updated), data: { from: current.status, to: v.to, version: updated.version, note } });
    return updated;
  });
  return staffView(deps, row);
}

async function staffView(deps: Deps, row: repo.ArticleRow): Promise<StaffArticle> {
  const links = (await repo.selectLinks(deps.db, [row.id])).get(row.id) as repo.ArticleLinks;
  const translations = (await repo.selectTranslations(deps.db, row.slug, { publicOnly: false })).filter((t) => t.id !== row.id);
  const feedback = (await repo.selectFeedbackCounts(deps.db, [row.id])).get(row.id) ?? { helpful: 0, notHelpful: 0 };
  const openFlags = (await repo.selectFlagList(deps.db, { status: 'open', articleId: row.id, limit: 1000 })).length;
  return { row, links, translations, feedback, openFlags };
}

/** One article with everything staff see (call script included). Needs `kb:read`. */
export async function getArticle(deps: Deps, principal: Principal, id: number): Promise<StaffArticle> {
  authorizeAny(principal, 'kb:read');
  const row = await repo.selectArticle(deps.db, { id });
  if (!row) throw notFound('Article', id);
  return staffView(deps, row);
}

/** Articles of every status and audience, filtered, by slug and locale. Needs `kb:read`. */
export async function listArticles(deps: Deps, principal: Principal, query: unknown): Promise<{ rows: repo.ArticleRow[]; links: Map<number, repo.ArticleLinks>; total: number }> {
  authorizeAny(principal, 'kb:read');
  const q = parseInput(articleListQuery, query);
  const { rows, total } = await repo.selectArticleList(deps.db, q);
  return { rows, total, links: await repo.selectLinks(deps.db, rows.map((r) => r.id)) };
}

/** Every version of an article, newest first. Needs `kb:read`. */
export async function listVersions(deps: Deps, principal: Principal, id: number): Promise<repo.VersionRow[]> {
  authorizeAny(principal, 'kb:read');
  if (!(await repo.selectArticle(deps.db, { id }))) throw notFound('Article', id);
  return repo.selectVersionList(deps.db, id);
}

/** One version of an article as it was saved (content, links, who, when, why). Needs `kb:read`. */
export async function getVersion(deps: Deps, principal: Principal, id: number, version: number): Promise<{ article: repo.ArticleRow; version: repo.VersionRow }> {
  authorizeAny(principal, 'kb:read');
  const article = await repo.selectArticle(deps.db, { id });
  if (!article) throw notFound('Article', id);
  const v = await repo.selectVersion(deps.db, id, version);
  if (!v) throw new AppError('not_found', 404, `Article ${id} has no version ${version} (it is at version ${article.version})`, { field: 'version' });
  return { article, version: v };
}

/** The difference between two versions of an article. Needs `kb:read`. */
export async function diffArticleVersions(deps: Deps, principal: Principal, id: number, from: number, to: number): Promise<VersionDiff> {
  authorizeAny(principal, 'kb:read');
  const article = await repo.selectArticle(deps.db, { id });
  if (!article) throw notFound('Article', id);
  const a = await repo.selectVersion(deps.db, id, from);
  if (!a) throw new AppError('not_found', 404, `Article ${id} has no version ${from} (it is at version ${article.version})`, { field: 'from' });
  const b = await repo.selectVersion(deps.db, id, to);
  if (!b) throw new AppError('not_found', 404, `Article ${id} has no version ${to} (it is at version ${article.version})`, { field: 'to' });
  return diffVersions(article.slug, article.locale, a, b);
}

/** Today's date (YYYY-MM-DD) where the default jurisdiction is (UTC when there is none). */
async function today(deps: Deps): Promise<string> {
  let timeZone = 'UTC';
  try {
    timeZone = (await getJurisdiction(deps)).timeZone;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(deps.clock.now());
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The departments whose queues the principal works: `all`, or its own (an `owner` outside them is a 403). */
function queueScope(principal: Principal, owner: string | undefined): { owner?: string; owners: string[] | null } {
  authorizeAny(principal, 'kb:flags');
  const scope = departmentsFor(principal, 'kb:flags');
  if (scope === 'all') return { owner, owners: null };
  if (owner && !scope.includes(owner)) throw new AppError('forbidden', 403, `You work the knowledge-base queues of ${scope.join(', ')} only, not of "${owner}"`, { field: 'owner' });
  return { owner, owners: owner ? [owner] : scope };
}

export interface ReviewQueueItem {
  row: repo.ArticleRow;
  links: repo.ArticleLinks | undefined;
  /** Days until the review date; negative when overdue. */
  dueInDays: number;
}

/** Published articles due for review within `days` (overdue ones first), for the caller's departments. Needs `kb:flags`. */
export async function reviewQueue(deps: Deps, principal: Principal, query: unknown): Promise<{ today: string; until: string; items: ReviewQueueItem[] }> {
  const q = parseInput(reviewQueueQuery, query);
  const scope = queueScope(principal, q.owner);
  const day = await today(deps);
  const until = addDays(day, q.days);
  const rows = await repo.selectReviewQueue(deps.db, until, scope.owner, scope.owners, q.limit);
  const links = await repo.selectLinks(deps.db, rows.map((r) => r.id));
  return { today: day, until, items: rows.map((row) => ({ row, links: links.get(row.id), dueInDays: daysBetween(day, row.review_by as string) })) };
}

/** A staff member's (or program's) flag on an article; it lands in the owner department's queue. Needs `kb:read`. */
export async function flagArticle(deps: Deps, principal: Principal, id: number, input: FlagInput, ctx: AuditContext): Promise<repo.FlagRow> {
  authorizeAny(principal, 'kb:read');
  const v = parseInput(flagSchema, input);
  const now = deps.clock.now();
  const flagId = await deps.db.transaction().execute(async (trx) => {
    const article = await repo.selectArticle(trx, { id });
    if (!article) throw notFound('Article', id);
    const fid = await repo.insertFlag(trx, { articleId: id, source: 'staff', reason: v.reason, comment: v.comment ?? '', flaggedBy: actorIdOf(principal), now });
    await recordAudit(trx, { ...ctx, at: now, action: 'kb.article_flagged', target: articleTarget(article), data: { flag: fid, reason: v.reason } });
    return fid;
  });
  return (await repo.selectFlag(deps.db, flagId)) as repo.FlagRow;
}

/** Flags in the caller's departments' queues (or one department's), oldest first. Needs `kb:flags`. */
export async function listFlags(deps: Deps, principal: Principal, query: unknown): Promise<repo.FlagRow[]> {
  const q = parseInput(flagListQuery, query);
  const scope = queueScope(principal, q.owner);
  return repo.selectFlagList(deps.db, { status: q.status, owner: scope.owner, owners: scope.owners, limit: q.limit });
}

/** Closes an open flag as resolved or dismissed, with a note. Needs `kb:flags` for the article's owner department. */
export async function resolveFlag(deps: Deps, principal: Principal, flagId: number, input: FlagResolveInput, ctx: AuditContext): Promise<repo.FlagRow> {
  const v = parseInput(flagResolveSchema, input);
  authorizeAny(principal, 'kb:flags');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const flag = await repo.selectFlag(trx, flagId, true);
    if (!flag) throw notFound('Flag', flagId);
    authorizeOn(principal, 'kb:flags', flag.owner_department_id);
    if (flag.status !== 'open') throw conflict('flag_closed', `This flag was already ${flag.status}`, { field: 'status', status: flag.status });
    await repo.closeFlag(trx, flagId, { status: v.status, by: actorIdOf(principal), note: v.note, now });
    await recordAudit(trx, { ...ctx, at: now, action: `kb.flag_${v.status}`, target: { kind: 'kb_flag', id: flagId }, data: { article: flag.article_id, note: v.note } });
  });
  return (await repo.selectFlag(deps.db, flagId)) as repo.FlagRow;
}
