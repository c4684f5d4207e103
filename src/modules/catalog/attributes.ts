import type { FieldProblem } from '../../lib/errors.ts';
import { textProblem, toPlainText } from '../../lib/text.ts';
import type { AttributeValue, Localized } from '../../db/schema.ts';

/** A per-service question as Open311 defines it. */
export interface AttributeDefinition {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  variable: boolean;
  description: Localized;
  values: AttributeValue[];
}

export type AttributeAnswer = string | number | string[];

const MAX_STRING = 255;
const MAX_TEXT = 4000;

const fieldName = (code: string): string => `attribute[${code}]`;
const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function checkText(code: string, raw: unknown, max: number): { value?: string; problem?: FieldProblem } {
  const field = fieldName(code);
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return { problem: { field, code: 'wrong_type', message: `${field} must be text` } };
  }
  const str = String(raw);
  const bad = textProblem(field, str);
  if (bad) return { problem: bad };
  const value = toPlainText(str);
  if (value.length > max) {
    return { problem: { field, code: 'too_long', message: `${field} is ${value.length} characters long; the limit is ${max}` } };
  }
  return { value };
}

function checkOne(def: AttributeDefinition, raw: unknown): { value?: AttributeAnswer; problem?: FieldProblem } {
  const field = fieldName(def.code);
  const keys = def.values.map((v) => v.key);
  switch (def.datatype) {
    case 'string':
      return checkText(def.code, raw, MAX_STRING);
    case 'text':
      return checkText(def.code, raw, MAX_TEXT);
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { problem: { field, code: 'wrong_type', message: `${field} must be a number, got ${JSON.stringify(raw)}` } };
      return { value: n };
    }
    case 'datetime': {
      const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw.trim())
        ? Date.parse(raw.trim())
        : NaN;
      if (Number.isNaN(ms)) {
        return { problem: { field, code: 'wrong_type', message: `${field} must be a date and time in ISO 8601 form, e.g. 2026-03-02T14:30:00-08:00` } };
      }
      return { value: new Date(ms).toISOString() };
    }
    case 'singlevaluelist': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { problem: { field, code: 'wrong_type', message: `${field} must be one value` } };
      const key = String(raw);
      if (!keys.includes(key)) return { problem: { field, code: 'not_in_list', message: `${field} must be one of: ${keys.join(', ')}; got ${JSON.stringify(key)}` } };
      return { value: key };
    }
    case 'multivaluelist': {
      const list = Array.isArray(raw) ? raw : [raw];
      const chosen: string[] = [];
      for (const item of list) {
        if ((typeof item !== 'string' && typeof item !== 'number') || !keys.includes(String(item))) {
          return { problem: { field, code: 'not_in_list', message: `${field} values must be among: ${keys.join(', ')}; got ${JSON.stringify(item)}` } };
        }
        if (!chosen.includes(String(item))) chosen.push(String(item));
      }
      return { value: chosen };
    }
  }
}

/**
 * Checks a resident's answers against the service's questions: unknown codes, required answers,
 * datatypes and allowed values. Returns the normalised answers and every problem, each naming its field.
 */
export function validateAttributeAnswers(
  definitions: AttributeDefinition[],
  answers: Record<string, unknown>,
): { values: Record<string, AttributeAnswer>; problems: FieldProblem[] } {
  const values: Record<string, AttributeAnswer> = {};
  const problems: FieldProblem[] = [];
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  for (const code of Object.keys(answers)) {
    const def = byCode.get(code);
    if (!def) {
      problems.push({ field: fieldName(code), code: 'unknown_attribute', message: `${fieldName(code)} is not a question of this service` });
    } else if (!def.variable && !isBlank(answers[code])) {
      problems.push({ field: fieldName(code), code: 'not_answerable', message: `${fieldName(code)} is information only and takes no answer` });
    }
  }
  for (const def of definitions) {
    if (!def.variable) continue;
    const raw = answers[def.code];
    if (isBlank(raw)) {
      if (def.required) {
        problems.push({ field: fieldName(def.code), code: 'required', message: `${fieldName(def.code)} is required: ${def.description.en ?? def.code}` });
      }
      continue;
    }
    const { value, problem } = checkOne(def, raw);
    if (problem) problems.push(problem);
    else if (value !== undefined && !(typeof value === 'string' && value === '')) values[def.code] = value;
  }
  return { values, problems };
}
