/**
 * Importing articles from files (`<slug>.<locale>.md`, see format.ts) and exporting them back.
 * An import is all or nothing (one transaction) and idempotent: an article is found by its slug and
 * locale, and rewritten — as a new version — only when something in it changed.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { articleFileName, formatArticleFile, parseArticleFile, type ArticleContent, type ArticleFile } from './format.ts';
import * as repo from './repository.ts';

export interface ArticleImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** `slug.locale` of each article written (created or updated). */
  changed: string[];
}

/** True when the stored article (with its links) says exactly what `c` says. */
export function sameContent(row: repo.ArticleRow, links: repo.ArticleLinks, c: ArticleContent): boolean {
  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    row.title === c.title &&
    row.summary === c.summary &&
    row.audience === c.audience &&
    row.status === c.status &&
    row.body === c.body &&
    (row.script ?? null) === (c.script ?? null) &&
    sameList(row.tags, c.tags) &&
    row.owner_department_id === c.owner &&
    (row.review_by ?? null) === (c.reviewBy ?? null) &&
    sameList(links.services, [...c.services].sort()) &&
    sameList(links.departments, [...c.departments].sort())
  );
}

const describe = (a: ArticleContent | ArticleFile): string => ('source' in a ? a.source : articleFileName(a));

/**
 * Checks that every service code and department an article names exists (all problems listed at
 * once, each naming its file and line), then writes the articles in one transaction.
 */
export async function importArticles(
  deps: Deps,
  articles: (ArticleContent | ArticleFile)[],
  options: { audit?: AuditContext; note?: string } = {},
): Promise<ArticleImportSummary> {
  const serviceIds = await repo.selectServiceIdsByCode(deps.db);
  const departments = await repo.selectDepartmentIds(deps.db);
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const resolved: { article: ArticleContent | ArticleFile; serviceIds: number[] }[] = [];
  for (const a of articles) {
    const where = (key: 'services' | 'departments' | 'owner') => {
      const line = 'lines' in a ? a.lines[key] : undefined;
      return `${describe(a)}${line ? `, line ${line}` : ''}`;
    };
    const key = `${a.slug}.${a.locale}`;
    const first = seen.get(key);
    if (first) problems.push(`${describe(a)}: the article ${key} is also in ${first}`);
    seen.set(key, describe(a));
    const ids: number[] = [];
    for (const code of a.services) {
      const id = serviceIds.get(code);
      if (id === undefined) problems.push(`${where('services')}: unknown service code "${code}"`);
      else if (id === null) problems.push(`${where('services')}: the service code "${code}" is used by more than one jurisdiction`);
      else ids.push(id);
    }
    for (const d of a.departments) if (!departments.has(d)) problems.push(`${where('departments')}: unknown department "${d}"`);
    if (a.owner && !departments.has(a.owner)) problems.push(`${where('owner')}: unknown owner department "${a.owner}"`);
    resolved.push({ article: a, serviceIds: ids });
  }
  if (problems.length) {
    throw new AppError('article_import_invalid', 400, problems.length === 1 ? (problems[0] as string) : `${problems.length} problems:\n${problems.join('\n')}`, {
      problems,
    });
  }

  const summary: ArticleImportSummary = { read: articles.length, created: 0, updated: 0, unchanged: 0, changed: [] };
  const now = deps.clock.now();
  const actorId = options.audit?.actor.kind === 'staff' && typeof options.audit.actor.id === 'number' ? options.audit.actor.id : null;
  await deps.db.transaction().execute(async (trx) => {
    // What is there already, in two queries (rows locked), rather than three per article.
    const rows = await repo.selectArticlesBySlugs(trx, [...new Set(resolved.map((r) => r.article.slug))], true);
    const existingByKey = new Map(rows.map((r) => [`${r.slug}.${r.locale}`, r]));
    const existingLinks = await repo.selectLinks(trx, rows.map((r) => r.id));
    for (const { article, serviceIds: ids } of resolved) {
      const content: ArticleContent = { ...article, services: [...article.services].sort(), departments: [...article.departments].sort() };
      const note = options.note ?? `Imported from ${describe(article)}`;
      const existing = existingByKey.get(`${article.slug}.${article.locale}`);
      if (!existing) {
        await repo.insertArticle(trx, { content, serviceIds: ids, actorId, note, now });
        summary.created++;
      } else {
        const links = existingLinks.get(existing.id) as repo.ArticleLinks;
        if (sameContent(existing, links, content)) {
          summary.unchanged++;
          continue;
        }
        await repo.updateArticle(trx, existing, { content, serviceIds: ids, actorId, note, now });
        summary.updated++;
      }
      summary.changed.push(`${article.slug}.${article.locale}`);
    }
    if (options.audit && summary.changed.length) {
      await recordAudit(trx, {
        ...options.audit,
        at: now,
        action: 'kb.articles_imported',
        data: { read: summary.read, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, articles: summary.changed.slice(0, 200) },
      });
    }
  });
  return summary;
}

/**
 * Reads every `*.md` file of a directory as an article file, in name order. A missing directory is
 * no articles when `missingOk`, else an error; any other file is ignored.
 */
export async function readArticleDirectory(dir: string, options: { missingOk?: boolean } = {}): Promise<ArticleFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.missingOk) return [];
      throw new AppError('not_found', 404, `The directory ${dir} does not exist`, { field: 'dir' });
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new AppError('invalid_input', 400, `${dir} is not a directory`, { field: 'dir' });
    throw error;
  }
  const files: ArticleFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.md')).sort()) {
    const bytes = await readFile(join(dir, name));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('article_file_invalid', 400, `${name}: the file is not valid UTF-8`, { field: name, file: name });
    }
    files.push(parseArticleFile(name, text));
  }
  return files;
}

/** Reads a directory of article files and imports them (nothing is written if any file is refused). */
export async function importArticleDirectory(deps: Deps, dir: string, options: { audit?: AuditContext; missingOk?: boolean } = {}): Promise<ArticleImportSummary> {
  const files = await readArticleDirectory(dir, { missingOk: options.missingOk });
  return importArticles(deps, files, { audit: options.audit });
}

/** Every article as file content, in slug and locale order. */
export async function exportArticleContents(deps: Deps): Promise<ArticleContent[]> {
  const rows = await repo.selectAllArticles(deps.db);
  const links = await repo.selectLinks(deps.db, rows.map((r) => r.id));
  return rows.map((r) => {
    const l = links.get(r.id) as repo.ArticleLinks;
    return {
      slug: r.slug,
      locale: r.locale,
      title: r.title,
      summary: r.summary,
      audience: r.audience,
      status: r.status,
      tags: r.tags,
      services: l.services,
      departments: l.departments,
      owner: r.owner_department_id,
      reviewBy: r.review_by,
      body: r.body,
      script: r.script,
    };
  });
}

/** Writes every article to `dir` (created if needed) as `<slug>.<locale>.md`; returns the file count. */
export async function exportArticleDirectory(deps: Deps, dir: string): Promise<number> {
  const articles = await exportArticleContents(deps);
  await mkdir(dir, { recursive: true });
  for (const a of articles) await writeFile(join(dir, articleFileName(a)), formatArticleFile(a), 'utf8');
  return articles.length;
}
