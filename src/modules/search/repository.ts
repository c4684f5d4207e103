import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { DocumentKind } from './tables.ts';

/** The only SQL over the search tables. The documents themselves are written by triggers (0012_search.sql). */

export const LOCALE_CONFIGS: Record<string, string> = { en: 'search_en', es: 'search_es', ru: 'search_ru', vi: 'search_simple', 'zh-Hant': 'search_simple' };
const configOf = (locale: string): string => LOCALE_CONFIGS[locale] ?? 'search_simple';

export interface WordCheck {
  word: string;
  /** The word as the index folds it. */
  folded: string;
  known: boolean;
  /** A stop word in one of the searched languages ("la", "my"): never corrected. */
  stopWord: boolean;
  /** The closest indexed words, best first. */
  suggestions: string[];
}

/** Minimum trigram similarity for a correction: "grafiti"→"graffiti", "recyling"→"recycling", not "pot"→"post". */
export const CORRECTION_THRESHOLD = 0.4;

/**
 * For each word: whether the vocabulary of `locales` has it, whether it is a stop word, and the
 * closest known words (trigram similarity, at least CORRECTION_THRESHOLD) for the unknown ones.
 */
export async function checkWords(db: Db, words: string[], locales: string[]): Promise<WordCheck[]> {
  if (!words.length) return [];
  const stopTests = sql.join(
    [...new Set(locales.map(configOf))].map((c) => sql`numnode(plainto_tsquery(${sql.lit(c)}::regconfig, w.word)) = 0`),
    sql` OR `,
  );
  const { rows } = await sql<{ word: string; folded: string; known: boolean; stop_word: boolean; suggestions: string[] | null }>`
    SELECT w.word, w.folded, k.known, (${stopTests}) AS stop_word,
           CASE WHEN k.known THEN NULL ELSE ARRAY(
             SELECT c.word FROM (
               SELECT v.word, max(public.similarity(v.word, w.folded)) AS s
               FROM search_vocabulary v
               WHERE v.locale = ANY (${locales}::text[]) AND v.word OPERATOR(public.%) w.folded
               GROUP BY v.word
             ) c
             WHERE c.s >= ${CORRECTION_THRESHOLD}
             ORDER BY c.s DESC, abs(length(c.word) - length(w.folded)), c.word
             LIMIT 2
           ) END AS suggestions
    FROM (SELECT word, search_fold(word) AS folded FROM unnest(${words}::text[]) AS u (word)) w
    CROSS JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.locale = ANY (${locales}::text[]) AND v.word = w.folded) AS known
    ) k`.execute(db);
  return rows.map((r) => ({ word: r.word, folded: r.folded, known: r.known, stopWord: r.stop_word, suggestions: r.known ? [] : (r.suggestions ?? []) }));
}

/**
 * How many documents each slot's words occur in (summed over its alternatives and the searched
 * languages' stemmings), and how many documents there are.
 */
export async function slotFrequencies(db: Db, slotWords: string[], locales: string[]): Promise<{ documents: number; slots: number[] }> {
  if (!slotWords.length) return { documents: 0, slots: [] };
  const vectors = sql.join([...new Set(locales.map(configOf))].map((c) => sql`tsvector_to_array(to_tsvector(${sql.lit(c)}::regconfig, s.words))`), sql` || `);
  const { rows } = await sql<{ n: number; documents: number }>`
    SELECT coalesce((SELECT sum(l.ndoc) FROM search_lexemes l WHERE l.lexeme IN (SELECT DISTINCT unnest(${vectors}))), 0)::int AS n,
           coalesce((SELECT ndoc FROM search_lexemes WHERE lexeme = ''), 0)::int AS documents
    FROM unnest(${slotWords}::text[]) WITH ORDINALITY AS s (words, i)
    ORDER BY s.i`.execute(db);
  return { documents: rows[0]?.documents ?? 0, slots: rows.map((r) => r.n) };
}

export interface SearchSql {
  /** Ranks and highlights: every slot. */
  tsquery: string;
  /** Selects: the slots that are not too common (see service.ts); the same as tsquery by default. */
  matchTsquery: string;
  /** Each slot's own query text: the share of slots a document matches scales its score. */
  slotQueries: string[];
  /** Han (Chinese) words, matched as substrings of Chinese documents. */
  hanWords: string[];
  /** The folded query, for the bonus of a near-exact title. */
  folded: string;
  locales: string[];
  callerLocale: string;
  publicOnly: boolean;
  kind?: DocumentKind;
  department?: string;
  language?: string;
  limit: number;
  offset: number;
}

export interface HitRow {
  id: number;
  kind: DocumentKind;
  source_id: string;
  ref: string;
  locale: string;
  department_id: string | null;
  title: string;
  subtitle: string;
  score: number;
  title_html: string;
  snippet_html: string;
}

export interface GroupCount {
  kind: DocumentKind;
  department_id: string | null;
  locale: string;
  n: number;
}

/** Marks around matches in ts_headline's output, replaced by <mark> after the text is escaped. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
/** ts_headline parses all the text it is given: snippets come from the first 1,500 characters. */
const SNIPPET_SOURCE_CHARS = 1500;
/** ts_rank weights for D, C, B, A: title (A) far above summary/keywords/tags (B) above body (C). */
const WEIGHTS = '{0.05, 0.2, 0.45, 1.0}';

/**
 * One statement: the matching documents the caller may see (one per group: the caller's language
 * first), scored by text rank × the document's boost plus a bonus for a near-exact title; the counts
 * per kind × department × language for the facets; and the requested page with highlighted titles
 * and snippets (ts_headline runs on the page's rows only).
 */
export async function searchDocuments(db: Db, q: SearchSql): Promise<{ groups: GroupCount[]; page: HitRow[] }> {
  const configs = [...new Set(q.locales.map(configOf))];
  const tsqueryOf = (text: string) => sql.join(configs.map((c) => sql`to_tsquery(${sql.lit(c)}::regconfig, ${text})`), sql` || `);
  const tsq = q.tsquery ? tsqueryOf(q.tsquery) : sql`''::tsquery`;
  const matchTsq = q.matchTsquery ? tsqueryOf(q.matchTsquery) : sql`''::tsquery`;
  // Coverage: the share of the query's slots (stop-word-only slots aside) the document matches.
  const slots = q.tsquery ? q.slotQueries.slice(0, 12) : [];
  const slotColumns = slots.map((text, i) => sql`, ${tsqueryOf(text)} AS ${sql.ref(`s${i}`)}`);
  const matchedSlots = slots.length
    ? sql.join(slots.map((_, i) => sql`(CASE WHEN d.head_tsv @@ (SELECT ${sql.ref(`s${i}`)} FROM query) THEN 1 ELSE 0 END)`), sql` + `)
    : sql`0`;
  const slotCount = slots.length
    ? sql`greatest(1, ${sql.join(slots.map((_, i) => sql`(CASE WHEN numnode(${sql.ref(`s${i}`)}) > 0 THEN 1 ELSE 0 END)`), sql` + `)})`
    : sql`1`;
  const matches: RawBuilder<unknown>[] = [];
  if (q.matchTsquery) matches.push(sql`d.tsv @@ (SELECT match_tsq FROM query)`);
  for (const w of q.hanWords) {
    const pattern = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    matches.push(sql`(d.locale = 'zh-Hant' AND (d.title || ' ' || d.summary || ' ' || d.body) LIKE ${pattern})`);
  }
  if (!matches.length) return { groups: [], page: [] };
  const hanAny = q.hanWords.length
    ? sql`OR ${sql.join(q.hanWords.map((w) => sql`(d.locale = 'zh-Hant' AND d.title LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`), sql` OR `)}`
    : sql``;
  const han = q.hanWords.length
    ? sql`+ ${sql.join(q.hanWords.map((w) => sql`CASE WHEN d.title LIKE ${`%${w}%`} THEN 0.5 WHEN d.locale = 'zh-Hant' AND (d.summary || d.body) LIKE ${`%${w}%`} THEN 0.2 ELSE 0 END`), sql` + `)}`
    : sql``;
  const filters: RawBuilder<unknown>[] = [sql`true`];
  if (q.kind) filters.push(sql`b.kind = ${q.kind}`);
  if (q.department) filters.push(sql`b.department_id = ${q.department}`);
  if (q.language) filters.push(sql`b.locale = ${q.language}`);
  const { rows } = await sql<{ groups: GroupCount[] | null; page: HitRow[] | null }>`
    WITH query0 AS (SELECT ${tsq} AS tsq, ${matchTsq} AS match_tsq ${sql.join(slotColumns, sql` `)}),
    query AS (SELECT query0.*, ${slotCount}::float4 AS slot_count FROM query0),
    hits AS MATERIALIZED (
      SELECT d.id, d.kind, d.locale, d.department_id, d.boost,
             -- Only documents matching in their title, summary, keywords or tags are ranked; a match
             -- in the body alone comes after them (null score), ordered by kind.
             CASE WHEN d.head_tsv @@ (SELECT tsq FROM query) ${hanAny} THEN
               (ts_rank(${sql.lit(WEIGHTS)}::float4[], d.head_tsv, (SELECT tsq FROM query), 1)
                 + 0.15 * public.similarity(d.title_folded, ${q.folded}) ${han})
               * d.boost * CASE WHEN d.locale = ${q.callerLocale} THEN 1.0 ELSE 0.85 END
               * (0.2 + 0.8 * power(least(1.0, (${matchedSlots}) / (SELECT slot_count FROM query)), 2))
             END AS score
      FROM search_documents d
      WHERE (${sql.join(matches, sql` OR `)})
        AND d.locale = ANY (${q.locales}::text[])
        ${q.publicOnly ? sql`AND d.public` : sql``}
        ${q.language ? sql`` : sql`AND (d.locale = ${q.callerLocale} OR NOT (${q.callerLocale}::text = ANY (d.group_locales)))`}
    ),
    page AS (
      SELECT b.* FROM hits b WHERE ${sql.join(filters, sql` AND `)}
      ORDER BY b.score DESC NULLS LAST, b.boost DESC, b.id
      LIMIT ${q.limit} OFFSET ${q.offset}
    )
    SELECT
      (SELECT json_agg(g) FROM (SELECT kind, department_id, locale, count(*)::int AS n FROM hits GROUP BY 1, 2, 3) g) AS groups,
      (SELECT json_agg(p ORDER BY p.score DESC NULLS LAST, p.boost DESC, p.id) FROM (
        SELECT p.id, p.kind, d.source_id, d.ref, p.locale, p.department_id, d.title, d.subtitle, coalesce(p.score, 0) AS score, p.boost,
               ts_headline(search_config(d.locale), replace(replace(d.title, ${MARK_START}, ''), ${MARK_END}, ''), (SELECT tsq FROM query), ${TITLE_OPTIONS}) AS title_html,
               ts_headline(search_config(d.locale),
                 replace(replace(left(CASE WHEN d.summary = '' THEN d.body ELSE d.summary || E'\n' || d.body END, ${SNIPPET_SOURCE_CHARS}), ${MARK_START}, ''), ${MARK_END}, ''),
                 (SELECT tsq FROM query), ${HEADLINE_OPTIONS}) AS snippet_html
        FROM page p JOIN search_documents d ON d.id = p.id
      ) p) AS page`.execute(db);
  const row = rows[0];
  return { groups: row?.groups ?? [], page: row?.page ?? [] };
}

/** Counts a search that found nothing (one row per normalised query and language). */
export async function recordMiss(db: Db, query: string, locale: string, at: Date): Promise<void> {
  await sql`
    INSERT INTO search_misses (query, locale, count, first_seen, last_seen) VALUES (${query}, ${locale}, 1, ${at}, ${at})
    ON CONFLICT (query, locale) DO UPDATE SET count = search_misses.count + 1, last_seen = GREATEST(search_misses.last_seen, EXCLUDED.last_seen)`.execute(db);
}

export async function selectMisses(db: Db, where: { locale?: string; since?: Date; limit: number; offset: number }) {
  let q = db.selectFrom('search_misses').selectAll();
  if (where.locale) q = q.where('locale', '=', where.locale);
  if (where.since) q = q.where('last_seen', '>=', where.since);
  return q.orderBy('count', 'desc').orderBy('last_seen', 'desc').orderBy('query').limit(where.limit).offset(where.offset).execute();
}

export async function countMisses(db: Db, where: { locale?: string; since?: Date }): Promise<number> {
  let q = db.selectFrom('search_misses').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.locale) q = q.where('locale', '=', where.locale);
  if (where.since) q = q.where('last_seen', '>=', where.since);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function selectSynonymSets(db: Db): Promise<{ id: number; terms: string[]; updated_at: Date; updated_by: number | null }[]> {
  return db.selectFrom('search_synonyms').selectAll().orderBy('id').execute();
}

/** Replaces every synonym set (inside the caller's transaction). */
export async function replaceSynonymSets(trx: Db, sets: string[][], at: Date, by: number | null): Promise<void> {
  await trx.deleteFrom('search_synonyms').execute();
  if (sets.length) await trx.insertInto('search_synonyms').values(sets.map((terms) => ({ terms, updated_at: at, updated_by: by }))).execute();
}

/** The index's generation: it changes whenever documents are reindexed or synonyms replaced. */
export async function selectGeneration(db: Db): Promise<number> {
  const { rows } = await sql<{ value: number }>`SELECT value FROM search_generation`.execute(db);
  return Number(rows[0]?.value ?? 0);
}

export async function bumpGeneration(db: Db): Promise<void> {
  await sql`UPDATE search_generation SET value = value + 1`.execute(db);
}
