import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ValidationError, type FieldProblem } from './errors.ts';

/** Maps zod's issues to field problems: `requester.email`, `attributes`, … */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    return {
      field: unknownKeys.length ? [field === 'body' ? '' : field, unknownKeys[0]].filter(Boolean).join('.') : field,
      code: issue.code,
      message: unknownKeys.length ? `unknown field${unknownKeys.length > 1 ? 's' : ''}: ${unknownKeys.join(', ')}` : `${field}: ${issue.message}`,
    };
  });
}

/** Parses input with a zod schema, throwing a ValidationError that names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(zodProblems(result.error));
  return result.data;
}

/** JSON with object keys sorted, so equal values always give equal text (for hashing). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** A plausible e-mail address (the mail server is the final judge); lower-cases the domain. */
export function normalizeEmail(field: string, value: string): { value?: string; problem?: FieldProblem } {
  const v = value.trim();
  if (v.length > 254 || !EMAIL.test(v)) return { problem: { field, code: 'invalid_email', message: `${field} is not an e-mail address: ${JSON.stringify(value.slice(0, 80))}` } };
  const at = v.lastIndexOf('@');
  return { value: v.slice(0, at) + '@' + v.slice(at + 1).toLowerCase() };
}

/** A phone number as people write it: digits with optional +, spaces, dots, dashes, brackets, 'x' extension. */
export function normalizePhone(field: string, value: string): { value?: string; problem?: FieldProblem } {
  const v = value.trim();
  const [main = '', ext] = v.split(/\s*(?:x|ext\.?)\s*/i);
  const digits = main.replace(/[\s().-]/g, '');
  if (!/^\+?\d{3,15}$/.test(digits) || (ext !== undefined && !/^\d{1,6}$/.test(ext))) {
    return { problem: { field, code: 'invalid_phone', message: `${field} is not a phone number: ${JSON.stringify(value.slice(0, 40))}` } };
  }
  return { value: ext ? `${digits} x${ext}` : digits };
}
