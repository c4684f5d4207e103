import { z } from 'zod';
import { MAX_QUERY_LENGTH } from './query.ts';
import { DOCUMENT_KINDS } from './tables.ts';

/** Input of the search API, validated with zod: every problem names its parameter (400). */

export const SEARCH_LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
export const MAX_PER_PAGE = 50;
/** Deep pages cost as much as the whole result set; nobody reads page 51 of a search. */
export const MAX_PAGE = 50;

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);

export const searchQuerySchema = z
  .object({
    q: z
      .string()
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'say what to search for').max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`))
      .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit')
      .describe('What to search for (1–200 characters)'),
    locale: z.enum(SEARCH_LOCALES).optional().transform((v) => v ?? 'en').describe("The searcher's language (default en); English is searched too"),
    type: z.enum(DOCUMENT_KINDS).optional().describe('Only articles, catalog services or directory entries'),
    department: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department id').optional().describe('Only content owned by this department'),
    language: z.enum(SEARCH_LOCALES).optional().describe('Only content in this language'),
    page: wholeNumber(1, MAX_PAGE, 1).describe('From 1'),
    per_page: wholeNumber(1, MAX_PER_PAGE, 10).describe(`Results per page (default 10, at most ${MAX_PER_PAGE})`),
  })
  .strict();
export type SearchInput = z.output<typeof searchQuerySchema>;

const term = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(80, 'must be at most 80 characters'))
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit');

export const synonymsSchema = z
  .object({
    sets: z.array(z.array(term).min(2, 'a set needs at least two terms').max(50, 'at most 50 terms a set')).max(1000, 'at most 1,000 sets'),
  })
  .strict();
export type SynonymsInput = z.output<typeof synonymsSchema>;

export const missesQuerySchema = z
  .object({
    locale: z.enum(SEARCH_LOCALES).optional(),
    since: z.iso.datetime({ offset: true }).optional().describe('Only queries last seen at or after this time (ISO 8601 with a zone)'),
    page: wholeNumber(1, 10_000, 1),
    per_page: wholeNumber(1, 500, 50),
  })
  .strict();
export type MissesInput = z.output<typeof missesQuerySchema>;
