import type { AttributeDefinition } from './attributes.ts';
import type { RoutingRuleView } from './admin.ts';
import type { CatalogService } from './service.ts';

/** What of the catalog the staff API shows. Catalog data is not personal; internal ids stay inside. */

export function presentService(s: CatalogService & { groupName?: unknown }) {
  return {
    code: s.code,
    jurisdictionId: s.jurisdictionId,
    name: s.name,
    description: s.description,
    groupCode: s.groupCode,
    keywords: s.keywords,
    handling: s.handling,
    departmentId: s.departmentId,
    answer: s.answer,
    slaHours: s.slaHours,
    slaKind: s.slaKind,
    defaultPriority: s.defaultPriority,
    confidential: s.confidential,
    active: s.active,
    duplicateRadiusMeters: s.duplicateRadiusMeters,
    duplicateWindowDays: s.duplicateWindowDays,
    version: s.version,
  };
}

export function presentServiceWithAttributes(s: CatalogService) {
  return { ...presentService(s), attributes: s.attributes.map(presentAttribute) };
}

function presentAttribute(a: AttributeDefinition) {
  return { code: a.code, datatype: a.datatype, required: a.required, variable: a.variable, description: a.description, values: a.values };
}

export function presentDepartment(d: { id: string; jurisdiction_id: string; kind: string; agency_kind: string; acronym: string | null; name: unknown; description: unknown; phone: string | null; email: string | null; web: string | null; hours: unknown; active: boolean }) {
  return { id: d.id, jurisdictionId: d.jurisdiction_id, kind: d.kind, agencyKind: d.agency_kind, acronym: d.acronym, name: d.name, description: d.description, phone: d.phone, email: d.email, web: d.web, hours: d.hours, active: d.active };
}

/** Districts without their polygons (large; the map layer has its own source). */
export function presentDistrict(d: { id: string; jurisdiction_id: string; kind: string; name: unknown; population: number | null; approximate: boolean }) {
  return { id: d.id, jurisdictionId: d.jurisdiction_id, kind: d.kind, name: d.name, population: d.population, approximate: d.approximate };
}

export const presentRoutingRule = (r: RoutingRuleView) => ({ ...r });

/** A service with every question for the administration screen, retired ones marked. */
export function presentAdminAttributes(v: { service: CatalogService; attributes: Array<AttributeDefinition & { order: number; retiredAt: Date | null }> }) {
  return { service: presentService(v.service), attributes: v.attributes.map((a) => ({ ...presentAttribute(a), order: a.order, retiredAt: a.retiredAt })) };
}
