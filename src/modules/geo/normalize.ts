/**
 * Address text normalisation, shared by what the gazetteer stores and what residents type, so
 * "1120 SW Fifth Avenue" and "1120 sw 5th ave" become the same words. US street vocabulary (USPS
 * Publication 28 abbreviations): street suffixes, directionals, unit designators, ordinal numbers.
 */

const SUFFIXES: Record<string, string> = {
  avenue: 'ave', av: 'ave', aven: 'ave', avn: 'ave', street: 'st', str: 'st', boulevard: 'blvd', boul: 'blvd',
  road: 'rd', drive: 'dr', drv: 'dr', place: 'pl', court: 'ct', lane: 'ln', parkway: 'pkwy', pky: 'pkwy',
  highway: 'hwy', terrace: 'ter', circle: 'cir', square: 'sq', trail: 'trl', loop: 'loop', way: 'way',
  crescent: 'cres', alley: 'aly', expressway: 'expy', freeway: 'fwy', plaza: 'plz', point: 'pt', ridge: 'rdg',
  heights: 'hts', center: 'ctr', centre: 'ctr', crossing: 'xing', mount: 'mt', saint: 'st',
};
const DIRECTIONALS: Record<string, string> = {
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  no: 'n', so: 's',
};
const UNITS: Record<string, string> = { apartment: 'apt', suite: 'ste', unit: 'unit', room: 'rm', floor: 'fl', building: 'bldg', '#': 'unit' };

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const ORDINAL_ONES = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_TENS = ['', '', 'twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

/** "21" → "21st", "112" → "112th". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Ordinal words up to 99 ("fifth", "twenty first", "twenty-first") → number; null otherwise. */
function ordinalWords(words: string[], i: number): { value: number; used: number } | null {
  const w = words[i] ?? '';
  const one = ORDINAL_ONES.indexOf(w);
  if (one > 0) return { value: one, used: 1 };
  const tenOrd = ORDINAL_TENS.indexOf(w);
  if (tenOrd > 1) return { value: tenOrd * 10, used: 1 };
  const ten = TENS.indexOf(w);
  if (ten > 1) {
    const next = ORDINAL_ONES.indexOf(words[i + 1] ?? '');
    if (next > 0 && next < 10) return { value: ten * 10 + next, used: 2 };
  }
  return null;
}

/** Folds case and accents and splits on anything that is not a letter, digit or '#'. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1$2') // keep 5th together
    .replace(/-/g, ' ')
    .split(/[^\p{L}\p{N}#]+/u)
    .flatMap((w) => (w.length > 1 && w.startsWith('#') ? ['#', w.slice(1)] : [w]))
    .filter(Boolean);
}

/**
 * The normalised words of an address or a query: lower case, no accents or punctuation, suffixes,
 * directionals and unit words abbreviated, ordinal words and bare ordinals as "5th"
 * ("Fifth", "5", when it names a street before a suffix), "N.E." as "ne".
 */
export function normalizeWords(text: string): string[] {
  const raw = words(text.replace(/\b([NSEW])\.\s?([EW])\./gi, '$1$2'));
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i] as string;
    const ord = ordinalWords(raw, i);
    if (ord) {
      out.push(ordinal(ord.value));
      i += ord.used - 1;
      continue;
    }
    // "twenty" alone before a suffix is rare; cardinal words are kept as words.
    if (ONES.includes(w) && w !== '' && i > 0 && SUFFIXES[raw[i + 1] ?? ''] !== undefined) {
      out.push(ordinal(ONES.indexOf(w)));
      continue;
    }
    // A bare number right before a street suffix, after the house number, is an ordinal street ("5 Ave").
    if (/^\d{1,3}$/.test(w) && i > 0 && (SUFFIXES[raw[i + 1] ?? ''] !== undefined || Object.values(SUFFIXES).includes(raw[i + 1] ?? ''))) {
      out.push(ordinal(Number(w)));
      continue;
    }
    out.push(DIRECTIONALS[w] ?? SUFFIXES[w] ?? UNITS[w] ?? misspeltSuffix(w) ?? w);
  }
  return out;
}

/** "avenu", "stret", "bulevard" → the suffix's abbreviation (one typo in a long suffix word, two in 9+ letters). */
function misspeltSuffix(w: string): string | undefined {
  if (w.length < 5 || /\d/.test(w)) return undefined;
  for (const [long, short] of Object.entries(SUFFIXES)) {
    if (long.length >= 6 && editDistance(w, long) <= (long.length >= 9 ? 2 : 1)) return short;
  }
  return undefined;
}

/** The normalised text of an address or query (words joined by single spaces). */
export function normalizeAddress(text: string): string {
  return normalizeWords(text).join(' ');
}

/** The leading house number of a query ("1120 SW 5th" → "1120"; "12-B" → "12"), or null. */
export function houseNumberOf(text: string): string | null {
  const m = /^\s*(\d{1,6})(?:\b|[a-z])/i.exec(text);
  return m?.[1] ?? null;
}

/** Levenshtein edit distance (small strings only: query words against label words). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Words every street shares: directionals, suffixes, unit designators, the demo region. */
const GENERIC = new Set([...Object.values(DIRECTIONALS), ...Object.values(SUFFIXES), ...Object.values(UNITS), 'or']);

/** Words that say nothing about which address it is (country, state names written out). */
const NOISE = new Set(['usa', 'us', 'united', 'states', 'america', 'oregon']);

/**
 * How well a query matches an address label, from 0 to 1: the share of the query's words found in
 * the label — exactly, or with a typo (one edit in words of 4+ letters, two in words of 8+), or as
 * the start of a label word for the last word typed when `lastIsPrefix`. A house number that differs
 * halves the score.
 */
export function matchScore(query: string[], label: string[], houseNumber: string | null, candidateNumber: string, lastIsPrefix = false): number {
  const q = query.filter((w) => !NOISE.has(w));
  const last = q.length - 1;
  if (!q.length) return 0;
  let total = 0;
  // Words that name the street or place (not numbers, directionals or suffixes): one must match.
  const isName = (w: string) => !/^\d/.test(w) && !GENERIC.has(w);
  let names = 0;
  let namesFound = 0;
  for (const [i, w] of q.entries()) {
    if (isName(w)) names++;
    // While typing, the last word may be the start of a label word ("1120 sw 5", "Hawth").
    if (label.includes(w) || (lastIsPrefix && i === last && i > 0 && label.some((l) => l.startsWith(w)))) {
      total += 1;
      if (isName(w)) namesFound++;
      continue;
    }
    if (/^\d/.test(w)) continue; // numbers must be exact
    const allowed = w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0;
    const best = Math.min(...label.map((l) => editDistance(w, l)));
    if (best <= allowed) {
      total += 1 - best / (w.length + 1);
      if (isName(w)) namesFound++;
    }
  }
  if (names && !namesFound) return 0;
  const score = total / q.length;
  return houseNumber && houseNumber !== candidateNumber ? score / 2 : score;
}
