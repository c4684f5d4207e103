/** What the staff API returns for articles, versions and flags (the public API has its own shapes, in public.ts). */
import type { ArticleLinks, ArticleRow, FlagRow, VersionRow } from './repository.ts';
import { renderArticleMarkdown } from './render.ts';
import type { ReviewQueueItem, StaffArticle } from './service.ts';

export function presentArticleSummary(row: ArticleRow, links: ArticleLinks | undefined) {
  return {
    id: row.id,
    slug: row.slug,
    locale: row.locale,
    audience: row.audience,
    status: row.status,
    title: row.title,
    summary: row.summary,
    tags: row.tags,
    services: links?.services ?? [],
    departments: links?.departments ?? [],
    owner: row.owner_department_id,
    reviewBy: row.review_by,
    version: row.version,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
  };
}

/** The whole article for staff: Markdown, rendered HTML, the call script, links, other languages, feedback. */
export function presentArticle(a: StaffArticle) {
  return {
    ...presentArticleSummary(a.row, a.links),
    body: a.row.body,
    html: renderArticleMarkdown(a.row.body),
    script: a.row.script,
    createdAt: a.row.created_at,
    createdBy: a.row.created_by,
    updatedBy: a.row.updated_by,
    translations: a.translations.map((t) => ({ id: t.id, locale: t.locale, title: t.title, status: t.status, audience: t.audience })),
    feedback: a.feedback,
    openFlags: a.openFlags,
  };
}

export function presentVersion(v: VersionRow) {
  return {
    version: v.version,
    status: v.status,
    audience: v.audience,
    title: v.title,
    changedAt: v.changed_at,
    changedBy: v.changed_by === null ? null : { id: v.changed_by, name: v.changed_by_name },
    changeNote: v.change_note,
  };
}

export function presentFlag(f: FlagRow) {
  return {
    id: f.id,
    article: { id: f.article_id, slug: f.slug, locale: f.locale, title: f.title, owner: f.owner_department_id },
    source: f.source,
    reason: f.reason,
    comment: f.comment,
    flaggedBy: f.flagged_by === null ? null : { id: f.flagged_by, name: f.flagged_by_name },
    status: f.status,
    createdAt: f.created_at,
    resolvedAt: f.resolved_at,
    resolvedBy: f.resolved_by,
    resolutionNote: f.resolution_note,
  };
}

export function presentReviewItem(item: ReviewQueueItem) {
  return { ...presentArticleSummary(item.row, item.links), dueInDays: item.dueInDays, overdue: item.dueInDays < 0 };
}

/** A whole saved version: what the article said then. */
export function presentFullVersion(v: VersionRow) {
  return {
    ...presentVersion(v),
    summary: v.summary,
    body: v.body,
    html: renderArticleMarkdown(v.body),
    script: v.script,
    tags: v.tags,
    reviewBy: v.review_by,
    owner: v.owner_department_id,
    services: v.service_codes,
    departments: v.department_ids,
  };
}
