/**
 * The difference between two versions of an article, with jsdiff (`diff`): a unified diff of the
 * two versions written in the article file format (front matter, body, call script), its hunks as
 * structured data, and, for each field that changed, a word-level diff of that field.
 */
import { createTwoFilesPatch, diffArrays, diffWords, structuredPatch } from 'diff';
import { formatArticleFile, type ArticleContent } from './format.ts';
import type { VersionRow } from './repository.ts';

export interface WordChange {
  /** `same`, `added` or `removed`. */
  op: 'same' | 'added' | 'removed';
  value: string;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line prefixed with ' ', '+' or '-', as in a unified diff. */
  lines: string[];
}

export interface FieldDiff {
  field: string;
  from: string | string[] | null;
  to: string | string[] | null;
  changes: WordChange[];
}

export interface VersionDiff {
  from: number;
  to: number;
  changedFields: string[];
  fields: FieldDiff[];
  hunks: DiffHunk[];
  unified: string;
}

const FIELDS = ['title', 'summary', 'status', 'audience', 'tags', 'services', 'departments', 'owner', 'reviewBy', 'body', 'script'] as const;

export function versionContent(slug: string, locale: ArticleContent['locale'], v: VersionRow): ArticleContent {
  return {
    slug,
    locale,
    title: v.title,
    summary: v.summary,
    audience: v.audience,
    status: v.status,
    tags: v.tags,
    services: v.service_codes,
    departments: v.department_ids,
    owner: v.owner_department_id,
    reviewBy: v.review_by,
    body: v.body,
    script: v.script,
  };
}

const op = (c: { added?: boolean; removed?: boolean }): WordChange['op'] => (c.added ? 'added' : c.removed ? 'removed' : 'same');

function fieldDiff(field: string, a: string | string[] | null, b: string | string[] | null): FieldDiff | null {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = (a as string[] | null) ?? [];
    const y = (b as string[] | null) ?? [];
    if (x.length === y.length && x.every((v, i) => v === y[i])) return null;
    const changes = diffArrays(x, y).flatMap((c) => c.value.map((value) => ({ op: op(c), value: String(value) })));
    return { field, from: x, to: y, changes };
  }
  if ((a ?? '') === (b ?? '') && (a === null) === (b === null)) return null;
  const changes = diffWords(a ?? '', b ?? '').map((c) => ({ op: op(c), value: c.value }));
  return { field, from: a, to: b, changes };
}

/** The diff from version `a` to version `b` of one article. */
export function diffVersions(slug: string, locale: ArticleContent['locale'], a: VersionRow, b: VersionRow): VersionDiff {
  const x = versionContent(slug, locale, a);
  const y = versionContent(slug, locale, b);
  const fields: FieldDiff[] = [];
  for (const f of FIELDS) {
    const d = fieldDiff(f, x[f], y[f]);
    if (d) fields.push(d);
  }
  const name = `${slug}.${locale}.md`;
  const oldText = formatArticleFile(x);
  const newText = formatArticleFile(y);
  const patch = structuredPatch(`${name}@v${a.version}`, `${name}@v${b.version}`, oldText, newText, '', '', { context: 3 });
  return {
    from: a.version,
    to: b.version,
    changedFields: fields.map((f) => f.field),
    fields,
    hunks: patch.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines })),
    unified: createTwoFilesPatch(`${name}@v${a.version}`, `${name}@v${b.version}`, oldText, newText, `version ${a.version}`, `version ${b.version}`, { context: 3 }),
  };
}
