/**
 * Turning what a person typed into a full-text query (pure: no database). The steps:
 *
 * 1. `queryWords`: the words of the query (Unicode letters and digits), lower-cased and accent-folded
 *    (`fold`), in order. One-letter Latin words ("t" of "wasn't") carry no meaning and are dropped.
 * 2. `expandSynonyms`: each word, or run of words ("street light"), that belongs to a synonym set
 *    becomes a slot whose alternatives are every term of the set; other words are slots of one.
 * 3. The service corrects slots whose word the index does not know (`addAlternatives`).
 * 4. `toTsqueryText`: alternatives within a slot are ORed, a multi-word alternative is ANDed, and the
 *    slots are ORed: ranking (not the match) rewards documents that match more of the query, so
 *    conversational queries ("my garbage wasn't picked up") still find their topic.
 */

export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 12;
const MAX_ALTERNATIVES = 8;

const SPECIAL_FOLDS: Record<string, string> = { đ: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ł: 'l', ı: 'i', ё: 'е' };

/** Lower case without accents ("Recolección" → "recoleccion"), as the index folds text. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[đøßæœłıё]/g, (c) => SPECIAL_FOLDS[c] ?? c)
    .normalize('NFC');
}

const HAN = /\p{Script=Han}/u;

/** The query's words, folded, at most twelve (the rest of a longer query adds nothing but cost). */
export function queryWords(text: string): string[] {
  const words = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length >= 2 || /\p{N}/u.test(w) || HAN.test(w)).slice(0, MAX_WORDS);
}

/** Whether a word is Chinese (or Japanese) characters, which the index has no word breaks for. */
export const isHan = (word: string): boolean => HAN.test(word);

/** One position of the query: any of its alternatives (each a list of words, ANDed) may match. */
export interface Slot {
  /** What the person typed there. */
  typed: string[];
  alternatives: string[][];
  /** Where the alternatives came from: what was typed, a synonym set, a spelling correction. */
  expandedBy: 'none' | 'synonyms' | 'spelling';
}

/** A synonym set as the matcher uses it: each term as its folded words. */
export type SynonymIndex = string[][][];

/** Prepares synonym sets (as stored: terms of one or more words) for `expandSynonyms`. */
export function synonymIndex(sets: string[][]): SynonymIndex {
  return sets.map((set) => set.map((term) => queryWords(term)).filter((words) => words.length > 0));
}

const sameWords = (a: string[], b: string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

function addUnique(into: string[][], words: string[]): void {
  if (into.length < MAX_ALTERNATIVES && !into.some((a) => sameWords(a, words))) into.push(words);
}

/** The terms of every set that contains `words` (empty when none does). */
export function synonymsOf(words: string[], synonyms: SynonymIndex): string[][] {
  const found: string[][] = [];
  for (const set of synonyms) {
    if (set.some((term) => sameWords(term, words))) for (const term of set) addUnique(found, term);
  }
  return found;
}

/** Groups the words into slots, replacing each longest run that is a synonym term with its set. */
export function expandSynonyms(words: string[], synonyms: SynonymIndex): Slot[] {
  const slots: Slot[] = [];
  const longest = Math.max(1, ...synonyms.flatMap((set) => set.map((term) => term.length)));
  for (let i = 0; i < words.length; ) {
    let matched = false;
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      const run = words.slice(i, i + n);
      const alternatives = synonymsOf(run, synonyms);
      if (alternatives.length) {
        const own: string[][] = [run];
        for (const a of alternatives) addUnique(own, a);
        slots.push({ typed: run, alternatives: own, expandedBy: 'synonyms' });
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      const word = words[i] as string;
      slots.push({ typed: [word], alternatives: [[word]], expandedBy: 'none' });
      i += 1;
    }
  }
  return slots;
}

/** Adds corrections (and their synonyms) to a slot the index did not know. */
export function addAlternatives(slot: Slot, corrections: string[], synonyms: SynonymIndex): Slot {
  const alternatives = slot.alternatives.map((a) => [...a]);
  for (const c of corrections) {
    addUnique(alternatives, [c]);
    for (const s of synonymsOf([c], synonyms)) addUnique(alternatives, s);
  }
  return { ...slot, alternatives, expandedBy: alternatives.length > slot.alternatives.length ? 'spelling' : slot.expandedBy };
}

/**
 * The `to_tsquery` text of the slots: `(a | b & c) | (d)`. Words are letters and digits only (from
 * `queryWords`), so nothing a person types can inject query syntax. Han words are left out: the
 * index has no word breaks for them, they are matched as substrings instead.
 */
export function toTsqueryText(slots: Slot[]): string {
  const parts = slots
    .map((slot) => slot.alternatives.filter((a) => !a.some(isHan)).map((a) => (a.length > 1 ? `(${a.join(' & ')})` : (a[0] as string))))
    .filter((alts) => alts.length > 0)
    .map((alts) => `(${alts.join(' | ')})`);
  return parts.join(' | ');
}

/**
 * The text recorded for a search that found nothing: the query lower-cased with single spaces, with
 * e-mail addresses and long numbers (phone, account, case numbers) masked — no personal data.
 */
export function missText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\S+@\S+/g, '<email>')
    .replace(/\+?\d[\d\s().-]{4,}\d/g, '<number>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
}
