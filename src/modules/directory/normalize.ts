import { createHash } from 'node:crypto';
import { textProblem, toPlainText } from '../../lib/text.ts';
import { normalizeEmail } from '../../lib/validate.ts';

/** Pure cleaning and parsing of directory values as sources write them. No I/O. */

export type Outcome<T> = { value: T } | { problem: string };

/** Fixed namespace for ids derived from source rows that have none (UUID v5, RFC 4122). */
const NAMESPACE = Buffer.from('5b6b7c1e0c2d4e5f8a9b0c1d2e3f4a5b', 'hex');

/**
 * A UUID (version 5) derived from the parts: the same parts always give the same id, so a source
 * row without a usable id (1.x schedules, languages) is updated in place when imported again.
 */
export function deterministicId(...parts: Array<string | null | undefined>): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.map((p) => p ?? '').join('\u001f')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Literal escape sequences some 211 exports write instead of line breaks and tabs (`\n`, `\r\n`, `\t`). */
export function unescapeLiteralBreaks(text: string): string {
  return text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\\t/g, '\t');
}

/**
 * Plain, valid text or null when empty: markup removed and entities decoded (toPlainText), then
 * refused when it is not well-formed Unicode or holds control characters (textProblem).
 */
export function cleanText(field: string, input: unknown, options: { unescape?: boolean } = {}): Outcome<string | null> {
  if (input === null || input === undefined) return { value: null };
  if (typeof input !== 'string' && typeof input !== 'number') return { problem: `${field} is not text` };
  let text = String(input);
  const problem = textProblem(field, text);
  if (problem) return { problem: problem.message };
  if (options.unescape) text = unescapeLiteralBreaks(text);
  text = toPlainText(text);
  return { value: text === '' ? null : text };
}

/** A web address: a bare host such as `www.example.org` gets `http://`; anything that is not an http(s) URL is a problem. */
export function cleanUrl(field: string, input: string): Outcome<string> {
  const raw = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && /\.[a-z]{2,}$|^localhost$/i.test(url.hostname)) {
      // WHATWG URLs may keep characters RFC 3986 forbids ({, }, |, ^, stray %): percent-encode them.
      const href = url.href.replace(/%(?![0-9A-Fa-f]{2})/g, '%25').replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
      return { value: href };
    }
  } catch {
    // fall through
  }
  return { problem: `${field} is not a web address: ${JSON.stringify(raw.slice(0, 80))}` };
}

export function cleanEmail(field: string, input: string): Outcome<string> {
  const result = normalizeEmail(field, input);
  return result.value !== undefined ? { value: result.value } : { problem: result.problem?.message ?? `${field} is not an e-mail address` };
}

const DAYS: Record<string, string> = {
  monday: 'MO', mon: 'MO', mo: 'MO', tuesday: 'TU', tue: 'TU', tues: 'TU', tu: 'TU',
  wednesday: 'WE', wed: 'WE', we: 'WE', thursday: 'TH', thu: 'TH', thur: 'TH', thurs: 'TH', th: 'TH',
  friday: 'FR', fri: 'FR', fr: 'FR', saturday: 'SA', sat: 'SA', sa: 'SA', sunday: 'SU', sun: 'SU', su: 'SU',
};
const ISO_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * A weekday as an RFC 5545 BYDAY code: English names and abbreviations in any case, or a number
 * (ISO 8601: 1 = Monday … 7 = Sunday; 0 is also read as Sunday).
 */
export function parseWeekday(input: string): string | null {
  const v = input.trim().toLowerCase().replace(/\.$/, '');
  if (/^[0-7]$/.test(v)) return ISO_DAYS[Number(v)] ?? null;
  return DAYS[v] ?? null;
}

/**
 * A time of day as 'HH:MM' (or 'HH:MM:SS', with an offset when given). Reads what people type:
 * `9:00am`, `9am`, `7:30 pm`, `9:00a`, `830am`, `17:00`, `09:00:00-05:00`. A one-digit hour without
 * am/pm (`5:00`) is refused as ambiguous rather than guessed.
 */
export function parseTime(input: string): Outcome<string> {
  const v = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const iso = /^([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?(z|[+-]\d{2}:\d{2})?$/.exec(v);
  if (iso) {
    if (iso[1] === '24' && (iso[2] !== '00' || (iso[3] ?? '00') !== '00')) return { problem: `${JSON.stringify(input)} is not a time` };
    return { value: `${iso[1]}:${iso[2]}${iso[3] ? `:${iso[3]}` : ''}${iso[4] ? iso[4].toUpperCase() : ''}` };
  }
  const twelve = /^(\d{1,2})(?::?([0-5]\d))? ?([ap])\.?(?:m\.?)?$/.exec(v);
  if (twelve) {
    const hour = Number(twelve[1]);
    if (hour < 1 || hour > 12) return { problem: `${JSON.stringify(input)} is not a time` };
    const h24 = (hour % 12) + (twelve[3] === 'p' ? 12 : 0);
    return { value: `${String(h24).padStart(2, '0')}:${twelve[2] ?? '00'}` };
  }
  if (/^\d:[0-5]\d$/.test(v)) return { problem: `${JSON.stringify(input)} is ambiguous: add am or pm` };
  return { problem: `${JSON.stringify(input)} is not a time` };
}

/** 'YYYY-MM-DD' when the input is that calendar date; otherwise a problem. */
export function parseDate(field: string, input: string): Outcome<string> {
  const v = input.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const d = new Date(`${v}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(v)) return { value: v };
  }
  return { problem: `${field} is not a date (YYYY-MM-DD): ${JSON.stringify(v.slice(0, 40))}` };
}

/** A finite number from a number or numeric text. */
export function parseNumber(field: string, input: unknown, options: { integer?: boolean; min?: number; max?: number } = {}): Outcome<number> {
  const n = typeof input === 'number' ? input : typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input) ? Number(input) : NaN;
  if (!Number.isFinite(n) || (options.integer && !Number.isInteger(n)) || (options.min !== undefined && n < options.min) || (options.max !== undefined && n > options.max)) {
    return { problem: `${field} is not ${options.integer ? 'a whole number' : 'a number'}${options.min !== undefined && options.max !== undefined ? ` between ${options.min} and ${options.max}` : ''}: ${JSON.stringify(String(input).slice(0, 40))}` };
  }
  return { value: n };
}

/** Splits '305-573-4200 x57471' into the number and a numeric extension; other text stays whole. */
export function splitExtension(number: string): { number: string; extension: string | null } {
  const m = /^(.*\d)\s*(?:x|ext\.?|extension)\s*(\d{1,9})$/i.exec(number.trim());
  return m?.[1] && m[2] ? { number: m[1].trim(), extension: m[2] } : { number: number.trim(), extension: null };
}

const LANGUAGE_CODES: Record<string, string> = {
  english: 'en', spanish: 'es', español: 'es', french: 'fr', creole: 'ht', 'haitian creole': 'ht', haitian: 'ht',
  portuguese: 'pt', hebrew: 'he', russian: 'ru', arabic: 'ar', italian: 'it', greek: 'el', yiddish: 'yi',
  german: 'de', chinese: 'zh', mandarin: 'zh', cantonese: 'yue', vietnamese: 'vi', japanese: 'ja', korean: 'ko',
  polish: 'pl', hindi: 'hi', tagalog: 'tl', filipino: 'fil', urdu: 'ur', farsi: 'fa', persian: 'fa', turkish: 'tr',
  ukrainian: 'uk', bengali: 'bn', somali: 'so', swahili: 'sw', amharic: 'am', 'american sign language': 'ase',
};

/** The ISO 639 code of a language named in English (`Spanish (limited)` → `es`), or null when it names none. */
export function languageCode(name: string): string | null {
  const key = name.toLowerCase().replace(/\(.*?\)/g, '').replace(/[.\s]+$/, '').trim();
  return LANGUAGE_CODES[key] ?? null;
}
