/**
 * The knowledge base's file format: one Markdown file per article per language,
 * `<slug>.<locale>.md`, opening with a front-matter block of `key: value` lines:
 *
 * ```
 * ---
 * title: Who to call: 911, 311 or 211
 * summary: One or two sentences shown in results.
 * audience: public
 * status: published
 * tags: emergency, phone numbers
 * services: EMERGENCY, POLICE_NON_EMERGENCY
 * departments: bds, pbot
 * owner: oct
 * review_by: 2027-03-01
 * ---
 * Markdown body…
 * <!-- script -->
 * The call script for agents (staff view only).
 * ```
 *
 * Pure: parsing checks everything a file can say on its own (keys, values, lengths) and names the
 * file and line of each problem; whether service codes and departments exist is the importer's check.
 * `formatArticleFile` writes the canonical form, which parses back to the same article.
 */
import { AppError } from '../../lib/errors.ts';
import { ARTICLE_AUDIENCES, ARTICLE_LOCALES, ARTICLE_STATUSES, type ArticleAudience, type ArticleLocale, type ArticleStatus } from './tables.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SCRIPT_MARKER = '<!-- script -->';
export const LIMITS = { slug: 120, title: 200, summary: 1000, body: 100_000, script: 20_000, tag: 60, tags: 30 } as const;

/** An article as a file says it: links by service code and department id. */
export interface ArticleContent {
  slug: string;
  locale: ArticleLocale;
  title: string;
  summary: string;
  audience: ArticleAudience;
  status: ArticleStatus;
  tags: string[];
  /** Service codes of the catalog. */
  services: string[];
  /** Department ids (`bds`, `pbot`). */
  departments: string[];
  owner: string | null;
  /** `YYYY-MM-DD` or null. */
  reviewBy: string | null;
  body: string;
  script: string | null;
}

/** A parsed file: the content, its file name and the line of each front-matter key (for later errors). */
export interface ArticleFile extends ArticleContent {
  source: string;
  lines: Partial<Record<FrontMatterKey, number>>;
}

const KEYS = ['title', 'summary', 'audience', 'status', 'tags', 'services', 'departments', 'owner', 'review_by'] as const;
type FrontMatterKey = (typeof KEYS)[number];

const fileError = (source: string, line: number | null, message: string): AppError =>
  new AppError('article_file_invalid', 400, `${source}${line ? `, line ${line}` : ''}: ${message}`, { field: source, file: source, line });

/** `YYYY-MM-DD` naming a real day. */
export function isCivilDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Splits `a, b,c` into trimmed, non-empty, unique items (first spelling kept). */
export function splitList(value: string): string[] {
  const out: string[] = [];
  for (const item of value.split(',')) {
    const v = item.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Reads `<slug>.<locale>.md` into its slug and locale, or explains why the name is not one. */
export function parseArticleFileName(fileName: string): { slug: string; locale: ArticleLocale } {
  const m = /^(.+)\.([A-Za-z-]+)\.md$/.exec(fileName);
  if (!m) throw fileError(fileName, null, 'an article file is named <slug>.<locale>.md, e.g. who-to-call.en.md');
  const [, slug, locale] = m as unknown as [string, string, string];
  if (!(ARTICLE_LOCALES as readonly string[]).includes(locale)) {
    throw fileError(fileName, null, `unknown locale "${locale}" in the file name (one of ${ARTICLE_LOCALES.join(', ')})`);
  }
  if (!SLUG_PATTERN.test(slug) || slug.length > LIMITS.slug) {
    throw fileError(fileName, null, `the slug "${slug}" must be lower-case letters and digits in words joined by single hyphens, at most ${LIMITS.slug} characters`);
  }
  return { slug, locale: locale as ArticleLocale };
}

/** Parses one article file; every problem is an AppError naming the file and, where there is one, the line. */
export function parseArticleFile(fileName: string, text: string): ArticleFile {
  const { slug, locale } = parseArticleFileName(fileName);
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') throw fileError(fileName, 1, 'the file must start with a front-matter block opened by a line "---"');
  const values: Partial<Record<FrontMatterKey, string>> = {};
  const at: Partial<Record<FrontMatterKey, number>> = {};
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '---') {
      end = i;
      break;
    }
    if (line.trim() === '') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/.exec(line.trimEnd());
    if (!m) throw fileError(fileName, i + 1, `expected "key: value", found ${JSON.stringify(line.slice(0, 80))}`);
    const key = m[1] as string;
    if (!(KEYS as readonly string[]).includes(key)) throw fileError(fileName, i + 1, `unknown key "${key}" (known: ${KEYS.join(', ')})`);
    const k = key as FrontMatterKey;
    if (values[k] !== undefined) throw fileError(fileName, i + 1, `"${key}" is given twice (first on line ${at[k]})`);
    values[k] = (m[2] ?? '').trim();
    at[k] = i + 1;
  }
  if (end < 0) throw fileError(fileName, lines.length, 'the front-matter block is not closed by a line "---"');

  const title = values.title ?? '';
  if (!title) throw fileError(fileName, at.title ?? 1, 'the article has no title ("title: …" in the front matter)');
  if (title.length > LIMITS.title) throw fileError(fileName, at.title ?? 1, `the title is longer than ${LIMITS.title} characters`);
  const summary = values.summary ?? '';
  if (summary.length > LIMITS.summary) throw fileError(fileName, at.summary ?? 1, `the summary is longer than ${LIMITS.summary} characters`);
  const audience = values.audience || 'public';
  if (!(ARTICLE_AUDIENCES as readonly string[]).includes(audience)) {
    throw fileError(fileName, at.audience ?? 1, `audience "${audience}" is not one of ${ARTICLE_AUDIENCES.join(', ')}`);
  }
  const status = values.status || 'published';
  if (!(ARTICLE_STATUSES as readonly string[]).includes(status)) {
    throw fileError(fileName, at.status ?? 1, `status "${status}" is not one of ${ARTICLE_STATUSES.join(', ')}`);
  }
  const tags = splitList(values.tags ?? '');
  if (tags.length > LIMITS.tags) throw fileError(fileName, at.tags ?? 1, `at most ${LIMITS.tags} tags`);
  const longTag = tags.find((t) => t.length > LIMITS.tag);
  if (longTag) throw fileError(fileName, at.tags ?? 1, `the tag "${longTag.slice(0, 20)}…" is longer than ${LIMITS.tag} characters`);
  const reviewBy = values.review_by || null;
  if (reviewBy && !isCivilDate(reviewBy)) throw fileError(fileName, at.review_by ?? 1, `review_by "${reviewBy}" is not a date written YYYY-MM-DD`);
  const owner = values.owner || null;

  const rest = lines.slice(end + 1);
  const marker = rest.findIndex((l) => l.trimEnd() === SCRIPT_MARKER);
  const body = trimBlankLines((marker < 0 ? rest : rest.slice(0, marker)).join('\n'));
  const scriptText = marker < 0 ? '' : trimBlankLines(rest.slice(marker + 1).join('\n'));
  if (body.length > LIMITS.body) throw fileError(fileName, end + 2, `the body is longer than ${LIMITS.body} characters`);
  if (scriptText.length > LIMITS.script) throw fileError(fileName, end + 2 + marker + 1, `the call script is longer than ${LIMITS.script} characters`);

  return {
    source: fileName,
    lines: at,
    slug,
    locale,
    title,
    summary,
    audience: audience as ArticleAudience,
    status: status as ArticleStatus,
    tags,
    services: splitList(values.services ?? ''),
    departments: splitList(values.departments ?? ''),
    owner,
    reviewBy,
    body,
    script: scriptText === '' ? null : scriptText,
  };
}

/** Drops blank lines at both ends and trailing spaces of the last line; keeps indentation of the first. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/** The file name an article is exported to. */
export const articleFileName = (a: Pick<ArticleContent, 'slug' | 'locale'>): string => `${a.slug}.${a.locale}.md`;

/** The canonical text of an article file; `parseArticleFile` reads it back to the same content. */
export function formatArticleFile(a: ArticleContent): string {
  const oneLine = (v: string) => v.replace(/\s*\n\s*/g, ' ');
  const head = ['---', `title: ${oneLine(a.title)}`];
  if (a.summary) head.push(`summary: ${oneLine(a.summary)}`);
  head.push(`audience: ${a.audience}`, `status: ${a.status}`);
  if (a.tags.length) head.push(`tags: ${a.tags.join(', ')}`);
  if (a.services.length) head.push(`services: ${a.services.join(', ')}`);
  if (a.departments.length) head.push(`departments: ${a.departments.join(', ')}`);
  if (a.owner) head.push(`owner: ${a.owner}`);
  if (a.reviewBy) head.push(`review_by: ${a.reviewBy}`);
  head.push('---');
  let text = `${head.join('\n')}\n${a.body}\n`;
  if (a.script) text += `\n${SCRIPT_MARKER}\n${a.script}\n`;
  return text;
}
