/** zod schemas of the knowledge base's inputs (API bodies and query strings). */
import { z } from 'zod';
import { multiLineText, oneLineText } from '../../lib/text-schemas.ts';
import { LIMITS, SCRIPT_MARKER, SLUG_PATTERN, isCivilDate } from './format.ts';
import { ARTICLE_AUDIENCES, ARTICLE_LOCALES, ARTICLE_STATUSES, FLAG_REASONS } from './tables.ts';


/** One line of text: no line breaks or control characters. */
const line = oneLineText;

/** Markdown text: line breaks allowed, no control characters, no line that is the call-script marker. */
const markdownText = (max: number) =>
  multiLineText(max)
    .refine((v) => !v.split(/\r?\n/).some((l) => l.trimEnd() === SCRIPT_MARKER), `must not contain a line "${SCRIPT_MARKER}" (it separates the call script in article files)`)
    .transform((v) => v.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd());

/** Free text of a few lines (comments): no control characters, line breaks normalised, trimmed. */
const commentText = (max: number) =>
  multiLineText(max).transform((v) => v.replace(/\r\n?/g, '\n').trim());

export const slugSchema = z.string().max(LIMITS.slug).regex(SLUG_PATTERN, 'must be lower-case letters and digits in words joined by single hyphens');
export const localeSchema = z.enum(ARTICLE_LOCALES);
const code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a service code');
const departmentId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department id');
const tag = line(LIMITS.tag).refine((v) => v !== '' && !v.includes(','), 'must be a non-empty tag without commas');
const civilDate = z.string().refine(isCivilDate, 'must be a date written YYYY-MM-DD');
const unique = <T>(list: T[]) => [...new Set(list)];

const contentFields = {
  title: line(LIMITS.title).refine((v) => v !== '', 'must not be empty'),
  summary: line(LIMITS.summary),
  audience: z.enum(ARTICLE_AUDIENCES),
  tags: z.array(tag).max(LIMITS.tags).transform(unique),
  services: z.array(code).max(50).transform(unique),
  departments: z.array(departmentId).max(50).transform(unique),
  owner: departmentId.nullable(),
  reviewBy: civilDate.nullable(),
  body: markdownText(LIMITS.body),
  script: markdownText(LIMITS.script).nullable(),
};

const changeNote = line(500).describe('Why this change was made (kept with the version)');

/** What a create and an update may both leave out. */
const optionalContent = {
  summary: contentFields.summary.optional(),
  audience: contentFields.audience.optional(),
  tags: contentFields.tags.optional(),
  services: contentFields.services.optional(),
  departments: contentFields.departments.optional(),
  owner: contentFields.owner.optional(),
  reviewBy: contentFields.reviewBy.optional(),
  body: contentFields.body.optional(),
  script: contentFields.script.optional(),
  changeNote: changeNote.optional(),
};

export const articleCreateSchema = z
  .object({
    slug: slugSchema,
    locale: localeSchema,
    title: contentFields.title,
    ...optionalContent,
  })
  .strict();
export type ArticleCreateInput = z.input<typeof articleCreateSchema>;

export const articleUpdateSchema = z
  .object({
    expectedVersion: z.number().int().min(1).describe('The version the edit was made on; a stale one is refused (409) with the current version'),
    title: contentFields.title.optional(),
    ...optionalContent,
  })
  .strict();
export type ArticleUpdateInput = z.input<typeof articleUpdateSchema>;

export const articleTransitionSchema = z
  .object({
    to: z.enum(ARTICLE_STATUSES),
    expectedVersion: z.number().int().min(1),
    note: changeNote.optional(),
  })
  .strict();
export type ArticleTransitionInput = z.input<typeof articleTransitionSchema>;

const STATUS_LIST = new RegExp(`^(${ARTICLE_STATUSES.join('|')})(,(${ARTICLE_STATUSES.join('|')}))*$`);

export const articleListQuery = z
  .object({
    status: z.string().regex(STATUS_LIST, `must be statuses separated by commas: ${ARTICLE_STATUSES.join(', ')}`).optional().describe('One status or several separated by commas'),
    audience: z.enum(ARTICLE_AUDIENCES).optional(),
    locale: localeSchema.optional(),
    owner: departmentId.optional().describe('Owner department id'),
    tag: z.string().min(1).max(LIMITS.tag).optional(),
    service: code.optional().describe('A linked service code'),
    q: z.string().trim().min(1).max(200).optional().describe('Text in the title, summary or slug'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ArticleListQuery = z.infer<typeof articleListQuery>;

export const diffQuery = z
  .object({
    from: z.coerce.number().int().min(1).describe('The older version'),
    to: z.coerce.number().int().min(1).describe('The newer version'),
  })
  .strict();

export const reviewQueueQuery = z
  .object({
    days: z.coerce.number().int().min(0).max(366).default(30).describe('Articles due within this many days from today (overdue ones included)'),
    owner: departmentId.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const flagSchema = z
  .object({
    reason: z.enum(FLAG_REASONS),
    comment: commentText(1000).optional().describe('What is out of date or wrong (at most 1,000 characters)'),
  })
  .strict();
export type FlagInput = z.input<typeof flagSchema>;

export const flagListQuery = z
  .object({
    status: z.enum(['open', 'resolved', 'dismissed']).default('open'),
    owner: departmentId.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const flagResolveSchema = z
  .object({
    status: z.enum(['resolved', 'dismissed']),
    note: line(2000).refine((v) => v !== '', 'must say what was done'),
  })
  .strict();
export type FlagResolveInput = z.input<typeof flagResolveSchema>;

export const feedbackSchema = z
  .object({
    helpful: z.boolean(),
    comment: commentText(500).optional(),
  })
  .strict();
export type FeedbackInput = z.input<typeof feedbackSchema>;

export const publicListQuery = z
  .object({
    locale: localeSchema.default('en'),
    service: code.optional(),
    tag: z.string().min(1).max(LIMITS.tag).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type PublicListQuery = z.infer<typeof publicListQuery>;

export const publicArticleQuery = z.object({ locale: localeSchema.default('en') }).strict();
