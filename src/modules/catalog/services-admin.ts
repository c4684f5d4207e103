import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Localized } from '../../db/schema.ts';
import { AppError, ValidationError, conflict, type FieldProblem } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { checkServiceRefs, staleService } from './admin.ts';
import * as adminRepo from './admin-repository.ts';
import * as repo from './repository.ts';
import type { AttributeDefinition } from './attributes.ts';
import { getService, invalidateCatalogCache, type CatalogService } from './service.ts';

/**
 * Creating services and editing their Open311 questions (attributes) from the staff console.
 *
 * A question staff remove is retired, not deleted: requests store their answers under the question's
 * code, and the retired definition keeps saying what that code meant. New requests neither see nor
 * accept it. Listing the code again restores it; a code keeps its datatype for life (string and text
 * may be swapped), so an old answer never changes meaning.
 */

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or zh-Hant');
const localized = (max: number) =>
  z
    .record(languageTag, z.string().trim().max(max))
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, text]) => text !== '')) as Localized)
    .refine((v) => Boolean(v.en), 'needs an English text');

export const serviceCreateSchema = z
  .object({
    code: z.string().regex(CODE, 'must be 1–64 letters, digits, dots, dashes or underscores'),
    name: localized(200),
    description: z.record(languageTag, z.string().trim().max(2000)).default({}),
    groupCode: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a service group code').nullable().default(null),
    keywords: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    handling: z.enum(['resolve', 'intake', 'refer']).default('intake'),
    departmentId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department id'),
    slaHours: z.number().positive().max(8760).nullable().default(null),
    slaKind: z.enum(['business', 'calendar']).default('business'),
    defaultPriority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    confidential: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict();

const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
const attributeSchema = z
  .object({
    code: z.string().regex(CODE, 'must be 1–64 letters, digits, dots, dashes or underscores'),
    datatype: z.enum(DATATYPES),
    required: z.boolean().default(false),
    variable: z.boolean().default(true).describe('false: information shown with the form, takes no answer'),
    description: localized(1000).describe('The question, by language'),
    values: z.array(z.object({ key: z.string().regex(CODE, 'must be 1–64 letters, digits, dots, dashes or underscores'), name: localized(200) }).strict()).max(100).default([]),
  })
  .strict();

export const attributesPutSchema = z
  .object({
    expectedVersion: z.number().int().min(1).describe("The service's version the edit was made on (409 stale_version if it changed)"),
    attributes: z.array(attributeSchema).max(50).describe('Every current question, in form order; questions left out are retired'),
  })
  .strict();

/** A question as the administration screen sees it: retired ones included. */
export interface AdminAttribute extends AttributeDefinition {
  order: number;
  retiredAt: Date | null;
}

/** A service with every question, retired ones included (the editor's view). */
export async function getServiceForAdmin(deps: Deps, jurisdictionId: string, code: string): Promise<{ service: CatalogService; attributes: AdminAttribute[] }> {
  const service = await getService(deps, jurisdictionId, code);
  const rows = await adminRepo.selectAllAttributes(deps.db, service.id);
  return {
    service,
    attributes: rows.map((r) => ({ code: r.code, datatype: r.datatype, required: r.required, variable: r.variable, description: r.description, values: r.values, order: r.sort_order, retiredAt: r.retired_at })),
  };
}

/** Service groups for the pickers. */
export async function listServiceGroups(deps: Deps) {
  return adminRepo.selectServiceGroups(deps.db);
}

/** Adds a service to the catalog (409 if the code is taken), audited. */
export async function createService(deps: Deps, jurisdictionId: string, input: unknown, ctx: AuditContext): Promise<CatalogService> {
  const s = parseInput(serviceCreateSchema, input);
  await checkServiceRefs(deps, jurisdictionId, { departmentId: s.departmentId, groupCode: s.groupCode });
  const description = Object.fromEntries(Object.entries(s.description).filter(([, v]) => v !== '')) as Localized;
  await deps.db.transaction().execute(async (trx) => {
    const id = await adminRepo.insertService(trx, { ...s, jurisdictionId, description, keywords: [...new Set(s.keywords)] });
    if (id === null) throw conflict('service_exists', `There is already a service with code ${s.code}`, { field: 'code' });
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.service_created', target: { kind: 'service', id }, data: { service_code: s.code, ...s } });
  });
  invalidateCatalogCache(deps.db);
  return getService(deps, jurisdictionId, s.code);
}

function checkAttributes(list: z.infer<typeof attributeSchema>[], existing: AdminAttribute[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const before = new Map(existing.map((a) => [a.code, a]));
  list.forEach((a, i) => {
    const at = `attributes.${i}`;
    if (seen.has(a.code)) problems.push({ field: `${at}.code`, code: 'duplicate', message: `Question code ${a.code} is used twice` });
    seen.add(a.code);
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && a.values.length === 0) problems.push({ field: `${at}.values`, code: 'required', message: `Question ${a.code} is a list: give it at least one value` });
    if (!isList && a.values.length) problems.push({ field: `${at}.values`, code: 'not_a_list', message: `Question ${a.code} is not a list and takes no values` });
    const keys = a.values.map((v) => v.key);
    const dup = keys.find((k, j) => keys.indexOf(k) !== j);
    if (dup) problems.push({ field: `${at}.values`, code: 'duplicate', message: `Question ${a.code} has the value ${dup} twice` });
    if (!a.variable && a.required) problems.push({ field: `${at}.required`, code: 'not_answerable', message: `Question ${a.code} is information only, so it cannot be required` });
    const old = before.get(a.code);
    const textual = (d: string): boolean => d === 'string' || d === 'text';
    if (old && old.datatype !== a.datatype && !(textual(old.datatype) && textual(a.datatype))) {
      problems.push({
        field: `${at}.datatype`,
        code: 'datatype_fixed',
        message: `Question ${a.code} was ${old.datatype}${old.retiredAt ? ' (retired)' : ''}; stored answers would change meaning. Give the new question another code`,
      });
    }
  });
  return problems;
}

/**
 * Replaces a service's questions: the given list in order (new ones added, changed ones updated,
 * retired ones brought back), every other question retired. Refused (409) when the service changed
 * since `expectedVersion`; audited with the list before and after.
 */
export async function replaceServiceAttributes(deps: Deps, jurisdictionId: string, code: string, input: unknown, ctx: AuditContext): Promise<{ service: CatalogService; attributes: AdminAttribute[] }> {
  const p = parseInput(attributesPutSchema, input);
  const { service, attributes: existing } = await getServiceForAdmin(deps, jurisdictionId, code);
  const problems = checkAttributes(p.attributes, existing);
  if (problems.length) throw new ValidationError(problems);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await adminRepo.bumpServiceVersion(trx, service.id, p.expectedVersion))) {
      const current = await repo.selectService(trx, jurisdictionId, code);
      if (!current) throw new AppError('unknown_service', 404, `There is no service with code ${JSON.stringify(code)}`);
      throw staleService(code, current.version);
    }
    await adminRepo.saveAttributes(trx, service.id, p.attributes, now);
    const kept = new Set(p.attributes.map((a) => a.code));
    await recordAudit(trx, {
      ...ctx,
      at: now,
      action: 'catalog.attributes_replaced',
      target: { kind: 'service', id: service.id },
      data: { service_code: code, before: existing.filter((a) => !a.retiredAt).map((a) => a.code), after: [...kept], retired: existing.filter((a) => !a.retiredAt && !kept.has(a.code)).map((a) => a.code) },
    });
  });
  invalidateCatalogCache(deps.db);
  return getServiceForAdmin(deps, jurisdictionId, code);
}
