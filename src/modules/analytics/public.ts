import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { ratio, requestFigures, type Cell, type ResolvedScope } from './metrics.ts';
import { quantileFromBins } from './quantiles.ts';
import * as repo from './repository.ts';

/**
 * The public dashboard's figures: aggregates only, never a row about one request or person. Any
 * count below SMALL_CELL is withheld (null, shown as "<5"), and so is every rate or time computed
 * from fewer; where a breakdown withholds exactly one cell, its next smallest is withheld too, so
 * the hidden one cannot be worked out from the total. Confidential services (ADA, Title VI, police
 * complaints…) never appear by name: they count in the totals only.
 */
export const SMALL_CELL = 5;

export interface PublicRow {
  key: string;
  name: Record<string, string>;
  opened: number | null;
  closed: number | null;
  perThousand?: number | null;
  sla: number | null;
  resolutionMedianHours: number | null;
}

export interface PublicDashboard {
  from: string;
  to: string;
  timeZone: string;
  suppressedBelow: number;
  totals: { opened: number | null; closed: number | null; backlog: number | null; sla: number | null; resolutionMedianHours: number | null; firstResponseMedianHours: number | null };
  byService: PublicRow[];
  byDistrict: PublicRow[];
  byChannel: PublicRow[];
  byWeek: { key: string; opened: number | null; closed: number | null }[];
}

const count = (n: number): number | null => (n < SMALL_CELL ? null : n);
const hours = (seconds: Cell): number | null => (typeof seconds === 'number' ? Math.round((seconds / 3600) * 10) / 10 : null);

/** A row's figures, each withheld when it rests on fewer than SMALL_CELL requests. */
function figures(r: Record<string, Cell>, resolutions: number, slaBase: number) {
  return {
    opened: count(Number(r.opened ?? 0)),
    closed: count(Number(r.closed ?? 0)),
    sla: slaBase >= SMALL_CELL ? (r.sla_compliance as number | null) : null,
    resolutionMedianHours: resolutions >= SMALL_CELL ? hours(r.resolution_median ?? null) : null,
  };
}

/** Withholds the next smallest count of a breakdown whose only withheld cell could be derived. */
function complementary<T extends { opened: number | null }>(rows: T[]): T[] {
  if (rows.filter((r) => r.opened === null).length !== 1) return rows;
  const shown = rows.filter((r) => r.opened !== null).sort((a, b) => (a.opened ?? 0) - (b.opened ?? 0));
  const next = shown[0];
  if (next) next.opened = null;
  return rows;
}

/** The public dashboard over the last `days` days (default 90), today included. */
export async function publicDashboard(deps: Deps, days = 90): Promise<PublicDashboard> {
  const { timeZone } = await getJurisdiction(deps);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).startOf('day');
  const from = today.minus({ days: days - 1 });
  const s: ResolvedScope = { from: from.toJSDate(), to: today.plus({ days: 1 }).toJSDate(), timeZone, fromDay: from.toISODate() ?? '', toDay: today.toISODate() ?? '' };
  // One read of sums and histograms per breakdown, all side by side.
  const grouped = async (by: 'service' | 'district' | 'channel') => {
    const [sums, bins] = await Promise.all([repo.requestSums(deps.db, s, by), repo.durationBins(deps.db, s, by)]);
    const byKey = new Map(sums.map((r) => [r.key, r]));
    return [...new Set([...sums.map((r) => r.key), ...bins.keys()])].sort().map((key) => ({ key, z: byKey.get(key), r: requestFigures(byKey.get(key), bins.get(key)) }));
  };
  const [[sums], allBins, backlogAll, services, populationRows, serviceRows, districtRows, channelRows, weekSums] = await Promise.all([
    repo.requestSums(deps.db, s, null),
    repo.durationBins(deps.db, s, null),
    repo.backlog(deps.db, s, null),
    deps.db.selectFrom('services').select(['service_code', 'name', 'confidential']).execute(),
    repo.districtPopulations(deps.db),
    grouped('service'),
    grouped('district'),
    grouped('channel'),
    repo.requestSums(deps.db, s, 'week'),
  ]);
  const total = (k: 'opened' | 'closed') => channelRows.reduce((n, x) => n + Number(x.r[k] ?? 0), 0);
  const backlog = backlogAll.get('all') ?? 0;
  const bins = allBins.get('all');
  const median = (m: Map<number, number> | undefined, n: number) => (m && n >= SMALL_CELL ? hours(quantileFromBins(m, 0.5)) : null);
  const slaBase = (sums?.sla_met ?? 0) + (sums?.sla_breached ?? 0);
  const base = (z: repo.RequestSums | undefined) => [z?.resolutions ?? 0, (z?.sla_met ?? 0) + (z?.sla_breached ?? 0)] as const;

  const svc = new Map(services.map((x) => [x.service_code, x]));
  const byService = complementary(
    serviceRows
      .filter((x) => svc.get(x.key)?.confidential === false)
      .map((x) => ({ key: x.key, name: svc.get(x.key)?.name ?? { en: x.key }, ...figures(x.r, ...base(x.z)) })),
  );
  const populations = new Map(populationRows.map((d) => [d.id, d]));
  const byDistrict = complementary(
    districtRows
      .filter((x) => x.key !== '')
      .map((x) => {
        const d = populations.get(x.key);
        const f = figures(x.r, ...base(x.z));
        return { key: x.key, name: d?.name ?? { en: x.key }, ...f, perThousand: f.opened !== null && d?.population ? Math.round((f.opened / d.population) * 1000 * 10) / 10 : null };
      }),
  );
  const byChannel = complementary(channelRows.map((x) => ({ key: x.key, name: { en: x.key }, ...figures(x.r, ...base(x.z)) })));
  const byWeek = weekSums.map((r) => ({ key: r.key, opened: count(r.opened), closed: count(r.closed) }));
  return {
    from: s.fromDay,
    to: s.toDay,
    timeZone,
    suppressedBelow: SMALL_CELL,
    totals: {
      opened: count(total('opened')),
      closed: count(total('closed')),
      backlog: count(backlog),
      sla: slaBase >= SMALL_CELL ? ratio(sums?.sla_met ?? 0, slaBase) : null,
      resolutionMedianHours: median(bins?.resolution, sums?.resolutions ?? 0),
      firstResponseMedianHours: median(bins?.first_response, sums?.first_responses ?? 0),
    },
    byService,
    byDistrict,
    byChannel,
    byWeek,
  };
}
