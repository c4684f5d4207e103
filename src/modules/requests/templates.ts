import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError, conflict, notFound, type FieldProblem } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { getDepartment, getJurisdiction, getService } from '../catalog/service.ts';
import { can, departmentsFor, forbidden, type Principal } from '../identity/index.ts';
import type { ServiceRequest } from './model.ts';
import * as q from './queue-repository.ts';

/** Response templates: a department's canned public replies, in several languages, with placeholders. */

export const TEMPLATE_LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
/** What a template may say in braces; anything else in braces is refused when the template is saved. */
export const PLACEHOLDERS = ['tracking_number', 'service', 'address', 'due_date'] as const;
const TEXT_MAX = 4000;

const texts = z
  .object(Object.fromEntries(TEMPLATE_LOCALES.map((l) => [l, z.string().trim().min(1, 'must not be empty').max(TEXT_MAX)])) as Record<(typeof TEMPLATE_LOCALES)[number], z.ZodString>)
  .partial()
  .strict()
  .refine((t) => t.en !== undefined, { message: 'needs at least the English text (en)', path: ['en'] });

export const createTemplateSchema = z.object({ department: z.string().min(1).max(64), name: z.string().trim().min(1, 'must not be empty').max(100), texts }).strict();
export const updateTemplateSchema = z
  .object({ name: z.string().trim().min(1, 'must not be empty').max(100).optional(), texts: texts.optional(), active: z.boolean().optional(), expectedVersion: z.number().int().positive() })
  .strict();
export type CreateTemplateInput = z.input<typeof createTemplateSchema>;
export type UpdateTemplateInput = z.input<typeof updateTemplateSchema>;

/** Braces that are not a known placeholder, per language, as field problems. */
function placeholderProblems(t: Record<string, string | undefined>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [locale, text] of Object.entries(t)) {
    for (const m of (text ?? '').matchAll(/\{([^{}]*)\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(m[1] as string)) {
        problems.push({ field: `texts.${locale}`, code: 'unknown_placeholder', message: `{${m[1]}} is not a placeholder; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
      }
    }
  }
  return problems;
}

export function presentTemplate(t: q.TemplateRow) {
  return { id: t.id, department: t.department_id, name: t.name, texts: t.texts, active: t.active, version: t.version, updatedAt: t.updated_at };
}

/** Templates of the departments whose requests the caller reads; retired ones only for managers. */
export async function listTemplates(deps: Deps, p: Principal, department?: string) {
  const scope = departmentsFor(p, 'requests:read');
  if (department && scope !== 'all' && !scope.includes(department)) return [];
  const rows = await q.selectTemplates(deps.db, department ? [department] : scope, can(p, 'templates:manage'));
  return rows.map(presentTemplate);
}

/** Adds a template to a department (needs templates:manage). */
export async function createTemplate(deps: Deps, p: Principal, input: CreateTemplateInput, by: number | null) {
  const t = parseInput(createTemplateSchema, input);
  if (!can(p, 'templates:manage', { departmentId: t.department })) throw forbidden('templates:manage');
  await getDepartment(deps, t.department).catch(() => {
    throw new ValidationError([{ field: 'department', code: 'unknown_department', message: `There is no department ${JSON.stringify(t.department)}` }]);
  });
  const problems = placeholderProblems(t.texts);
  if (problems.length) throw new ValidationError(problems);
  if (await q.templateNameTaken(deps.db, t.department, t.name)) throw conflict('template_name_taken', `${t.department} already has a template called ${JSON.stringify(t.name)}`, { field: 'name' });
  const id = await q.insertTemplate(deps.db, { departmentId: t.department, name: t.name, texts: t.texts as Record<string, string>, by, at: deps.clock.now() });
  return presentTemplate((await q.selectTemplate(deps.db, id)) as q.TemplateRow);
}

/** Changes or retires (`active: false`) a template, if nobody changed it since `expectedVersion`. */
export async function updateTemplate(deps: Deps, p: Principal, id: number, input: UpdateTemplateInput, by: number | null) {
  const t = parseInput(updateTemplateSchema, input);
  const before = await q.selectTemplate(deps.db, id);
  if (!before) throw notFound('Response template', id);
  if (!can(p, 'templates:manage', { departmentId: before.department_id })) throw forbidden('templates:manage');
  const problems = t.texts ? placeholderProblems(t.texts) : [];
  if (problems.length) throw new ValidationError(problems);
  if (t.name !== undefined && (await q.templateNameTaken(deps.db, before.department_id, t.name, id))) throw conflict('template_name_taken', `${before.department_id} already has a template called ${JSON.stringify(t.name)}`, { field: 'name' });
  const ok = await q.updateTemplate(deps.db, id, t.expectedVersion, { name: t.name, texts: t.texts as Record<string, string> | undefined, active: t.active, by, at: deps.clock.now() });
  if (!ok) {
    const now = await q.selectTemplate(deps.db, id);
    throw new AppError('stale_version', 409, `The template was changed by someone else (now version ${now?.version}, you had ${t.expectedVersion}); reload it and try again`, { field: 'expectedVersion', currentVersion: now?.version });
  }
  return { before: presentTemplate(before), after: presentTemplate((await q.selectTemplate(deps.db, id)) as q.TemplateRow) };
}

/** Fills a template's placeholders; an unknown one (there should be none) is left as written. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The active templates of a request's department, each in `locale` (English when it has no text in
 * that language) with the request's tracking number, service name, address and due date filled in.
 */
export async function templatesForRequest(deps: Deps, r: ServiceRequest, locale: string) {
  const [rows, jurisdiction] = await Promise.all([q.selectTemplates(deps.db, [r.departmentId], false), getJurisdiction(deps, { id: r.jurisdictionId })]);
  const service = await getService(deps, r.jurisdictionId, r.serviceCode).catch(() => null);
  const due = r.dueAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: jurisdiction.timeZone }).format(r.dueAt) : '';
  const values = { tracking_number: r.trackingNumber, service: service?.name[locale] ?? service?.name.en ?? r.serviceCode, address: r.address ?? '', due_date: due };
  return rows.map((t) => {
    const own = t.texts[locale];
    return { id: t.id, name: t.name, locale: own ? locale : 'en', text: fillTemplate(own ?? t.texts.en ?? '', values) };
  });
}
