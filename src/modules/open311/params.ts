import { ValidationError, type FieldProblem } from '../../lib/errors.ts';

/**
 * Reading Open311 parameters (query strings and form bodies). Every value arrives as text; each
 * reader names the parameter at fault, and all problems are reported at once.
 */

export type RawParams = Record<string, unknown>;

export class ParamReader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly params: RawParams) {}

  /** One text value; a repeated parameter is refused. */
  text(name: string, max = 2000): string | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.problems.push({ field: name, code: 'repeated', message: `${name} must be given once` });
      return undefined;
    }
    if (v.length > max) {
      this.problems.push({ field: name, code: 'too_long', message: `${name} is longer than ${max} characters` });
      return undefined;
    }
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  number(name: string, min: number, max: number): number | undefined {
    const v = this.text(name, 40);
    if (v === undefined) return undefined;
    const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push({ field: name, code: 'invalid_number', message: `${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return n;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const v = this.text(name, 20);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push({ field: name, code: 'invalid_integer', message: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return Number(v);
  }

  /** A W3C date-time (ISO 8601 with a zone, `Z` or `±hh:mm`) or a plain date (midnight UTC). */
  dateTime(name: string): Date | undefined {
    const v = this.text(name, 60);
    if (v === undefined) return undefined;
    const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v);
    const ms = ok ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN;
    if (Number.isNaN(ms)) {
      this.problems.push({ field: name, code: 'invalid_datetime', message: `${name} must be a W3C date-time with a zone, e.g. 2026-03-02T09:00:00-08:00, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return new Date(ms);
  }

  /** A comma-separated list of tokens. */
  list(name: string, pattern: RegExp, maxItems: number): string[] | undefined {
    const v = this.text(name, 10_000);
    if (v === undefined) return undefined;
    const items = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
    const bad = items.find((i) => !pattern.test(i));
    if (bad !== undefined || !items.length) {
      this.problems.push({ field: name, code: 'invalid_list', message: `${name} must be a comma-separated list; ${JSON.stringify(bad ?? v)} is not valid` });
      return undefined;
    }
    if (items.length > maxItems) {
      this.problems.push({ field: name, code: 'too_many', message: `${name} may list at most ${maxItems} values` });
      return undefined;
    }
    return items;
  }

  problem(field: string, code: string, message: string): void {
    this.problems.push({ field, code, message });
  }

  /** Throws a 400 listing every problem found so far. */
  done(): void {
    if (this.problems.length) throw new ValidationError(this.problems);
  }
}

/** Keys of an `application/x-www-form-urlencoded` body, with repeated keys kept in order. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/**
 * The answers in `attribute[CODE]` and `attribute[CODE][]` keys. `[]` always makes a list (a
 * multivaluelist); a plain key given several times is a list too; one plain value stays text.
 */
export function attributeAnswers(params: RawParams): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const [key, raw] of Object.entries(params)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (!m?.[1]) continue;
    const code = m[1];
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const prev = answers[code];
    const merged = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), ...values];
    answers[code] = m[2] || merged.length !== 1 || Array.isArray(prev) ? merged : (merged[0] ?? '');
  }
  return answers;
}
