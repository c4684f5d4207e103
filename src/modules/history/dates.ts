import { DAY_MS, civilFromDays, daysFromCivil } from '../../lib/calendar/civil-days.ts';
import { wallToInstant, type ZoneOffsets } from '../../lib/calendar/zone-offsets.ts';

/**
 * Date parsing for imported files, fast enough for a million rows: each format is compiled once to
 * a regular expression, and a local wall time becomes an instant through the cached zone offsets
 * (lib/calendar) rather than a date library per row.
 *
 * Formats use a subset of the Unicode/luxon tokens: `yyyy`, `yy`, `MM`, `M`, `dd`, `d`, `HH`, `H`,
 * `hh`, `h` (12-hour, with `a`), `mm`, `ss`, `SSS` (1–6 fraction digits), `a` (AM/PM), `ZZ` (an
 * offset such as `-05:00`, `+0100` or `Z`); text in single quotes is literal, as are other
 * non-letter characters. ISO 8601 with `T` or a space, with or without an offset, is always tried
 * first. A value without an offset is a wall time in the mapping's time zone.
 */

type Part = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm' | 'offset';

interface Compiled {
  format: string;
  re: RegExp;
  parts: Part[];
}

const TOKENS: Array<[string, Part, string]> = [
  ['yyyy', 'year', '(\\d{4})'],
  ['yy', 'year2', '(\\d{2})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{2})'],
  ['d', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['ss', 'second', '(\\d{2})'],
  ['SSS', 'fraction', '(\\d{1,6})'],
  ['a', 'ampm', '([AaPp][Mm])'],
  ['ZZ', 'offset', '(Z|[+-]\\d{2}:?\\d{2})'],
];

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a format; throws a message naming the format when it cannot be used. */
export function compileDateFormat(format: string): Compiled {
  let re = '';
  const parts: Part[] = [];
  for (let i = 0; i < format.length; ) {
    const ch = format[i] as string;
    if (ch === "'") {
      const end = format.indexOf("'", i + 1);
      if (end < 0) throw new Error(`date format ${JSON.stringify(format)} has an unclosed quote`);
      re += escapeRe(format.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      re += token[2];
      parts.push(token[1]);
      i += token[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) throw new Error(`date format ${JSON.stringify(format)} uses the unknown token "${ch}" (quote literal letters: 'T')`);
    re += escapeRe(ch);
    i++;
  }
  const has = (p: Part): boolean => parts.includes(p);
  if (!(has('year') || has('year2')) || !has('month') || !has('day')) {
    throw new Error(`date format ${JSON.stringify(format)} needs a year (yyyy), a month (MM) and a day (dd)`);
  }
  if (has('hour12') !== has('ampm')) throw new Error(`date format ${JSON.stringify(format)}: 12-hour times (hh) need an AM/PM marker (a), and only they`);
  return { format, re: new RegExp(`^${re}$`), parts };
}

const ISO_FORMS = [
  "yyyy-MM-dd'T'HH:mm:ss.SSSZZ",
  "yyyy-MM-dd'T'HH:mm:ssZZ",
  "yyyy-MM-dd'T'HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss",
  "yyyy-MM-dd'T'HH:mm",
  'yyyy-MM-dd HH:mm:ss.SSSZZ',
  'yyyy-MM-dd HH:mm:ssZZ',
  'yyyy-MM-dd HH:mm:ss.SSS',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd',
].map(compileDateFormat);

/** Parses dates of a file: the ISO forms, then the mapping's formats, in its time zone. */
export class DateReader {
  readonly #formats: Compiled[];
  #last: Compiled | undefined;

  constructor(formats: string[], readonly zone: ZoneOffsets) {
    this.#formats = [...ISO_FORMS, ...formats.map(compileDateFormat)];
  }

  /** The instant (ms since the epoch), or null when the text matches no format or names no real date. */
  parse(text: string): number | null {
    const last = this.#last;
    if (last) {
      const t = this.#try(last, text);
      if (t !== null) return t;
    }
    for (const f of this.#formats) {
      if (f === last) continue;
      const t = this.#try(f, text);
      if (t !== null) {
        this.#last = f;
        return t;
      }
    }
    return null;
  }

  #try(f: Compiled, text: string): number | null {
    const m = f.re.exec(text);
    if (!m) return null;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let ms = 0;
    let pm: boolean | null = null;
    let offsetMin: number | null = null;
    for (let i = 0; i < f.parts.length; i++) {
      const v = m[i + 1] as string;
      switch (f.parts[i]) {
        case 'year': year = Number(v); break;
        case 'year2': year = 2000 + Number(v) - (Number(v) >= 70 ? 100 : 0); break;
        case 'month': month = Number(v); break;
        case 'day': day = Number(v); break;
        case 'hour': case 'hour12': hour = Number(v); break;
        case 'minute': minute = Number(v); break;
        case 'second': second = Number(v); break;
        case 'fraction': ms = Math.floor(Number(`0.${v}`) * 1000); break;
        case 'ampm': pm = v.toLowerCase() === 'pm'; break;
        case 'offset': {
          if (v === 'Z') offsetMin = 0;
          else {
            const digits = v.replace(':', '');
            const sign = digits.startsWith('-') ? -1 : 1;
            offsetMin = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
          }
          break;
        }
        default: break;
      }
    }
    if (pm !== null) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || year < 1971 || year > 9999) return null;
    const days = daysFromCivil(year, month, day);
    if (day > 28 && new Date(days * DAY_MS).getUTCDate() !== day) return null; // 30 February
    const wall = days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    return offsetMin === null ? wallToInstant(this.zone, wall) : wall - offsetMin * 60_000;
  }
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `new Date(t).toISOString()`, computed without a Date object (the import makes four per record). */
export function isoString(instant: number): string {
  const t = Math.trunc(instant);
  const days = Math.floor(t / DAY_MS);
  const [y, mo, d] = civilFromDays(days);
  if (y < 1000 || y > 9999) return new Date(t).toISOString();
  let r = t - days * DAY_MS;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const mi = Math.floor(r / 60_000);
  r -= mi * 60_000;
  const sec = Math.floor(r / 1000);
  const ms = r - sec * 1000;
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(sec)}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : ms}Z`;
}
