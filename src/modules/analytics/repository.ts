import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import { BIN_MASKS, CHANNEL, DEPARTMENT, DISTRICT, levelsZone, pickMask, SERVICE, splitPeriod, SUM_MASKS } from './levels.ts';
import type { Grouping } from './schemas.ts';

/** SQL over the rollups (never over the raw requests: dashboards stay fast however many there are). */

/** What a figure is computed over: UTC instants [from, to) on hour boundaries, and dimension filters. */
export interface Scope {
  from: Date;
  to: Date;
  timeZone: string;
  serviceId?: number;
  department?: string;
  district?: string;
  channel?: string;
  civilRights?: boolean;
}

const iso = (d: Date): string => d.toISOString();

const TIME_GROUPINGS: readonly (Grouping | null)[] = ['day', 'hour', 'week', 'hour_of_day', 'weekday'];

/**
 * Grouping in two steps, so the costly part runs once per group rather than once per rollup row:
 * the inner query groups by a plain column (the hour, or a dimension's id) — `rawKey` — and the
 * outer one turns that into the key shown (a local day, a service code…) — `outerKey` of `x.k`.
 */
function rawKey(by: Grouping | null, table: 'r' | 'c'): RawBuilder<unknown> {
  if (TIME_GROUPINGS.includes(by)) return sql`${sql.ref(`${table}.hour`)}`;
  switch (by) {
    case 'service':
      return table === 'r' ? sql`r.service_id` : sql`'all'`;
    case 'department':
      return table === 'r' ? sql`r.department_id` : sql`'all'`;
    case 'district':
      return sql`${sql.ref(`${table}.district_id`)}`;
    case 'channel':
      return sql`${sql.ref(`${table}.channel`)}`;
    case 'language':
      return table === 'c' ? sql`c.language` : sql`'all'`;
    default:
      return sql`'all'`;
  }
}

/** The group key shown: a local day, hour, week…, or a dimension's id (service: its code). */
function outerKey(by: Grouping | null, tz: string, table: 'r' | 'c', keyIsLocal = false): RawBuilder<string> {
  const local = keyIsLocal ? sql`x.k` : sql`(x.k AT TIME ZONE ${tz})`;
  switch (by) {
    case 'day':
      return sql<string>`to_char(${local}, 'YYYY-MM-DD')`;
    case 'hour':
      return sql<string>`to_char(${local}, 'YYYY-MM-DD"T"HH24:00')`;
    case 'week':
      return sql<string>`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
    case 'hour_of_day':
      return sql<string>`to_char(${local}, 'HH24')`;
    case 'weekday':
      return sql<string>`extract(isodow FROM ${local})::int::text`;
    case 'service':
      return table === 'r' ? sql<string>`(SELECT sv.service_code FROM services sv WHERE sv.id = x.k)` : sql<string>`x.k`;
    default:
      return sql<string>`x.k`;
  }
}

const REQUEST_SUMS = ['opened', 'closed', 'duplicates', 'first_responses', 'first_response_seconds', 'resolutions', 'resolution_seconds', 'sla_met', 'sla_breached', 'reopens', 'surveys', 'survey_rating_sum', 'surveys_satisfied'];
const inner = (cols: string[]) => sql.raw(cols.map((c) => `sum(${c}) AS ${c}`).join(', '));
const outer = (cols: string[]) => sql.raw(cols.map((c) => `sum(x.${c})::float8 AS ${c}`).join(', '));

/** The dimension filters of a scope (the same columns at every level). */
function dimensionWhere(s: Scope): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (s.serviceId !== undefined) parts.push(sql`r.service_id = ${s.serviceId}`);
  if (s.department) parts.push(sql`r.department_id = ${s.department}`);
  if (s.district) parts.push(sql`r.district_id = ${s.district}`);
  if (s.channel) parts.push(sql`r.channel = ${s.channel}`);
  if (s.civilRights) parts.push(sql`r.service_id IN (SELECT id FROM services WHERE group_code = 'civil-rights')`);
  return parts;
}

/** The dimensions a scope filters or groups by, as a level mask. */
function neededMask(s: Scope, by: Grouping | null): number {
  let m = 0;
  if (s.serviceId !== undefined || s.civilRights || by === 'service') m |= SERVICE;
  if (s.department || by === 'department') m |= DEPARTMENT;
  if (s.district || by === 'district') m |= DISTRICT;
  if (s.channel || by === 'channel') m |= CHANNEL;
  return m;
}

const TABLES = {
  sums: { hourly: 'analytics_request_hourly', levels: 'analytics_request_levels', masks: SUM_MASKS },
  bins: { hourly: 'analytics_duration_bins', levels: 'analytics_duration_levels', masks: BIN_MASKS },
} as const;

/**
 * The rows a figure is summed from, as one UNION ALL of SELECTs each grouped by the raw key (and
 * `extra` columns): edge hours from the hourly rollup, whole local days and months from the levels
 * (migration 0025) when they are kept in the scope's time zone and have the dimensions needed.
 * Groupings by hour or hour of day read hours only; by day, week or weekday read days, not months.
 */
async function sources(db: Db, s: Scope, by: Grouping | null, kind: keyof typeof TABLES, select: RawBuilder<unknown>, extra: string[] = []): Promise<RawBuilder<unknown>> {
  const t = TABLES[kind];
  const mask = pickMask(neededMask(s, by), t.masks);
  let coarsest: 'hour' | 'day' | 'month' = by === 'hour' || by === 'hour_of_day' ? 'hour' : TIME_GROUPINGS.includes(by) ? 'day' : 'month';
  if (mask === null || coarsest === 'hour' || (await levelsZone(db)) !== s.timeZone) coarsest = 'hour';
  const plan = splitPeriod(s.from, s.to, s.timeZone, coarsest);
  const dims = dimensionWhere(s);
  const extraCols = extra.length ? sql.raw(`, ${extra.map((c) => `r.${c}`).join(', ')}`) : sql``;
  const extraGroup = sql.raw(extra.map((c) => `, r.${c}`).join(''));
  const where = (parts: RawBuilder<unknown>[]) => sql.join([...parts, ...dims], sql` AND `);
  // Time keys come out as local timestamps: an hour is converted once per group, a level's period
  // (already a local day) only cast, so no row pays for a time-zone conversion.
  const time = TIME_GROUPINGS.includes(by);
  const hourKey = time ? sql`(r.hour AT TIME ZONE ${s.timeZone})` : rawKey(by, 'r');
  const hourGroup = time ? sql`r.hour` : sql`1`;
  const levelKey = time ? sql`r.period::timestamp` : rawKey(by, 'r');
  const levelGroup = time ? sql`r.period` : sql`1`;
  const parts: RawBuilder<unknown>[] = [];
  // An empty period still needs one (empty) SELECT.
  const hourRanges: [Date, Date][] = plan.hours.length || plan.days.length || plan.months.length ? plan.hours : [[s.from, s.to]];
  for (const [a, b] of hourRanges) {
    parts.push(sql`SELECT ${hourKey} AS k${extraCols}, ${select} FROM ${sql.table(t.hourly)} r
      WHERE ${where([sql`r.hour >= ${iso(a)}::timestamptz`, sql`r.hour < ${iso(b)}::timestamptz`])} GROUP BY ${hourGroup}${extraGroup}`);
  }
  for (const [level, ranges] of [['day', plan.days], ['month', plan.months]] as const) {
    for (const [a, b] of ranges) {
      parts.push(sql`SELECT ${levelKey} AS k${extraCols}, ${select} FROM ${sql.table(t.levels)} r
        WHERE ${where([sql`r.level = ${level}`, sql`r.mask = ${mask ?? 15}`, sql`r.period >= ${a}::date`, sql`r.period < ${b}::date`])} GROUP BY ${levelGroup}${extraGroup}`);
    }
  }
  return sql.join(parts, sql` UNION ALL `);
}

export interface RequestSums {
  key: string;
  opened: number;
  closed: number;
  duplicates: number;
  first_responses: number;
  first_response_seconds: number;
  resolutions: number;
  resolution_seconds: number;
  sla_met: number;
  sla_breached: number;
  reopens: number;
  surveys: number;
  survey_rating_sum: number;
  surveys_satisfied: number;
}

/** The request rollup's sums over the scope, one row per group key. */
export async function requestSums(db: Db, s: Scope, by: Grouping | null): Promise<RequestSums[]> {
  const rows = await sql<RequestSums>`
    SELECT ${outerKey(by, s.timeZone, 'r', true)} AS key, ${outer(REQUEST_SUMS)}
    FROM (${await sources(db, s, by, 'sums', inner(REQUEST_SUMS))}) x
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.rows.map((r) => ({ ...r, key: r.key ?? '' }));
}

/** The start of "all history" for the backlog (any instant before the first request). */
const EPOCH = new Date('1970-01-01T00:00:00Z');

/**
 * Requests open at the scope's end (created before it, not closed before it), per group key:
 * Σ opened − Σ closed over everything before the end, read mostly from the month level.
 */
export async function backlog(db: Db, s: Scope, by: 'service' | 'department' | 'district' | 'channel' | null): Promise<Map<string, number>> {
  const rows = await sql<{ key: string; n: number }>`
    SELECT ${outerKey(by, s.timeZone, 'r', true)} AS key, sum(x.n)::float8 AS n
    FROM (${await sources(db, { ...s, from: EPOCH }, by, 'sums', sql`sum(opened) - sum(closed) AS n`)}) x GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.key ?? '', r.n]));
}

/** Duration histograms (bin → count) per group key and measure. */
export async function durationBins(db: Db, s: Scope, by: Grouping | null): Promise<Map<string, { first_response: Map<number, number>; resolution: Map<number, number> }>> {
  // One row per key and measure, its bins as two arrays: far fewer rows to send than one per bin.
  const rows = await sql<{ key: string; measure: 'first_response' | 'resolution'; bins: string; ns: string }>`
    SELECT y.key, y.measure, string_agg(y.bin::text, ',' ORDER BY y.bin) AS bins, string_agg(y.n::text, ',' ORDER BY y.bin) AS ns
    FROM (SELECT ${outerKey(by, s.timeZone, 'r', true)} AS key, x.measure, x.bin, sum(x.n) AS n
      FROM (${await sources(db, s, by, 'bins', sql`sum(r.n) AS n`, ['measure', 'bin'])}) x
      GROUP BY 1, 2, 3) y
    GROUP BY 1, 2`.execute(db);
  const out = new Map<string, { first_response: Map<number, number>; resolution: Map<number, number> }>();
  for (const r of rows.rows) {
    const key = r.key ?? '';
    let entry = out.get(key);
    if (!entry) out.set(key, (entry = { first_response: new Map(), resolution: new Map() }));
    const bins = r.bins.split(',');
    const ns = r.ns.split(',');
    const m = entry[r.measure];
    for (let i = 0; i < bins.length; i++) m.set(Number(bins[i]), (m.get(Number(bins[i])) ?? 0) + Number(ns[i]));
  }
  return out;
}

export interface ContactSums {
  key: string;
  contacts: number;
  answered: number;
  abandoned: number;
  answered_within_25s: number;
  /** Inbound phone calls only: the base of the 25-second service level. */
  phone_offered: number;
  phone_within_25s: number;
  waits: number;
  wait_seconds: number;
  handles: number;
  handle_seconds: number;
  with_outcome: number;
  resolved_first_contact: number;
  interpreter_used: number;
}

/** The contact rollup's sums over the scope (service and department do not apply to contacts). */
export async function contactSums(db: Db, s: Scope, by: Grouping | null, second: 'language' | null = null): Promise<(ContactSums & { key2: string })[]> {
  const k2 = second ? sql`c.language` : sql`''`;
  const parts: RawBuilder<unknown>[] = [sql`c.hour >= ${iso(s.from)}::timestamptz`, sql`c.hour < ${iso(s.to)}::timestamptz`];
  if (s.district) parts.push(sql`c.district_id = ${s.district}`);
  if (s.channel) parts.push(sql`c.channel = ${s.channel}`);
  const phone = sql`c.channel = 'phone' AND c.direction = 'inbound'`;
  const cols = ['contacts', 'answered', 'abandoned', 'answered_within_25s', 'phone_offered', 'phone_within_25s', 'waits', 'wait_seconds', 'handles', 'handle_seconds', 'with_outcome', 'resolved_first_contact', 'interpreter_used'];
  const rows = await sql<ContactSums & { key2: string }>`
    SELECT ${outerKey(by, s.timeZone, 'c')} AS key, x.key2, ${outer(cols)}
    FROM (SELECT ${rawKey(by, 'c')} AS k, ${k2} AS key2, sum(contacts) AS contacts, sum(answered) AS answered, sum(abandoned) AS abandoned,
      sum(answered_within_25s) AS answered_within_25s,
      coalesce(sum(answered + abandoned) FILTER (WHERE ${phone}), 0) AS phone_offered,
      coalesce(sum(answered_within_25s) FILTER (WHERE ${phone}), 0) AS phone_within_25s,
      sum(waits) AS waits, sum(wait_seconds) AS wait_seconds, sum(handles) AS handles, sum(handle_seconds) AS handle_seconds,
      sum(with_outcome) AS with_outcome, sum(resolved_first_contact) AS resolved_first_contact, sum(interpreter_used) AS interpreter_used
      FROM analytics_contact_hourly c WHERE ${sql.join(parts, sql` AND `)} GROUP BY 1, 2) x
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows.rows;
}

/** Daily (or hourly) totals of requests opened, inbound contacts or inbound calls, for forecasting: [local time, count]. */
export async function volumeSeries(db: Db, series: 'requests' | 'contacts' | 'calls', step: 'day' | 'hour', from: Date, to: Date, timeZone: string): Promise<{ key: string; n: number }[]> {
  if (series === 'requests' && step === 'day') {
    // Whole days: read from the day level where it is kept.
    return (await requestSums(db, { from, to, timeZone }, 'day')).map((r) => ({ key: r.key, n: r.opened }));
  }
  const fmt = step === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM-DD"T"HH24:00';
  const rows =
    series === 'requests'
      ? await sql<{ key: string; n: number }>`SELECT to_char(hour AT TIME ZONE ${timeZone}, ${fmt}) AS key, sum(opened)::float8 AS n FROM analytics_request_hourly
          WHERE hour >= ${iso(from)}::timestamptz AND hour < ${iso(to)}::timestamptz GROUP BY 1 ORDER BY 1`.execute(db)
      : await sql<{ key: string; n: number }>`SELECT to_char(hour AT TIME ZONE ${timeZone}, ${fmt}) AS key, sum(contacts)::float8 AS n FROM analytics_contact_hourly
          WHERE hour >= ${iso(from)}::timestamptz AND hour < ${iso(to)}::timestamptz AND direction = 'inbound'
            AND (${series} = 'contacts' OR channel = 'phone') GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.rows;
}

/** Average handle time (seconds) of answered inbound calls over a period; null without any. */
export async function averageHandleSeconds(db: Db, from: Date, to: Date): Promise<number | null> {
  const r = await sql<{ s: number | null; n: number }>`SELECT sum(handle_seconds)::float8 AS s, sum(handles)::float8 AS n FROM analytics_contact_hourly
    WHERE channel = 'phone' AND direction = 'inbound' AND hour >= ${iso(from)}::timestamptz AND hour < ${iso(to)}::timestamptz`.execute(db);
  const row = r.rows[0];
  return row && row.n > 0 && row.s !== null ? row.s / row.n : null;
}

/**
 * The districts with their populations: the figure loaded for the equity lens, else the catalog's own
 * (source 'catalog'; the demo city's are the 2020 Census total split evenly, see its districts.ts),
 * else null.
 */
export async function districtPopulations(db: Db): Promise<{ id: string; name: Record<string, string>; kind: string; population: number | null; source: string | null; as_of: string | null }[]> {
  const r = await sql<{ id: string; name: Record<string, string>; kind: string; population: number | null; source: string | null; as_of: string | null }>`
    SELECT d.id, d.name, d.kind, coalesce(p.population, d.population) AS population,
      coalesce(p.source, CASE WHEN d.population IS NOT NULL THEN 'catalog' END) AS source, to_char(p.as_of, 'YYYY-MM-DD') AS as_of
    FROM districts d LEFT JOIN district_population p ON p.district_id = d.id ORDER BY d.kind, d.id`.execute(db);
  return r.rows;
}

/** Replaces the population figures of the given districts. */
export async function upsertPopulations(db: Db, rows: { districtId: string; population: number; source: string; asOf: string | null }[], now: Date): Promise<void> {
  for (const p of rows) {
    await sql`INSERT INTO district_population (district_id, population, source, as_of, updated_at)
      VALUES (${p.districtId}, ${p.population}, ${p.source}, ${p.asOf}::date, ${iso(now)}::timestamptz)
      ON CONFLICT (district_id) DO UPDATE SET population = EXCLUDED.population, source = EXCLUDED.source, as_of = EXCLUDED.as_of, updated_at = EXCLUDED.updated_at`.execute(db);
  }
}

/** Which of these ids are districts. */
export async function existingDistricts(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = await db.selectFrom('districts').select('id').where('id', 'in', ids).execute();
  return new Set(r.map((x) => x.id));
}
