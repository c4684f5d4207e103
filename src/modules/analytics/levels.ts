import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

/**
 * Day and month levels above the hourly rollups (migration 0025), so a tile over a year reads about
 * a dozen months and a few edge days instead of every hour. Days and months are local ones, in the
 * jurisdiction's time zone (the zone is recorded; when it changes, the levels are rebuilt). Each
 * row keeps a combination of dimensions — `mask`: 1 service, 2 department, 4 district, 8 channel —
 * so a tile reads rows already summed over the dimensions it does not use.
 *
 * Upkeep from the hourly level: after a refresh rewrites some hours, their local days are
 * recomputed from the hourly rows, and each month they fall in is adjusted by the difference between
 * the days' old and new rows (a backdated change reaches its day and month like any other).
 */

export const SERVICE = 1;
export const DEPARTMENT = 2;
export const DISTRICT = 4;
export const CHANNEL = 8;

/** The combinations kept, cheapest first (a reader takes the first that has what it needs). */
export const SUM_MASKS: readonly number[] = [0, SERVICE, DEPARTMENT, DISTRICT, CHANNEL, DEPARTMENT | DISTRICT, 15];
/** Histograms: no all-dimensions combination (nearly as many rows as the hourly bins per day). */
export const BIN_MASKS: readonly number[] = [0, SERVICE, DEPARTMENT, DISTRICT, CHANNEL, DEPARTMENT | DISTRICT];

const FACTS = ['opened', 'closed', 'duplicates', 'first_responses', 'first_response_seconds', 'resolutions', 'resolution_seconds', 'sla_met', 'sla_breached', 'reopens', 'surveys', 'survey_rating_sum', 'surveys_satisfied'] as const;
const COUNTS = FACTS.filter((c) => !c.endsWith('_seconds'));
const DIM_COLUMNS = 'service_id, district_id, channel, department_id';

/** GROUPING SETS of the kept combinations; GROUPING() gives the mask back (bit set = dimension not kept). */
function groupingSets(masks: readonly number[]): string {
  const cols = (m: number) => [m & SERVICE && 'h.service_id', m & DEPARTMENT && 'h.department_id', m & DISTRICT && 'h.district_id', m & CHANNEL && 'h.channel'].filter(Boolean).join(', ');
  return `GROUPING SETS (${masks.map((m) => `(${cols(m)})`).join(', ')})`;
}
const MASK = `(15 - GROUPING(h.channel, h.district_id, h.department_id, h.service_id))::smallint`;
/** A dimension a row does not keep is stored as "every value": service 0, text '*' (migration 0025). */
const DIMS_OR_EVERY = `coalesce(h.service_id, 0), coalesce(h.district_id, '*'), coalesce(h.channel, '*'), coalesce(h.department_id, '*')`;

/** A zone name as it may be written into SQL (IANA names: letters, digits, _ + - /). */
function zoneLiteral(tz: string): string {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(tz)) throw new Error(`unexpected time zone name ${JSON.stringify(tz)}`);
  return `'${tz}'`;
}

/** Hourly rows with their local day: all of them, or those of the days in the `days` CTE. */
function hourlySource(table: string, tz: string, days: boolean): string {
  const z = zoneLiteral(tz);
  return days
    ? `(SELECT dd.day, x.* FROM dd JOIN ${table} x ON x.hour >= (dd.day::timestamp AT TIME ZONE ${z}) AND x.hour < ((dd.day + 1)::timestamp AT TIME ZONE ${z})) h`
    : `(SELECT (x.hour AT TIME ZONE ${z})::date AS day, x.* FROM ${table} x) h`;
}

/**
 * A rebuild writes rows in (mask, period) order, so the rows one tile reads (one mask, a range of
 * periods) sit together on disk rather than spread over every page of the table.
 */
const CLUSTERED = ' ORDER BY 2, 3';

const DAYS_CTE = `WITH dd AS (SELECT DISTINCT (jsonb_array_elements_text($1::jsonb))::date AS day)`;

function daySumsSql(tz: string): string {
  return `INSERT INTO analytics_request_levels (level, mask, period, ${DIM_COLUMNS}, ${FACTS.join(', ')})
    SELECT 'day', ${MASK}, h.day, ${DIMS_OR_EVERY}, ${FACTS.map((c) => `sum(h.${c})`).join(', ')}
    FROM ${hourlySource('analytics_request_hourly', tz, false)}
    GROUP BY h.day, ${groupingSets(SUM_MASKS)}${CLUSTERED}`;
}

function dayBinsSql(tz: string): string {
  return `INSERT INTO analytics_duration_levels (level, mask, period, measure, ${DIM_COLUMNS}, bin, n)
    SELECT 'day', ${MASK}, h.day, h.measure, ${DIMS_OR_EVERY}, h.bin, sum(h.n)
    FROM ${hourlySource('analytics_duration_bins', tz, false)}
    GROUP BY h.day, h.measure, h.bin, ${groupingSets(BIN_MASKS)}${CLUSTERED}`;
}

/** Rows of the listed days, found through the primary key (level, mask, period, …): every mask named. */
const ofDays = (masks: readonly number[]) => `AND mask IN (${masks.join(', ')}) AND period = ANY($2::date[])`;

/** Every month's rows from the day rows (rebuild). */
function monthSumsSql(): string {
  return `INSERT INTO analytics_request_levels (level, mask, period, ${DIM_COLUMNS}, ${FACTS.join(', ')})
    SELECT 'month', mask, date_trunc('month', period)::date, ${DIM_COLUMNS}, ${FACTS.map((c) => `sum(${c})`).join(', ')}
    FROM analytics_request_levels WHERE level = 'day'
    GROUP BY mask, date_trunc('month', period), ${DIM_COLUMNS}${CLUSTERED}`;
}

function monthBinsSql(): string {
  return `INSERT INTO analytics_duration_levels (level, mask, period, measure, ${DIM_COLUMNS}, bin, n)
    SELECT 'month', mask, date_trunc('month', period)::date, measure, ${DIM_COLUMNS}, bin, sum(n)
    FROM analytics_duration_levels WHERE level = 'day'
    GROUP BY mask, date_trunc('month', period), measure, ${DIM_COLUMNS}, bin${CLUSTERED}`;
}

/**
 * One statement per table for the days listed: their rows recomputed from the hourly rows, compared
 * with the stored ones, and only the differences written — added to the day rows and to their
 * months — so a refresh writes as many level rows as changed, not a whole day's and month's.
 */
function dayDiffSql(kind: 'sums' | 'bins', tz: string): string {
  const sums = kind === 'sums';
  const table = sums ? 'analytics_request_levels' : 'analytics_duration_levels';
  const masks = sums ? SUM_MASKS : BIN_MASKS;
  const keys = sums ? ['mask', 'period', 'service_id', 'district_id', 'channel', 'department_id'] : ['mask', 'period', 'measure', 'service_id', 'district_id', 'channel', 'department_id', 'bin'];
  const values: readonly string[] = sums ? FACTS : ['n'];
  const dims = `coalesce(h.service_id, 0) AS service_id, coalesce(h.district_id, '*') AS district_id, coalesce(h.channel, '*') AS channel, coalesce(h.department_id, '*') AS department_id`;
  const fresh = sums
    ? `SELECT ${MASK} AS mask, h.day AS period, ${dims}, ${FACTS.map((c) => `sum(h.${c}) AS ${c}`).join(', ')}
       FROM ${hourlySource('analytics_request_hourly', tz, true)} GROUP BY h.day, ${groupingSets(SUM_MASKS)}`
    : `SELECT ${MASK} AS mask, h.day AS period, h.measure, ${dims}, h.bin, sum(h.n) AS n
       FROM ${hourlySource('analytics_duration_bins', tz, true)} GROUP BY h.day, h.measure, h.bin, ${groupingSets(BIN_MASKS)}`;
  const delta = values.map((v) => `coalesce(nw.${v}, 0) - coalesce(od.${v}, 0) AS ${v}`).join(', ');
  const changed = values.map((v) => `coalesce(nw.${v}, 0) <> coalesce(od.${v}, 0)`).join(' OR ');
  const conflict = `ON CONFLICT (level, ${keys.join(', ')}) DO UPDATE SET ${values.map((v) => `${v} = ${table}.${v} + EXCLUDED.${v}`).join(', ')}`;
  const monthKeys = keys.map((k) => (k === 'period' ? `date_trunc('month', period)::date` : k));
  return `${DAYS_CTE},
    nw AS (${fresh}),
    od AS (SELECT ${keys.join(', ')}, ${values.join(', ')} FROM ${table} WHERE level = 'day' AND mask IN (${masks.join(', ')}) AND period = ANY($2::date[])),
    diff AS (SELECT ${keys.join(', ')}, ${delta} FROM nw FULL JOIN od USING (${keys.join(', ')}) WHERE ${changed}),
    days_written AS (INSERT INTO ${table} (level, ${keys.join(', ')}, ${values.join(', ')}) SELECT 'day', ${keys.join(', ')}, ${values.join(', ')} FROM diff ${conflict} RETURNING 1)
    INSERT INTO ${table} (level, ${keys.join(', ')}, ${values.join(', ')})
    SELECT 'month', ${monthKeys.join(', ')}, ${values.map((v) => `sum(${v})`).join(', ')} FROM diff GROUP BY ${monthKeys.join(', ')} ${conflict}`;
}

/** Runs a statement that takes the days as $1 (a JSON list) and $2 (a date array), their months as $3. */
async function withDays(trx: Db, statement: string, days: string[]): Promise<void> {
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))];
  const text = statement.replace('$1', `'${JSON.stringify(days)}'`).replaceAll('$2', `'{${days.join(',')}}'`).replaceAll('$3', `'{${months.join(',')}}'`);
  await sql.raw(text).execute(trx);
}

/** The jurisdiction's time zone (the default jurisdiction, as the dashboards use). */
async function jurisdictionZone(trx: Db): Promise<string | null> {
  const r = await sql<{ tz: string }>`SELECT time_zone AS tz FROM jurisdictions ORDER BY is_default DESC, id LIMIT 1`.execute(trx);
  return r.rows[0]?.tz ?? null;
}

/** The zone the levels are kept in; null while they are not filled (read the hourly level alone). */
export async function levelsZone(db: Db): Promise<string | null> {
  const r = await sql<{ tz: string }>`SELECT time_zone AS tz FROM analytics_levels_zone`.execute(db);
  return r.rows[0]?.tz ?? null;
}

/** Computes every day and month again from the hourly rollups. */
export async function rebuildLevels(trx: Db): Promise<{ dayRows: number; monthRows: number } | null> {
  await sql`DELETE FROM analytics_levels_zone`.execute(trx);
  await sql`DELETE FROM analytics_request_levels`.execute(trx);
  await sql`DELETE FROM analytics_duration_levels`.execute(trx);
  const tz = await jurisdictionZone(trx);
  if (!tz) return null;
  const rows = async (q: string) => Number((await sql.raw(q).execute(trx)).numAffectedRows ?? 0);
  const dayRows = (await rows(daySumsSql(tz))) + (await rows(dayBinsSql(tz)));
  const monthRows = (await rows(monthSumsSql())) + (await rows(monthBinsSql()));
  await sql`INSERT INTO analytics_levels_zone (time_zone) VALUES (${tz})`.execute(trx);
  return { dayRows, monthRows };
}

/** Days recomputed per statement. */
const DAY_CHUNK = 31;

/**
 * Brings the days and months in line with hours the refresh has just rewritten (UTC hours,
 * ISO strings). Runs in the refresh's transaction, under its lock.
 */
export async function refreshLevels(trx: Db, changedHours: string[]): Promise<void> {
  if (!changedHours.length) return;
  const tz = await jurisdictionZone(trx);
  if (!tz) return;
  if ((await levelsZone(trx)) !== tz) {
    await rebuildLevels(trx);
    return;
  }
  const days = (
    await sql<{ day: string }>`SELECT DISTINCT to_char((h::timestamptz AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day
      FROM jsonb_array_elements_text(${JSON.stringify(changedHours)}::jsonb) h ORDER BY 1`.execute(trx)
  ).rows.map((r) => r.day);
  for (let i = 0; i < days.length; i += DAY_CHUNK) {
    const chunk = days.slice(i, i + DAY_CHUNK);
    await withDays(trx, dayDiffSql('sums', tz), chunk);
    await withDays(trx, dayDiffSql('bins', tz), chunk);
    // Cells whose every count went back to nothing.
    const inMonths = (masks: readonly number[]) => `level = 'month' AND mask IN (${masks.join(', ')}) AND period = ANY($3::date[])`;
    await withDays(trx, `DELETE FROM analytics_request_levels WHERE level = 'day' ${ofDays(SUM_MASKS)} AND ${COUNTS.map((c) => `${c} = 0`).join(' AND ')}`, chunk);
    await withDays(trx, `DELETE FROM analytics_duration_levels WHERE level = 'day' ${ofDays(BIN_MASKS)} AND n = 0`, chunk);
    await withDays(trx, `DELETE FROM analytics_request_levels WHERE ${inMonths(SUM_MASKS)} AND ${COUNTS.map((c) => `${c} = 0`).join(' AND ')}`, chunk);
    await withDays(trx, `DELETE FROM analytics_duration_levels WHERE ${inMonths(BIN_MASKS)} AND n = 0`, chunk);
  }
}

/** A period split by level: edge hours (UTC instants), whole local days and whole local months (ISO dates), each [start, end). */
export interface PeriodPlan {
  hours: [Date, Date][];
  days: [string, string][];
  months: [string, string][];
}

/**
 * Splits [from, to) into the coarsest pieces allowed: `coarsest` 'hour' keeps it hourly; 'day' reads
 * whole local days from the day level; 'month' also whole local months from the month level.
 */
export function splitPeriod(from: Date, to: Date, tz: string, coarsest: 'hour' | 'day' | 'month'): PeriodPlan {
  const plan: PeriodPlan = { hours: [], days: [], months: [] };
  if (from >= to) return plan;
  const start = DateTime.fromJSDate(from, { zone: tz });
  let d1 = start.startOf('day');
  if (d1 < start) d1 = d1.plus({ days: 1 }).startOf('day');
  const d2 = DateTime.fromJSDate(to, { zone: tz }).startOf('day');
  if (coarsest === 'hour' || d1 >= d2) {
    plan.hours.push([from, to]);
    return plan;
  }
  if (d1.toJSDate() > from) plan.hours.push([from, d1.toJSDate()]);
  if (d2.toJSDate() < to) plan.hours.push([d2.toJSDate(), to]);
  const day = (d: DateTime) => d.toISODate() ?? '';
  let m1 = d1.startOf('month');
  if (m1 < d1) m1 = m1.plus({ months: 1 }).startOf('month');
  const m2 = d2.startOf('month');
  if (coarsest === 'day' || m1 >= m2) {
    plan.days.push([day(d1), day(d2)]);
    return plan;
  }
  if (d1 < m1) plan.days.push([day(d1), day(m1)]);
  plan.months.push([day(m1), day(m2)]);
  if (m2 < d2) plan.days.push([day(m2), day(d2)]);
  return plan;
}

/** The first kept combination with every dimension `needed` has; null when none does. */
export function pickMask(needed: number, masks: readonly number[]): number | null {
  return masks.find((m) => (m & needed) === needed) ?? null;
}
