import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { TtlCache } from '../../lib/ttl-cache.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { listDepartments } from '../catalog/service.ts';
import { can, type Principal } from '../identity/index.ts';
import { addAlternatives, expandSynonyms, fold, isHan, missText, queryWords, synonymIndex, toTsqueryText, type Slot, type SynonymIndex } from './query.ts';
import * as repo from './repository.ts';
import type { SearchInput, SynonymsInput } from './schemas.ts';
import type { DocumentKind } from './tables.ts';

/**
 * Search across the knowledge base, the service catalog and the referral directory. The index
 * (`search_documents`) is kept by database triggers; this file turns a query into SQL, applies who
 * may see what, shapes results and facets, and records searches that found nothing.
 */

/** Who is searching: anonymous callers see public content only. */
export interface Viewer {
  /** Staff articles and confidential services too (staff holding `kb:read`). */
  staff: boolean;
}

export const viewerOf = (principal: Principal): Viewer => ({ staff: principal.kind !== 'anonymous' && can(principal, 'kb:read') });

export interface SearchResult {
  kind: DocumentKind;
  /** kb_articles.id, services.id or directory_services.id */
  id: string;
  /** The article's slug, the service's code, the directory service's id. */
  ref: string;
  locale: string;
  title: string;
  /** The title with the matched words in <mark>, everything else HTML-escaped. */
  titleHtml: string;
  /** The directory service's organization; empty otherwise. */
  subtitle: string;
  /** A passage of the text around the matches, escaped, matches in <mark>. */
  snippetHtml: string;
  department: { id: string; name: string } | null;
  score: number;
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface SearchResponse {
  query: {
    text: string;
    locale: string;
    /** Words the index did not know, and what was searched for instead. */
    corrections: Array<{ word: string; suggestions: string[] }>;
    /** Words expanded with synonyms. */
    synonyms: Array<{ words: string; alternatives: string[] }>;
  };
  total: number;
  page: number;
  perPage: number;
  results: SearchResult[];
  facets: { type: Facet[]; department: Facet[]; language: Facet[] };
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Español', vi: 'Tiếng Việt', 'zh-Hant': '中文', ru: 'Русский' };
const KIND_ORDER: DocumentKind[] = ['service', 'article', 'directory'];

const CACHE_MS = 30_000;
/** Results are kept while the index's generation is unchanged, at most this long (department names may change) … */
const RESULT_MAX_AGE_MS = 60_000;
/** … for at most this many distinct searches per database (oldest dropped first). */
const RESULT_CACHE_ENTRIES = 2_000;

/**
 * The answers to recent searches, per database. Searches repeat a lot (the same few hundred phrases
 * make most of a city's traffic, and search-as-you-type repeats prefixes): an answer is reused while
 * the index's generation — bumped in the database by every reindex and synonym change — is the one
 * it was computed at, so a change made by any process is seen by the next search.
 */
class ResultCache {
  generation = -1;
  readonly entries = new Map<string, { at: number; answer: Answer }>();

  get(key: string, generation: number, now: number): Answer | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
      return undefined;
    }
    const hit = this.entries.get(key);
    if (!hit || now - hit.at > RESULT_MAX_AGE_MS) return undefined;
    return hit.answer;
  }

  set(key: string, generation: number, now: number, answer: Answer): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= RESULT_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: now, answer });
  }
}
const resultCaches = new WeakMap<Db, ResultCache>();
/** A computed search: the response, and whether nothing at all matched (before the type/department/language filters). */
interface Answer {
  response: SearchResponse;
  nothingMatched: boolean;
}
const synonymCaches = new WeakMap<Db, TtlCache<SynonymIndex>>();
const departmentCaches = new WeakMap<Db, TtlCache<Map<string, Record<string, string>>>>();

function synonymsFor(db: Db): Promise<SynonymIndex> {
  let cache = synonymCaches.get(db);
  if (!cache) synonymCaches.set(db, (cache = new TtlCache<SynonymIndex>(CACHE_MS)));
  return cache.get('all', async () => synonymIndex((await repo.selectSynonymSets(db)).map((s) => s.terms)));
}

function departmentNames(deps: Deps): Promise<Map<string, Record<string, string>>> {
  let cache = departmentCaches.get(deps.db);
  if (!cache) departmentCaches.set(deps.db, (cache = new TtlCache(CACHE_MS)));
  return cache.get('all', async () => new Map((await listDepartments(deps)).map((d) => [d.id, d.name as Record<string, string>])));
}

/** Escapes text for HTML, then turns the database's match markers into <mark> elements. */
export function markedHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  return escaped.replaceAll(repo.MARK_START, '<mark>').replaceAll(repo.MARK_END, '</mark>');
}

/** The plan of a query: its slots after synonyms and spelling corrections. */
export async function planQuery(db: Db, text: string, locales: string[]): Promise<{ slots: Slot[]; corrections: SearchResponse['query']['corrections'] }> {
  const synonyms = await synonymsFor(db);
  let slots = expandSynonyms(queryWords(text), synonyms);
  // Words nobody indexed (and that are not stop words or synonyms) get their closest known words.
  // Words under four letters are too short to correct by trigrams ("la" is not a misspelled "law").
  const lone = [...new Set(slots.filter((s) => s.expandedBy === 'none').map((s) => s.typed[0] as string))].filter((w) => w.length >= 4 && !isHan(w) && !/^\d+$/.test(w));
  const checks = await repo.checkWords(db, lone, locales);
  const corrections: SearchResponse['query']['corrections'] = [];
  const byWord = new Map(checks.map((c) => [c.word, c]));
  slots = slots.map((slot) => {
    const check = slot.expandedBy === 'none' ? byWord.get(slot.typed[0] as string) : undefined;
    if (!check || check.known || check.stopWord || !check.suggestions.length) return slot;
    corrections.push({ word: check.word, suggestions: check.suggestions });
    return addAlternatives(slot, check.suggestions, synonyms);
  });
  return { slots, corrections };
}

/** A word in more than this share of the documents (and more than COMMON_MIN_DOCUMENTS) is common. */
const COMMON_SHARE = 0.05;
const COMMON_MIN_DOCUMENTS = 50;

/**
 * What selects the documents (ranking always uses every slot). Like a "common terms" query: when
 * some of the query's words are rare, documents must hold one of those ("disability services"
 * selects on "disability", "services" only ranks); when every word is common, documents must hold
 * all of them; otherwise, and for a single word, any word selects. Words in no document at all are
 * left out. It keeps a search over a large index from ranking half of it.
 */
async function selectingQuery(db: Db, slots: Slot[], locales: string[], tsquery: string): Promise<string> {
  const scored = slots.map((slot) => ({ slot, text: toTsqueryText([slot]) })).filter((s) => s.text);
  if (scored.length < 2) return tsquery;
  const { documents, slots: counts } = await repo.slotFrequencies(db, scored.map((s) => s.slot.alternatives.flat().filter((w) => !isHan(w)).join(' ')), locales);
  const common = Math.max(COMMON_MIN_DOCUMENTS, COMMON_SHARE * documents);
  const present = scored.filter((_, i) => (counts[i] ?? 0) > 0);
  const rare = scored.filter((_, i) => (counts[i] ?? 0) > 0 && (counts[i] ?? 0) <= common);
  if (rare.length && rare.length < present.length) return rare.map((s) => s.text).join(' | ');
  if (!rare.length && present.length >= 2) return present.map((s) => s.text).join(' & ');
  return tsquery;
}

/**
 * Searches what the viewer may see, from the result cache when the same search was answered since
 * the index last changed (`cache: false` always computes: the benchmark's uncached figures). Records
 * the query when it finds nothing at all, cached or not.
 */
export async function search(deps: Deps, input: SearchInput, viewer: Viewer, options: { cache?: boolean } = {}): Promise<SearchResponse> {
  if (options.cache === false) return recordIfMissed(deps, input, await computeSearch(deps, input, viewer));
  let cache = resultCaches.get(deps.db);
  if (!cache) resultCaches.set(deps.db, (cache = new ResultCache()));
  const generation = await repo.selectGeneration(deps.db);
  const key = JSON.stringify([input.q, input.locale, input.language ?? null, input.type ?? null, input.department ?? null, input.page, input.per_page, viewer.staff]);
  const hit = cache.get(key, generation, Date.now());
  if (hit) return recordIfMissed(deps, input, hit);
  const answer = await computeSearch(deps, input, viewer);
  cache.set(key, generation, Date.now(), answer);
  return recordIfMissed(deps, input, answer);
}

async function recordIfMissed(deps: Deps, input: SearchInput, { response, nothingMatched }: Answer): Promise<SearchResponse> {
  if (nothingMatched && input.page === 1) {
    const text = missText(input.q);
    if (text) await repo.recordMiss(deps.db, text, input.locale, deps.clock.now());
  }
  return response;
}

async function computeSearch(deps: Deps, input: SearchInput, viewer: Viewer): Promise<Answer> {
  const locale = input.locale;
  const locales = input.language ? [input.language] : [...new Set([locale, 'en'])];
  const { slots, corrections } = await planQuery(deps.db, input.q, locales);
  const hanWords = [...new Set(slots.flatMap((s) => s.alternatives.flat()).filter(isHan))];
  const tsquery = toTsqueryText(slots);
  const perPage = input.per_page;
  const matchTsquery = await selectingQuery(deps.db, slots, locales, tsquery);
  const run = (match: string) => repo.searchDocuments(deps.db, {
    tsquery,
    matchTsquery: match,
    slotQueries: slots.map((slot) => toTsqueryText([slot])).filter(Boolean),
    hanWords,
    folded: fold(input.q).slice(0, 200),
    locales,
    callerLocale: locale,
    publicOnly: !viewer.staff,
    kind: input.type,
    department: input.department,
    language: input.language,
    limit: perPage,
    offset: (input.page - 1) * perPage,
  });
  let { groups, page } = await run(matchTsquery);
  // The rare words (or all the words together) found nothing: any word may match.
  if (!groups.length && matchTsquery !== tsquery) ({ groups, page } = await run(tsquery));
  const names = await departmentNames(deps);
  const departmentName = (id: string): string => {
    const n = names.get(id);
    return n?.[locale] ?? n?.en ?? id;
  };

  const matches = (g: repo.GroupCount, except: 'kind' | 'department' | 'language' | null): boolean =>
    (except === 'kind' || !input.type || g.kind === input.type) &&
    (except === 'department' || !input.department || g.department_id === input.department) &&
    (except === 'language' || !input.language || g.locale === input.language);
  const facet = (except: 'kind' | 'department' | 'language', key: (g: repo.GroupCount) => string | null): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const g of groups) {
      const value = key(g);
      if (value !== null && matches(g, except)) counts.set(value, (counts.get(value) ?? 0) + g.n);
    }
    return counts;
  };
  const total = groups.filter((g) => matches(g, null)).reduce((n, g) => n + g.n, 0);
  const typeCounts = facet('kind', (g) => g.kind);
  const departmentCounts = facet('department', (g) => g.department_id);
  const languageCounts = facet('language', (g) => g.locale);

  const response: SearchResponse = {
    query: {
      text: input.q,
      locale,
      corrections,
      synonyms: slots.filter((s) => s.expandedBy === 'synonyms').map((s) => ({ words: s.typed.join(' '), alternatives: s.alternatives.slice(1).map((a) => a.join(' ')) })),
    },
    total,
    page: input.page,
    perPage,
    results: page.map((r) => ({
      kind: r.kind,
      id: r.source_id,
      ref: r.ref,
      locale: r.locale,
      title: r.title,
      titleHtml: markedHtml(r.title_html),
      subtitle: r.subtitle,
      snippetHtml: markedHtml(r.snippet_html),
      department: r.department_id ? { id: r.department_id, name: departmentName(r.department_id) } : null,
      score: Math.round(r.score * 10_000) / 10_000,
    })),
    facets: {
      type: KIND_ORDER.filter((k) => typeCounts.has(k)).map((k) => ({ value: k, label: k, count: typeCounts.get(k) as number })),
      department: [...departmentCounts]
        .map(([id, count]) => ({ value: id, label: departmentName(id), count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      language: [...languageCounts].map(([value, count]) => ({ value, label: LANGUAGE_NAMES[value] ?? value, count })).sort((a, b) => b.count - a.count),
    },
  };
  return { response, nothingMatched: groups.length === 0 };
}

export interface SynonymSet {
  id: number;
  terms: string[];
}

export async function listSynonyms({ db }: Deps): Promise<{ sets: SynonymSet[]; updatedAt: Date | null }> {
  const rows = await repo.selectSynonymSets(db);
  const updatedAt = rows.reduce<Date | null>((latest, r) => (!latest || r.updated_at > latest ? r.updated_at : latest), null);
  return { sets: rows.map((r) => ({ id: r.id, terms: r.terms })), updatedAt };
}

/** Normalises terms (trimmed, single spaces, lower case), drops repeats and sets left with fewer than two terms. */
export function cleanSynonymSets(sets: string[][]): string[][] {
  const out: string[][] = [];
  for (const set of sets) {
    const terms = [...new Set(set.map((t) => t.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()).filter(Boolean))];
    if (terms.length >= 2) out.push(terms);
  }
  return out;
}

/** Replaces the synonym sets (audited); searches in this process use them at once. */
export async function replaceSynonyms(deps: Deps, input: SynonymsInput, ctx: AuditContext): Promise<{ sets: SynonymSet[]; updatedAt: Date | null }> {
  const sets = cleanSynonymSets(input.sets);
  const at = deps.clock.now();
  const by = ctx.actor.kind === 'staff' && typeof ctx.actor.id === 'number' ? ctx.actor.id : null;
  await deps.db.transaction().execute(async (trx) => {
    await repo.replaceSynonymSets(trx, sets, at, by);
    await repo.bumpGeneration(trx);
    await recordAudit(trx, { ...ctx, at, action: 'search.synonyms_replaced', target: { kind: 'search_synonyms', id: 'all' }, data: { sets: sets.length } });
  });
  synonymCaches.get(deps.db)?.clear();
  return listSynonyms(deps);
}

/** The searches that found nothing, most frequent first. */
export async function listMisses({ db }: Deps, input: { locale?: string; since?: Date; page: number; per_page: number }) {
  const where = { locale: input.locale, since: input.since };
  const [rows, total] = await Promise.all([repo.selectMisses(db, { ...where, limit: input.per_page, offset: (input.page - 1) * input.per_page }), repo.countMisses(db, where)]);
  return {
    total,
    page: input.page,
    perPage: input.per_page,
    misses: rows.map((r) => ({ query: r.query, locale: r.locale, count: r.count, firstSeen: r.first_seen, lastSeen: r.last_seen })),
  };
}

/** Forgets cached synonyms, department names and results (tests and the seed call it after writing them directly). */
export function clearSearchCaches(db: Db): void {
  synonymCaches.get(db)?.clear();
  departmentCaches.get(db)?.clear();
  resultCaches.get(db)?.entries.clear();
}
