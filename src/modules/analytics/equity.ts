import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../lib/errors.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { ratio, requestsTile, type ResolvedScope, type TileData } from './metrics.ts';
import * as repo from './repository.ts';
import { parseInput } from '../../lib/validate.ts';
import { quantileFromBins } from './quantiles.ts';
import { populationSchema, type PopulationInput } from './schemas.ts';

/**
 * The equity lens: per district, requests per 1,000 residents and how fast and how reliably they
 * were handled, beside the city-wide figure. Request counts measure who reports, not only what is
 * wrong: the caution (message key insight.caution.equity) is shown beside every use of it.
 */
export async function equityTile(deps: Deps, s: ResolvedScope): Promise<TileData> {
  const [perDistrict, districts, cityWide] = await Promise.all([
    requestsTile(deps, { ...s, district: undefined }, 'district', 'equity', { backlog: false }),
    repo.districtPopulations(deps.db),
    cityFigures(deps, s),
  ]);
  const byId = new Map(perDistrict.rows.map((r) => [String(r.key), r]));
  // City-wide rate: requests in districts that have a population, over their residents.
  const counted = districts.filter((d) => d.population !== null);
  const totalPopulation = counted.reduce((n, d) => n + (d.population ?? 0), 0);
  const cityOpened = counted.reduce((n, d) => n + Number(byId.get(d.id)?.opened ?? 0), 0);
  const rows = districts
    .filter((d) => d.population !== null || byId.has(d.id))
    .map((d) => {
      const r = byId.get(d.id);
      const opened = Number(r?.opened ?? 0);
      return {
        key: d.id,
        name: d.name.en ?? d.id,
        population: d.population,
        opened,
        per_1000: d.population ? Math.round((opened / d.population) * 1000 * 100) / 100 : null,
        per_1000_city: totalPopulation > 0 ? Math.round((cityOpened / totalPopulation) * 1000 * 100) / 100 : null,
        resolution_median: r?.resolution_median ?? null,
        resolution_median_city: cityWide.resolution_median,
        sla_compliance: r?.sla_compliance ?? null,
        sla_compliance_city: cityWide.sla_compliance,
      };
    });
  return {
    ...perDistrict,
    tile: 'equity',
    columns: [
      { key: 'key', kind: 'text' },
      { key: 'name', kind: 'text' },
      { key: 'population', kind: 'count' },
      { key: 'opened', kind: 'count' },
      { key: 'per_1000', kind: 'number' },
      { key: 'per_1000_city', kind: 'number' },
      { key: 'resolution_median', kind: 'seconds' },
      { key: 'resolution_median_city', kind: 'seconds' },
      { key: 'sla_compliance', kind: 'percent' },
      { key: 'sla_compliance_city', kind: 'percent' },
    ],
    rows,
    notes: ['insight.caution.equity'],
  };
}

async function cityFigures(deps: Deps, s: ResolvedScope): Promise<{ resolution_median: number | null; sla_compliance: number | null }> {
  const [[sums], allBins] = await Promise.all([repo.requestSums(deps.db, { ...s, district: undefined }, null), repo.durationBins(deps.db, { ...s, district: undefined }, null)]);
  const bins = allBins.get('all');
  const median = bins ? quantileFromBins(bins.resolution, 0.5) : null;
  return { resolution_median: median === null ? null : Math.round(median), sla_compliance: sums ? ratio(sums.sla_met, sums.sla_met + sums.sla_breached) : null };
}

/** The districts and their loaded populations (with where each figure comes from). */
export async function listPopulations(deps: Deps) {
  return repo.districtPopulations(deps.db);
}

/** Loads population figures (API and CLI); unknown districts are refused, naming them; audited. */
export async function loadPopulations(deps: Deps, input: PopulationInput, audit: AuditContext | null): Promise<number> {
  const p = parseInput(populationSchema, input);
  const ids = p.districts.map((d) => d.districtId);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) throw new ValidationError([{ field: 'districts', code: 'duplicate', message: `District ${dupes[0]} is listed twice` }]);
  const known = await repo.existingDistricts(deps.db, ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new ValidationError(unknown.map((id) => ({ field: 'districts', code: 'unknown_district', message: `There is no district ${JSON.stringify(id)}` })));
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertPopulations(trx, p.districts.map((d) => ({ districtId: d.districtId, population: d.population, source: d.source, asOf: d.asOf ?? null })), now);
    if (audit) await recordAudit(trx, { ...audit, at: now, action: 'analytics.population_loaded', target: { kind: 'district_population', id: ids.length === 1 ? (ids[0] ?? '') : 'many' }, data: { districts: ids } });
  });
  return ids.length;
}
