import type { Deps } from '../../deps.ts';
import type { DemoCity } from '../../db/seed/demo-city/types.ts';
import { ringToPolygonLiteral } from '../../lib/geo.ts';
import * as repo from './repository.ts';
import { invalidateCatalogCache } from './service.ts';

/** What an import wrote, for the CLI to report. */
export interface CatalogImportSummary {
  jurisdictions: number;
  departments: number;
  serviceGroups: number;
  services: number;
  attributes: number;
  districts: number;
  routingRules: number;
}

/**
 * Loads a whole catalog (jurisdictions, calendars, departments, groups, services with questions,
 * districts, routing rules) in one transaction. Re-running it updates in place; routing rules are
 * added only to a jurisdiction that has none, so rules edited by staff are never overwritten.
 */
export async function importCatalog(deps: Deps, city: DemoCity): Promise<CatalogImportSummary> {
  const summary: CatalogImportSummary = { jurisdictions: 0, departments: 0, serviceGroups: 0, services: 0, attributes: 0, districts: 0, routingRules: 0 };
  await deps.db.transaction().execute(async (trx) => {
    for (const j of city.jurisdictions) {
      await repo.upsertJurisdiction(trx, { ...j, isDefault: j.isDefault ?? false, boundary: ringToPolygonLiteral(j.boundary) });
      await repo.replaceCalendar(trx, j.id, j.hours, j.localHolidays);
      summary.jurisdictions++;
    }
    for (const d of city.departments) {
      await repo.upsertDepartment(trx, d);
      summary.departments++;
    }
    for (const [i, g] of city.serviceGroups.entries()) {
      await repo.upsertServiceGroup(trx, { code: g.code, name: g.name, sortOrder: i });
      summary.serviceGroups++;
    }
    const serviceIds = new Map<string, number>();
    for (const s of city.services) {
      const id = await repo.upsertService(trx, {
        jurisdictionId: s.jurisdictionId,
        code: s.code,
        name: s.name,
        description: s.description,
        groupCode: s.group,
        keywords: s.keywords,
        handling: s.handling,
        departmentId: s.departmentId,
        answer: s.answer ?? null,
        slaHours: s.slaHours ?? null,
        slaKind: s.slaKind ?? 'business',
        defaultPriority: s.defaultPriority,
        confidential: s.confidential,
        duplicateRadiusMeters: s.duplicateRadiusMeters ?? 50,
        duplicateWindowDays: s.duplicateWindowDays ?? 30,
      });
      serviceIds.set(`${s.jurisdictionId}/${s.code}`, id);
      await repo.replaceAttributes(
        trx,
        id,
        s.attributes.map((a) => ({ ...a, variable: a.variable ?? true, values: a.values ?? [] })),
      );
      summary.services++;
      summary.attributes += s.attributes.length;
    }
    for (const d of city.districts) {
      await repo.upsertDistrict(trx, { ...d, population: d.population ?? null, area: ringToPolygonLiteral(d.area) });
      summary.districts++;
    }
    const jurisdictionsWithRules = new Set<string>();
    for (const j of city.jurisdictions) if ((await repo.countRoutingRules(trx, j.id)) > 0) jurisdictionsWithRules.add(j.id);
    for (const r of city.routingRules) {
      if (jurisdictionsWithRules.has(r.jurisdictionId)) continue;
      const serviceId = r.serviceCode ? serviceIds.get(`${r.jurisdictionId}/${r.serviceCode}`) : null;
      if (serviceId === undefined) throw new Error(`routing rule names unknown service ${r.serviceCode}`);
      await repo.insertRoutingRule(trx, {
        jurisdictionId: r.jurisdictionId,
        serviceId,
        districtId: r.districtId ?? null,
        departmentId: r.departmentId,
        priority: r.priority,
        description: r.description,
      });
      summary.routingRules++;
    }
  });
  invalidateCatalogCache(deps.db);
  return summary;
}
