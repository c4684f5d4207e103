import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { rebuildLevels, refreshLevels } from './levels.ts';

/**
 * The rollups: hourly figures of service requests and contacts (migration 0022). Triggers log the
 * hours a change touches in `analytics_dirty`; `refreshRollups` recomputes exactly those hours from
 * the raw rows, so a backdated import or a status change years later is counted where it belongs.
 * Recomputing an hour (rather than adding deltas) keeps the figures right whatever changed.
 */

/** Any fixed number: one refresh at a time (two would recompute the same hour side by side). */
const REFRESH_LOCK = 3_110_922;
/** Hours recomputed per statement: bounded so one statement's join stays small. */
const CHUNK = 168;
/** Duration histogram: bins grow by 10 %, so a quantile read from them is within 5 % (see docs/metrics.md). */
export const BIN_RATIO = 1.1;

/** `JOIN hrs …` restricting rows to the hours being recomputed; nothing when rebuilding everything. */
const within = (col: string, all: boolean): string => (all ? '' : `JOIN hrs ON ${col} >= hrs.h AND ${col} < hrs.h + interval '1 hour'`);
const hour = (col: string): string => `date_trunc('hour', ${col}, 'UTC')`;
const secs = (to: string, from: string): string => `greatest(extract(epoch FROM ${to} - ${from})::float8, 0)`;
const DIMS = `r.service_id, coalesce(r.district_id, '') AS district_id, r.channel, r.department_id`;

const FACT_COLUMNS = ['opened', 'closed', 'duplicates', 'first_responses', 'first_response_seconds', 'resolutions', 'resolution_seconds', 'sla_met', 'sla_breached', 'reopens', 'surveys', 'survey_rating_sum', 'surveys_satisfied'] as const;
type Fact = (typeof FACT_COLUMNS)[number];

/** The select list of one kind of fact: the named columns get an expression, the rest 0. */
function facts(values: Partial<Record<Fact, string>>): string {
  return FACT_COLUMNS.map((c) => `(${values[c] ?? '0'})::${c.endsWith('_seconds') ? 'float8' : 'int'} AS ${c}`).join(', ');
}

/** Every counted fact about requests, one row each, with its hour and dimensions. */
function requestFactsSql(all: boolean): string {
  const from = (col: string, extra = ''): string => `FROM service_requests r ${within(`r.${col}`, all)} WHERE r.${col} IS NOT NULL ${extra}`;
  return [
    `SELECT ${hour('r.created_at')} AS hour, ${DIMS}, ${facts({ opened: '1', duplicates: "r.status = 'duplicate'" })} ${from('created_at')}`,
    `SELECT ${hour('r.closed_at')}, ${DIMS}, ${facts({ closed: '1' })} ${from('closed_at')}`,
    `SELECT ${hour('r.first_response_at')}, ${DIMS}, ${facts({ first_responses: '1', first_response_seconds: secs('r.first_response_at', 'r.created_at') })} ${from('first_response_at')}`,
    `SELECT ${hour('r.resolved_at')}, ${DIMS}, ${facts({
      resolutions: '1',
      resolution_seconds: secs('r.resolved_at', 'r.created_at'),
      sla_met: 'r.due_at IS NOT NULL AND r.resolved_at <= r.due_at',
      sla_breached: 'r.due_at IS NOT NULL AND r.resolved_at > r.due_at',
    })} ${from('resolved_at')}`,
    `SELECT ${hour('e.at')}, ${DIMS}, ${facts({ reopens: '1' })}
       FROM request_events e JOIN service_requests r ON r.id = e.request_id ${within('e.at', all)} WHERE e.to_status = 'reopened'`,
    `SELECT ${hour('s.created_at')}, ${DIMS}, ${facts({ surveys: '1', survey_rating_sum: 's.rating', surveys_satisfied: 's.rating >= 4' })}
       FROM survey_responses s JOIN service_requests r ON r.id = s.subject_id ${within('s.created_at', all)} WHERE s.kind = 'request'`,
  ].join('\nUNION ALL\n');
}

function requestRollupSql(all: boolean): string {
  const sums = FACT_COLUMNS.map((c) => `sum(${c})`).join(', ');
  return `INSERT INTO analytics_request_hourly (hour, service_id, district_id, channel, department_id, ${FACT_COLUMNS.join(', ')})
    SELECT hour, service_id, district_id, channel, department_id, ${sums} FROM (${requestFactsSql(all)}) f
    GROUP BY hour, service_id, district_id, channel, department_id`;
}

function durationBinsSql(all: boolean): string {
  const durations = [
    `SELECT ${hour('r.first_response_at')} AS hour, ${DIMS}, 'first_response' AS measure, ${secs('r.first_response_at', 'r.created_at')} AS s
       FROM service_requests r ${within('r.first_response_at', all)} WHERE r.first_response_at IS NOT NULL`,
    `SELECT ${hour('r.resolved_at')}, ${DIMS}, 'resolution', ${secs('r.resolved_at', 'r.created_at')}
       FROM service_requests r ${within('r.resolved_at', all)} WHERE r.resolved_at IS NOT NULL`,
  ].join('\nUNION ALL\n');
  return `INSERT INTO analytics_duration_bins (hour, service_id, district_id, channel, department_id, measure, bin, n)
    SELECT hour, service_id, district_id, channel, department_id, measure, floor(ln(greatest(s, 1)) / ln(${BIN_RATIO}))::smallint, count(*)
    FROM (${durations}) d GROUP BY 1, 2, 3, 4, 5, 6, 7`;
}

function contactRollupSql(all: boolean): string {
  const answered = `c.outcome IS NOT NULL AND c.outcome <> 'abandoned'`;
  return `INSERT INTO analytics_contact_hourly (hour, channel, direction, language, district_id, contacts, answered, abandoned, answered_within_25s,
      waits, wait_seconds, handles, handle_seconds, with_outcome, resolved_first_contact, interpreter_used)
    SELECT ${hour('c.started_at')}, c.channel, c.direction, coalesce(c.language, ''), coalesce(c.district_id, ''), count(*),
      count(*) FILTER (WHERE ${answered}), count(*) FILTER (WHERE c.outcome = 'abandoned'),
      count(*) FILTER (WHERE ${answered} AND c.wait_seconds <= 25),
      count(c.wait_seconds), coalesce(sum(c.wait_seconds), 0), count(c.handle_seconds), coalesce(sum(c.handle_seconds), 0),
      count(c.resolved_first_contact), count(*) FILTER (WHERE c.resolved_first_contact), count(*) FILTER (WHERE c.interpreter_used)
    FROM contacts c ${within('c.started_at', all)}
    GROUP BY 1, 2, 3, 4, 5`;
}

/** Runs `body` with the hours (ISO strings) bound as the CTE `hrs`. */
function withHours(hours: string[], body: string): RawBuilder<unknown> {
  return sql`WITH hrs AS (SELECT DISTINCT (jsonb_array_elements_text(${JSON.stringify(hours)}::jsonb))::timestamptz AS h) ${sql.raw(body)}`;
}

async function hasContactLog(db: Db): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass('contacts')::text AS t`.execute(db);
  return r.rows[0]?.t != null;
}

async function recomputeRequestHours(trx: Db, hours: string[]): Promise<void> {
  const list = JSON.stringify(hours);
  await sql`DELETE FROM analytics_request_hourly WHERE hour IN (SELECT (jsonb_array_elements_text(${list}::jsonb))::timestamptz)`.execute(trx);
  await sql`DELETE FROM analytics_duration_bins WHERE hour IN (SELECT (jsonb_array_elements_text(${list}::jsonb))::timestamptz)`.execute(trx);
  await withHours(hours, requestRollupSql(false)).execute(trx);
  await withHours(hours, durationBinsSql(false)).execute(trx);
}

async function recomputeContactHours(trx: Db, hours: string[]): Promise<void> {
  await sql`DELETE FROM analytics_contact_hourly WHERE hour IN (SELECT (jsonb_array_elements_text(${JSON.stringify(hours)}::jsonb))::timestamptz)`.execute(trx);
  await withHours(hours, contactRollupSql(false)).execute(trx);
}

export interface RefreshResult {
  requestHours: number;
  contactHours: number;
}

/**
 * Recomputes every hour logged as changed since the last refresh. Run by the worker every few
 * seconds and before each dashboard read, so figures are never more than a refresh behind.
 * Changes committed while it runs stay logged and are picked up by the next refresh. With
 * `wait: false` it returns null at once when another refresh holds the lock.
 */
export async function refreshRollups(deps: Deps, options: { wait?: boolean } = {}): Promise<RefreshResult | null> {
  const contacts = await hasContactLog(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    if (options.wait === false) {
      // A reader refreshing on its way: if a refresh is already running, read what is there.
      const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK}) AS ok`.execute(trx);
      if (!got.rows[0]?.ok) return null;
    } else {
      await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    }
    const claimed = await sql<{ kind: string; hour: string }>`
      WITH d AS (DELETE FROM analytics_dirty RETURNING kind, hour)
      SELECT DISTINCT kind, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour FROM d ORDER BY 1, 2`.execute(trx);
    const requestHours = claimed.rows.filter((r) => r.kind === 'requests').map((r) => r.hour);
    const contactHours = contacts ? claimed.rows.filter((r) => r.kind === 'contacts').map((r) => r.hour) : [];
    for (let i = 0; i < requestHours.length; i += CHUNK) await recomputeRequestHours(trx, requestHours.slice(i, i + CHUNK));
    for (let i = 0; i < contactHours.length; i += CHUNK) await recomputeContactHours(trx, contactHours.slice(i, i + CHUNK));
    await refreshLevels(trx, requestHours);
    return { requestHours: requestHours.length, contactHours: contactHours.length };
  });
}

/** Whether anything is waiting to be refreshed (cheap: the log is small and indexed by id). */
export async function hasPendingChanges(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM analytics_dirty LIMIT 1) x`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

export interface RebuildResult {
  requestRows: number;
  binRows: number;
  contactRows: number;
  contactLog: boolean;
}

/**
 * Throws the rollups away and computes them again from every request and contact, in one
 * transaction (dashboards see the old figures until it commits). Also attaches the contact-log
 * triggers if the contact log arrived after the analytics migration.
 */
export async function rebuildRollups(deps: Deps): Promise<RebuildResult> {
  return deps.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    const contactLog = (await sql<{ ok: boolean }>`SELECT analytics_attach_contact_triggers() AS ok`.execute(trx)).rows[0]?.ok === true;
    await sql`DELETE FROM analytics_dirty`.execute(trx);
    await sql`DELETE FROM analytics_request_hourly`.execute(trx);
    await sql`DELETE FROM analytics_duration_bins`.execute(trx);
    await sql`DELETE FROM analytics_contact_hourly`.execute(trx);
    const requestRows = Number((await sql.raw(requestRollupSql(true)).execute(trx)).numAffectedRows ?? 0);
    const binRows = Number((await sql.raw(durationBinsSql(true)).execute(trx)).numAffectedRows ?? 0);
    const contactRows = contactLog ? Number((await sql.raw(contactRollupSql(true)).execute(trx)).numAffectedRows ?? 0) : 0;
    await rebuildLevels(trx);
    return { requestRows, binRows, contactRows, contactLog };
  });
}
