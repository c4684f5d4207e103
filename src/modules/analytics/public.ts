import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { ratio, requestsTile, type Cell, type ResolvedScope } from './metrics.ts';
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
  const [sums] = await repo.requestSums(deps.db, s, null);
  const all = (await requestsTile(deps, s, 'channel', 'public', { backlog: false })).rows;
  const total = (k: string) => all.reduce((n, r) => n + Number(r[k] ?? 0), 0);
  const backlog = (await repo.backlog(deps.db, s, null)).get('all') ?? 0;
  const bins = (await repo.durationBins(deps.db, s, null)).get('all');
  const median = (m: Map<number, number> | undefined, n: number) => (m && n >= SMALL_CELL ? hours(quantileFromBins(m, 0.5)) : null);
  const slaBase = (sums?.sla_met ?? 0) + (sums?.sla_breached ?? 0);

  const services = await deps.db.selectFrom('services').select(['service_code', 'name', 'confidential']).execute();
  const svc = new Map(services.map((x) => [x.service_code, x]));
  const serviceSums = new Map((await repo.requestSums(deps.db, s, 'service')).map((r) => [r.key, r]));
  const byService = complementary(
    (await requestsTile(deps, s, 'service', 'public', { backlog: false })).rows
      .filter((r) => svc.get(String(r.key))?.confidential === false)
      .map((r) => {
        const z = serviceSums.get(String(r.key));
        return { key: String(r.key), name: svc.get(String(r.key))?.name ?? { en: String(r.key) }, ...figures(r, z?.resolutions ?? 0, (z?.sla_met ?? 0) + (z?.sla_breached ?? 0)) };
      }),
  );
  const populations = new Map((await repo.districtPopulations(deps.db)).map((d) => [d.id, d]));
  const districtSums = new Map((await repo.requestSums(deps.db, s, 'district')).map((r) => [r.key, r]));
  const byDistrict = complementary(
    (await requestsTile(deps, s, 'district', 'public', { backlog: false })).rows
      .filter((r) => r.key !== '')
      .map((r) => {
        const z = districtSums.get(String(r.key));
        const d = populations.get(String(r.key));
        const f = figures(r, z?.resolutions ?? 0, (z?.sla_met ?? 0) + (z?.sla_breached ?? 0));
        return { key: String(r.key), name: d?.name ?? { en: String(r.key) }, ...f, perThousand: f.opened !== null && d?.population ? Math.round((f.opened / d.population) * 1000 * 10) / 10 : null };
      }),
  );
  const channelSums = new Map((await repo.requestSums(deps.db, s, 'channel')).map((r) => [r.key, r]));
  const byChannel = complementary(
    all.map((r) => {
      const z = channelSums.get(String(r.key));
      return { key: String(r.key), name: { en: String(r.key) }, ...figures(r, z?.resolutions ?? 0, (z?.sla_met ?? 0) + (z?.sla_breached ?? 0)) };
    }),
  );
  const byWeek = (await repo.requestSums(deps.db, s, 'week')).map((r) => ({ key: r.key, opened: count(r.opened), closed: count(r.closed) }));
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
