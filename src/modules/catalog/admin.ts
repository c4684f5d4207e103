import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Localized } from '../../db/schema.ts';
import { AppError, ValidationError, conflict, notFound, type FieldProblem } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import * as adminRepo from './admin-repository.ts';
import * as repo from './repository.ts';
import { getJurisdiction, getService, invalidateCatalogCache, listDepartments, listDistricts } from './service.ts';

/** Catalog changes staff make through the API: a service's settings and the routing rules. Each is audited. */

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or zh-Hant');
const localized = z.record(languageTag, z.string().trim().min(1).max(200));

export const servicePatchSchema = z
  .object({
    active: z.boolean().optional(),
    slaHours: z.number().positive().max(8760).nullable().optional().describe('Target in hours; null for none'),
    slaKind: z.enum(['business', 'calendar']).optional(),
    defaultPriority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    name: localized.optional().describe('Names by language; must keep an English name'),
    description: z.record(languageTag, z.string().trim().max(2000)).optional().describe('Descriptions by language; an empty text removes that language'),
    confidential: z.boolean().optional(),
    departmentId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department id').optional().describe('The department or agency that handles it by default'),
    groupCode: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a service group code').nullable().optional(),
    handling: z.enum(['resolve', 'intake', 'refer']).optional(),
    expectedVersion: z.number().int().min(1).optional().describe('The version the edit was made on; a stale one is refused (409 stale_version)'),
  })
  .strict()
  .refine((p) => Object.keys(p).filter((k) => k !== 'expectedVersion').length > 0, 'give at least one field to change');
export type ServicePatch = z.input<typeof servicePatchSchema>;

const ruleFields = {
  serviceCode: z.string().min(1).max(64).nullable(),
  districtId: z.string().min(1).max(64).nullable(),
  departmentId: z.string().min(1).max(64),
  priority: z.number().int().min(0).max(100_000),
  description: z.string().max(500),
  active: z.boolean(),
};
export const routingRuleCreateSchema = z
  .object({ ...ruleFields, serviceCode: ruleFields.serviceCode.default(null), districtId: ruleFields.districtId.default(null), priority: ruleFields.priority.default(100), description: ruleFields.description.default(''), active: ruleFields.active.default(true) })
  .strict();
export const routingRulePatchSchema = z
  .object({ serviceCode: ruleFields.serviceCode.optional(), districtId: ruleFields.districtId.optional(), departmentId: ruleFields.departmentId.optional(), priority: ruleFields.priority.optional(), description: ruleFields.description.optional(), active: ruleFields.active.optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one field to change');

export interface RoutingRuleView {
  id: number;
  jurisdictionId: string;
  serviceCode: string | null;
  districtId: string | null;
  departmentId: string;
  priority: number;
  description: string;
  active: boolean;
  createdAt: Date;
}

function toRule(r: NonNullable<Awaited<ReturnType<typeof repo.selectRoutingRule>>>): RoutingRuleView {
  return { id: r.id, jurisdictionId: r.jurisdiction_id, serviceCode: r.service_code, districtId: r.district_id, departmentId: r.department_id, priority: r.priority, description: r.description, active: r.active, createdAt: r.created_at };
}

/** Changes a service's settings (active, SLA, priority, names, descriptions, department, group, handling, confidential); with expectedVersion, only if nobody saved since. */
export async function updateService(deps: Deps, jurisdictionId: string, serviceCode: string, patch: ServicePatch, ctx: AuditContext) {
  const p = parseInput(servicePatchSchema, patch);
  const before = await getService(deps, jurisdictionId, serviceCode);
  let name: Localized | undefined;
  if (p.name) {
    name = { ...before.name, ...p.name } as Localized;
    if (!name.en) throw new ValidationError([{ field: 'name.en', code: 'required', message: 'A service needs an English name' }]);
  }
  let description: Localized | undefined;
  if (p.description) {
    description = { ...before.description, ...p.description } as Localized;
    for (const [lang, text] of Object.entries(description)) if (!text) delete description[lang];
  }
  await checkServiceRefs(deps, jurisdictionId, { departmentId: p.departmentId, groupCode: p.groupCode });
  const set = { active: p.active, sla_hours: p.slaHours, sla_kind: p.slaKind, default_priority: p.defaultPriority, name, description, confidential: p.confidential, department_id: p.departmentId, group_code: p.groupCode, handling: p.handling };
  await deps.db.transaction().execute(async (trx) => {
    if ((await repo.updateService(trx, jurisdictionId, serviceCode, set, p.expectedVersion)) === null) {
      throw staleService(serviceCode, (await repo.selectService(trx, jurisdictionId, serviceCode))?.version ?? before.version);
    }
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.service_updated', target: { kind: 'service', id: before.id }, data: { service_code: serviceCode, changes: p } });
  });
  invalidateCatalogCache(deps.db);
  return getService(deps, jurisdictionId, serviceCode);
}

/** 409 for an edit made on an older version of the service. */
export function staleService(code: string, current: number): AppError {
  return conflict('stale_version', `Someone else changed service ${code} since you opened it (it is now at version ${current}); reload it and make your change again`, { currentVersion: current });
}

/** A service's department and group checked against the catalog (400 naming the field). */
export async function checkServiceRefs(deps: Deps, jurisdictionId: string, r: { departmentId?: string; groupCode?: string | null }): Promise<void> {
  const problems: FieldProblem[] = [];
  if (r.departmentId && !(await listDepartments(deps, jurisdictionId)).some((d) => d.id === r.departmentId)) {
    problems.push({ field: 'departmentId', code: 'unknown_department', message: `There is no department ${JSON.stringify(r.departmentId)}` });
  }
  if (r.groupCode && !(await adminRepo.selectServiceGroups(deps.db)).some((g) => g.code === r.groupCode)) {
    problems.push({ field: 'groupCode', code: 'unknown_group', message: `There is no service group ${JSON.stringify(r.groupCode)}` });
  }
  if (problems.length) throw new ValidationError(problems);
}

/** The rule's references checked against the catalog (read before any transaction). */
async function resolveRuleRefs(deps: Deps, jurisdictionId: string, r: { serviceCode?: string | null; districtId?: string | null; departmentId?: string }) {
  const problems: FieldProblem[] = [];
  let serviceId: number | null | undefined = r.serviceCode === null ? null : undefined;
  if (r.serviceCode) serviceId = await getService(deps, jurisdictionId, r.serviceCode).then((s) => s.id, () => (problems.push({ field: 'serviceCode', code: 'unknown_service', message: `There is no service ${JSON.stringify(r.serviceCode)}` }), undefined));
  if (r.districtId && !(await listDistricts(deps, jurisdictionId)).some((d) => d.id === r.districtId)) {
    problems.push({ field: 'districtId', code: 'unknown_district', message: `There is no district ${JSON.stringify(r.districtId)}` });
  }
  if (r.departmentId && !(await listDepartments(deps, jurisdictionId)).some((d) => d.id === r.departmentId)) {
    problems.push({ field: 'departmentId', code: 'unknown_department', message: `There is no department ${JSON.stringify(r.departmentId)}` });
  }
  if (problems.length) throw new ValidationError(problems);
  return serviceId;
}

export async function listRoutingRules(deps: Deps, jurisdictionId: string): Promise<RoutingRuleView[]> {
  return (await repo.selectRoutingRules(deps.db, jurisdictionId)).map(toRule);
}

async function loadRule(deps: Deps, id: number): Promise<RoutingRuleView> {
  const row = await repo.selectRoutingRule(deps.db, id);
  if (!row) throw notFound('Routing rule', id);
  return toRule(row);
}

export async function createRoutingRule(deps: Deps, jurisdictionId: string, input: z.input<typeof routingRuleCreateSchema>, ctx: AuditContext): Promise<RoutingRuleView> {
  const r = parseInput(routingRuleCreateSchema, input);
  await getJurisdiction(deps, { id: jurisdictionId });
  const serviceId = (await resolveRuleRefs(deps, jurisdictionId, r)) ?? null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertRoutingRule(trx, { jurisdictionId, serviceId, districtId: r.districtId, departmentId: r.departmentId, priority: r.priority, description: r.description });
    if (!r.active) await repo.updateRoutingRule(trx, id, { active: false });
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.routing_rule_created', target: { kind: 'routing_rule', id }, data: r });
    return id;
  });
  invalidateCatalogCache(deps.db);
  return loadRule(deps, id);
}

export async function updateRoutingRule(deps: Deps, id: number, input: z.input<typeof routingRulePatchSchema>, ctx: AuditContext): Promise<RoutingRuleView> {
  const p = parseInput(routingRulePatchSchema, input);
  const before = await loadRule(deps, id);
  const serviceId = await resolveRuleRefs(deps, before.jurisdictionId, p);
  await deps.db.transaction().execute(async (trx) => {
    const changed = await repo.updateRoutingRule(trx, id, { service_id: serviceId, district_id: p.districtId, department_id: p.departmentId, priority: p.priority, description: p.description, active: p.active });
    if (!changed) throw notFound('Routing rule', id);
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.routing_rule_updated', target: { kind: 'routing_rule', id }, data: { changes: p } });
  });
  invalidateCatalogCache(deps.db);
  return loadRule(deps, id);
}

export async function deleteRoutingRule(deps: Deps, id: number, ctx: AuditContext): Promise<RoutingRuleView> {
  const before = await loadRule(deps, id);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteRoutingRule(trx, id))) throw new AppError('not_found', 404, `Routing rule ${id} was not found`);
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.routing_rule_deleted', target: { kind: 'routing_rule', id }, data: { rule: before } });
  });
  invalidateCatalogCache(deps.db);
  return before;
}
