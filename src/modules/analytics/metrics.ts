import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { quantileFromBins } from './quantiles.ts';
import * as repo from './repository.ts';
import { hasPendingChanges, refreshRollups } from './rollup.ts';
import type { FilterQuery, Grouping } from './schemas.ts';

/**
 * The metrics of docs/metrics.md, read from the rollups. Every tile answers in one shape — columns
 * and rows — so the console draws its chart and its table from the same data, and the CSV export
 * is that table.
 */

export type ColumnKind = 'text' | 'count' | 'percent' | 'seconds' | 'number';
export interface TileColumn {
  key: string;
  kind: ColumnKind;
}
export type Cell = string | number | boolean | null;
export interface TileData {
  tile: string;
  /** How the rows are grouped (the first column), or null for a list of figures. */
  by: Grouping | null;
  from: string;
  to: string;
  timeZone: string;
  columns: TileColumn[];
  rows: Record<string, Cell>[];
  /** Message keys of cautions to show beside the chart (e.g. the equity lens). */
  notes: string[];
}

/** a ÷ b, or null when b is 0 (no rate is better than a made-up 0 %). */
export const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const round = (x: number | null): number | null => (x === null ? null : Math.round(x));

export interface ResolvedScope extends repo.Scope {
  fromDay: string;
  toDay: string;
}

/** Turns the query's days (jurisdiction time zone, `to` included) and filters into a rollup scope. */
export async function resolveScope(deps: Deps, q: FilterQuery): Promise<ResolvedScope> {
  const { timeZone } = await getJurisdiction(deps);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).toISODate() ?? '';
  const toDay = q.to ?? today;
  const fromDay = q.from ?? DateTime.fromISO(toDay, { zone: timeZone }).minus({ days: 29 }).toISODate() ?? toDay;
  if (fromDay > toDay) throw new ValidationError([{ field: 'from', code: 'after_to', message: 'from must be on or before to' }]);
  const from = DateTime.fromISO(fromDay, { zone: timeZone }).startOf('day');
  const to = DateTime.fromISO(toDay, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  if (to.diff(from, 'days').days > 3700) throw new ValidationError([{ field: 'from', code: 'too_long', message: 'A period may be at most ten years' }]);
  const scope: ResolvedScope = { from: from.toJSDate(), to: to.toJSDate(), timeZone, fromDay, toDay, department: q.department, district: q.district, channel: q.channel };
  if (q.service) {
    const row = await deps.db.selectFrom('services').select('id').where('service_code', '=', q.service).executeTakeFirst();
    if (!row) throw new AppError('unknown_service', 400, `There is no service with code ${JSON.stringify(q.service)}`, { field: 'service' });
    scope.serviceId = row.id;
  }
  return scope;
}

/** Brings the rollups up to date unless another refresh is running (then reads what is there). */
export async function freshen(deps: Deps): Promise<void> {
  if (await hasPendingChanges(deps.db)) await refreshRollups(deps, { wait: false });
}

const shell = (tile: string, s: ResolvedScope, by: Grouping | null, columns: TileColumn[], rows: Record<string, Cell>[], notes: string[] = []): TileData => ({
  tile,
  by,
  from: s.fromDay,
  to: s.toDay,
  timeZone: s.timeZone,
  columns,
  rows,
  notes,
});

/** The request figures of one group: rates, medians and 90th percentiles. */
export function requestFigures(sums: repo.RequestSums | undefined, bins: { first_response: Map<number, number>; resolution: Map<number, number> } | undefined): Record<string, Cell> {
  const z = sums ?? { opened: 0, closed: 0, duplicates: 0, first_responses: 0, first_response_seconds: 0, resolutions: 0, resolution_seconds: 0, sla_met: 0, sla_breached: 0, reopens: 0, surveys: 0, survey_rating_sum: 0, surveys_satisfied: 0 };
  const fr = bins?.first_response ?? new Map<number, number>();
  const res = bins?.resolution ?? new Map<number, number>();
  return {
    opened: z.opened,
    closed: z.closed,
    duplicate_rate: ratio(z.duplicates, z.opened),
    sla_compliance: ratio(z.sla_met, z.sla_met + z.sla_breached),
    first_response_median: round(quantileFromBins(fr, 0.5)),
    first_response_p90: round(quantileFromBins(fr, 0.9)),
    resolution_median: round(quantileFromBins(res, 0.5)),
    resolution_p90: round(quantileFromBins(res, 0.9)),
    reopen_rate: ratio(z.reopens, z.closed + z.reopens),
    satisfaction: z.surveys > 0 ? Math.round((z.survey_rating_sum / z.surveys) * 100) / 100 : null,
    satisfied_rate: ratio(z.surveys_satisfied, z.surveys),
  };
}

const REQUEST_COLUMNS: TileColumn[] = [
  { key: 'opened', kind: 'count' },
  { key: 'closed', kind: 'count' },
  { key: 'duplicate_rate', kind: 'percent' },
  { key: 'sla_compliance', kind: 'percent' },
  { key: 'first_response_median', kind: 'seconds' },
  { key: 'first_response_p90', kind: 'seconds' },
  { key: 'resolution_median', kind: 'seconds' },
  { key: 'resolution_p90', kind: 'seconds' },
  { key: 'reopen_rate', kind: 'percent' },
  { key: 'satisfaction', kind: 'number' },
  { key: 'satisfied_rate', kind: 'percent' },
];

/** Request figures grouped by time or by a dimension (default: by day). */
export async function requestsTile(deps: Deps, s: ResolvedScope, by: Grouping = 'day', tile = 'requests', options: { backlog?: boolean } = {}): Promise<TileData> {
  // The backlog reads all history before the period's end (mostly months): skipped by callers that do not show it.
  const wantBacklog = options.backlog !== false && (by === 'service' || by === 'department' || by === 'district' || by === 'channel');
  // Independent reads, side by side (on PostgreSQL each takes its own pooled connection).
  const [sums, bins, backlogBy] = await Promise.all([
    repo.requestSums(deps.db, s, by),
    repo.durationBins(deps.db, s, by),
    wantBacklog ? repo.backlog(deps.db, s, by as 'service' | 'department' | 'district' | 'channel') : null,
  ]);
  const keys = [...new Set([...sums.map((r) => r.key), ...bins.keys()])].sort();
  const byKey = new Map(sums.map((r) => [r.key, r]));
  const rows = keys.map((key) => ({ key, ...requestFigures(byKey.get(key), bins.get(key)), ...(backlogBy ? { backlog: backlogBy.get(key) ?? 0 } : {}) }));
  const columns = [{ key: 'key', kind: 'text' as const }, ...REQUEST_COLUMNS, ...(backlogBy ? [{ key: 'backlog', kind: 'count' as const }] : [])];
  return shell(tile, s, by, columns, rows);
}

/** The headline figures over the whole scope: one row per metric. */
export async function summaryTile(deps: Deps, s: ResolvedScope): Promise<TileData> {
  const [[sums], allBins, backlogAll, civilSums, [contacts]] = await Promise.all([
    repo.requestSums(deps.db, s, null),
    repo.durationBins(deps.db, s, null),
    repo.backlog(deps.db, s, null),
    civilRightsSums(deps, s),
    repo.contactSums(deps.db, s, null),
  ]);
  const figures = requestFigures(sums, allBins.get('all'));
  const backlog = backlogAll.get('all') ?? 0;
  const civil = requestFigures(...civilSums);
  const kinds = Object.fromEntries(REQUEST_COLUMNS.map((c) => [c.key, c.kind]));
  const rows: Record<string, Cell>[] = [
    ...Object.entries(figures).map(([metric, value]) => ({ metric, value, kind: kinds[metric] ?? 'number' })),
    { metric: 'backlog', value: backlog, kind: 'count' },
    { metric: 'civil_rights_opened', value: civil.opened ?? 0, kind: 'count' },
    { metric: 'civil_rights_first_response_median', value: civil.first_response_median ?? null, kind: 'seconds' },
    { metric: 'civil_rights_first_response_p90', value: civil.first_response_p90 ?? null, kind: 'seconds' },
    { metric: 'civil_rights_sla_compliance', value: civil.sla_compliance ?? null, kind: 'percent' },
    ...contactFigureRows(contacts),
  ];
  return shell('summary', s, null, [{ key: 'metric', kind: 'text' }, { key: 'value', kind: 'number' }, { key: 'kind', kind: 'text' }], rows);
}

async function civilRightsSums(deps: Deps, s: ResolvedScope): Promise<[repo.RequestSums | undefined, { first_response: Map<number, number>; resolution: Map<number, number> } | undefined]> {
  const cs = { ...s, civilRights: true };
  const [[sums], bins] = await Promise.all([repo.requestSums(deps.db, cs, null), repo.durationBins(deps.db, cs, null)]);
  return [sums, bins.get('all')];
}

function contactFigures(c: repo.ContactSums | undefined): Record<string, Cell> {
  const z = c ?? { contacts: 0, answered: 0, abandoned: 0, answered_within_25s: 0, phone_offered: 0, phone_within_25s: 0, waits: 0, wait_seconds: 0, handles: 0, handle_seconds: 0, with_outcome: 0, resolved_first_contact: 0, interpreter_used: 0 };
  return {
    contacts: z.contacts,
    answered: z.answered,
    abandoned: z.abandoned,
    answered_within_25s_rate: ratio(z.phone_within_25s, z.phone_offered),
    first_contact_resolution: ratio(z.resolved_first_contact, z.with_outcome),
    average_wait: z.waits > 0 ? Math.round(z.wait_seconds / z.waits) : null,
    average_handle: z.handles > 0 ? Math.round(z.handle_seconds / z.handles) : null,
    interpreter_used: z.interpreter_used,
  };
}

const CONTACT_KINDS: Record<string, ColumnKind> = {
  contacts: 'count',
  answered: 'count',
  abandoned: 'count',
  answered_within_25s_rate: 'percent',
  first_contact_resolution: 'percent',
  average_wait: 'seconds',
  average_handle: 'seconds',
  interpreter_used: 'count',
};

function contactFigureRows(c: repo.ContactSums | undefined): Record<string, Cell>[] {
  return Object.entries(contactFigures(c)).map(([metric, value]) => ({ metric, value, kind: CONTACT_KINDS[metric] ?? 'number' }));
}

/** Contacts carry no service or department: say so when those filters are set rather than look filtered. */
const contactNotes = (s: ResolvedScope): string[] => (s.serviceId !== undefined || s.department ? ['insight.note.contacts_not_by_service'] : []);

/** Contact figures grouped by channel (default), time, language or district. */
export async function contactsTile(deps: Deps, s: ResolvedScope, by: Grouping = 'channel'): Promise<TileData> {
  const rows = (await repo.contactSums(deps.db, s, by)).map((c) => ({ key: c.key ?? '', ...contactFigures(c) }));
  return shell('contacts', s, by, [{ key: 'key', kind: 'text' }, ...Object.entries(CONTACT_KINDS).map(([key, kind]) => ({ key, kind }))], rows, contactNotes(s));
}

/** Contacts per language over time (by day unless told): one column per language, the largest first. */
export async function languagesTile(deps: Deps, s: ResolvedScope, by: Grouping = 'week'): Promise<TileData> {
  const time: Grouping = by === 'day' || by === 'hour' || by === 'week' ? by : 'week';
  const rows = await repo.contactSums(deps.db, s, time, 'language');
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key2 || 'unknown', (totals.get(r.key2 || 'unknown') ?? 0) + r.contacts);
  const languages = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  const table = new Map<string, Record<string, Cell>>();
  for (const r of rows) {
    const row = table.get(r.key) ?? { key: r.key, ...Object.fromEntries(languages.map((l) => [`lang_${l}`, 0])) };
    const col = `lang_${r.key2 || 'unknown'}`;
    row[col] = Number(row[col] ?? 0) + r.contacts;
    table.set(r.key, row);
  }
  return shell('languages', s, time, [{ key: 'key', kind: 'text' }, ...languages.map((l) => ({ key: `lang_${l}`, kind: 'count' as const }))], [...table.values()], contactNotes(s));
}

/** Civil-rights (ADA / Title VI) requests by service: volume, time to first response, SLA. */
export async function civilRightsTile(deps: Deps, s: ResolvedScope): Promise<TileData> {
  const t = await requestsTile(deps, { ...s, civilRights: true }, 'service', 'civil-rights');
  return t;
}
