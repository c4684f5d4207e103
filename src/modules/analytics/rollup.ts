import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { rebuildLevels, refreshLevels } from './levels.ts';

/**
 * The rollups: hourly figures of service requests and contacts (migrations 0022 and 0026). Triggers
 * append the difference each statement makes to the figures (facts of its new rows minus facts of its
 * old rows, per cell) to delta logs; `refreshRollups` adds them to the rollups, so its cost follows
 * the number of changes, not the size of an hour, and a backdated import or a status change years
 * later is counted where it belongs. Changes whose effect is not known row by row log their hours in
 * `analytics_dirty`; those hours are recomputed from the raw rows. `rebuildRollups` recomputes
 * everything, with the same expressions, and gives the very same rows.
 */

/**
 * Any fixed number, paired with the schema's hash: one refresh at a time per database schema (two
 * would fold the same deltas side by side), while another schema's refresh — a test's, a bench's —
 * never makes this one skip.
 */
const REFRESH_LOCK = 3_110_922;
/**
 * Hours recomputed per statement. Only hours logged in `analytics_dirty` are recomputed (rare: live
 * changes arrive as deltas); service_requests has no index on its fact timestamps (migration 0026
 * dropped them), so each statement scans the table once per kind of fact — hence large chunks.
 */
const CHUNK = 2_000;
/** Duration histogram: bins grow by 10 %, so a quantile read from them is within 5 % (see docs/metrics.md). */
export const BIN_RATIO = 1.1;

/**
 * `JOIN hrs …` restricting rows to the hours being recomputed; nothing when rebuilding everything. By
 * range where `col` is indexed (timeline, surveys, contacts), else by hour (a hash join over one scan).
 */
const within = (col: string, all: boolean, indexed = true): string =>
  all ? '' : indexed ? `JOIN hrs ON ${col} >= hrs.h AND ${col} < hrs.h + interval '1 hour'` : `JOIN hrs ON ${hour(col)} = hrs.h`;
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
  const from = (col: string, extra = ''): string => `FROM service_requests r ${within(`r.${col}`, all, false)} WHERE r.${col} IS NOT NULL ${extra}`;
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
       FROM service_requests r ${within('r.first_response_at', all, false)} WHERE r.first_response_at IS NOT NULL`,
    `SELECT ${hour('r.resolved_at')}, ${DIMS}, 'resolution', ${secs('r.resolved_at', 'r.created_at')}
       FROM service_requests r ${within('r.resolved_at', all, false)} WHERE r.resolved_at IS NOT NULL`,
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

/** The hours (ISO strings) of a fold's or recomputation's statement, as text the refresh reports. */
const HOUR_TEXT = `to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"')`;

const REQUEST_KEY = ['hour', 'service_id', 'district_id', 'channel', 'department_id'];
const BIN_KEY = ['hour', 'measure', 'service_id', 'district_id', 'channel', 'department_id', 'bin'];
const CONTACT_KEY = ['hour', 'channel', 'direction', 'language', 'district_id'];
const CONTACT_FACTS = ['contacts', 'answered', 'abandoned', 'answered_within_25s', 'waits', 'wait_seconds', 'handles', 'handle_seconds', 'with_outcome', 'resolved_first_contact', 'interpreter_used'];

/**
 * Takes every delta in `log` (DELETE … RETURNING) and adds them, summed per cell, to `table` — except
 * deltas of the hours just recomputed from the raw rows, which already include them. Returns the
 * hours whose figures changed.
 */
async function fold(trx: Db, log: string, table: string, key: string[], values: string[], recomputed: string[]): Promise<string[]> {
  const sums = values.map((c) => `sum(${c}) AS ${c}`).join(', ');
  const changed = values.map((c) => `sum(${c}) <> 0`).join(' OR ');
  const add = values.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  const r = await sql<{ hour: string }>`
    WITH skip AS (SELECT (jsonb_array_elements_text(${JSON.stringify(recomputed)}::jsonb))::timestamptz AS h),
    d AS (DELETE FROM ${sql.table(log)} RETURNING *),
    up AS (
      INSERT INTO ${sql.table(table)} (${sql.raw(key.join(', '))}, ${sql.raw(values.join(', '))})
      SELECT ${sql.raw(key.join(', '))}, ${sql.raw(sums)} FROM d WHERE NOT EXISTS (SELECT 1 FROM skip WHERE skip.h = d.hour)
      GROUP BY ${sql.raw(key.join(', '))} HAVING ${sql.raw(changed)}
      ON CONFLICT (${sql.raw(key.join(', '))}) DO UPDATE SET ${sql.raw(add)}
      RETURNING hour)
    SELECT DISTINCT ${sql.raw(HOUR_TEXT)} AS hour FROM up`.execute(trx);
  return r.rows.map((row) => row.hour);
}

/** Cells a fold brought to zero are removed, so the rollups hold exactly the rows a rebuild makes. */
async function dropEmptyCells(trx: Db, table: string, empty: string, hours: string[]): Promise<void> {
  if (hours.length === 0) return;
  await sql`DELETE FROM ${sql.table(table)} WHERE hour IN (SELECT (jsonb_array_elements_text(${JSON.stringify(hours)}::jsonb))::timestamptz) AND ${sql.raw(empty)}`.execute(trx);
}

/**
 * Runs `body` as the only refresh or rebuild, in a REPEATABLE READ transaction whose snapshot is taken
 * after the lock is held: the deltas it takes and the raw rows it recomputes from are then the same
 * moment's, so no change is counted twice or missed. (A session lock, because a transaction-level one
 * would be taken after the snapshot.) Returns null without waiting when `wait` is false and another
 * refresh holds the lock.
 */
async function exclusively<T>(db: Db, wait: boolean, body: (trx: Db) => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    if (wait) {
      await sql`SELECT pg_advisory_lock(${REFRESH_LOCK}, hashtext(current_schema()))`.execute(conn);
    } else {
      const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${REFRESH_LOCK}, hashtext(current_schema())) AS ok`.execute(conn);
      if (!got.rows[0]?.ok) return null;
    }
    try {
      return await conn.transaction().setIsolationLevel('repeatable read').execute(body);
    } finally {
      await sql`SELECT pg_advisory_unlock(${REFRESH_LOCK}, hashtext(current_schema()))`.execute(conn);
    }
  });
}

export interface RefreshResult {
  /** Request hours whose figures changed (folded or recomputed). */
  requestHours: number;
  /** Contact hours whose figures changed. */
  contactHours: number;
  /** Of those, hours recomputed from the raw rows. */
  recomputedHours: number;
}

/**
 * Adds the logged deltas to the rollups and recomputes the hours logged as dirty. Run by the worker
 * every 15 s and before each dashboard read, so figures are never more than a refresh behind.
 * Changes committed while it runs stay logged and are picked up by the next refresh. With
 * `wait: false` it returns null at once when another refresh holds the lock.
 */
export async function refreshRollups(deps: Deps, options: { wait?: boolean } = {}): Promise<RefreshResult | null> {
  const contacts = await hasContactLog(deps.db);
  return exclusively(deps.db, options.wait !== false, async (trx) => {
    const claimed = await sql<{ kind: string; hour: string }>`
      WITH d AS (DELETE FROM analytics_dirty RETURNING kind, hour)
      SELECT DISTINCT kind, ${sql.raw(HOUR_TEXT)} AS hour FROM d ORDER BY 1, 2`.execute(trx);
    const requestHours = claimed.rows.filter((r) => r.kind === 'requests').map((r) => r.hour);
    const contactHours = contacts ? claimed.rows.filter((r) => r.kind === 'contacts').map((r) => r.hour) : [];
    for (let i = 0; i < requestHours.length; i += CHUNK) await recomputeRequestHours(trx, requestHours.slice(i, i + CHUNK));
    for (let i = 0; i < contactHours.length; i += CHUNK) await recomputeContactHours(trx, contactHours.slice(i, i + CHUNK));

    const requestFolded = await fold(trx, 'analytics_request_delta', 'analytics_request_hourly', REQUEST_KEY, [...FACT_COLUMNS], requestHours);
    const binFolded = await fold(trx, 'analytics_bin_delta', 'analytics_duration_bins', BIN_KEY, ['n'], requestHours);
    await dropEmptyCells(trx, 'analytics_request_hourly', 'opened = 0 AND closed = 0 AND first_responses = 0 AND resolutions = 0 AND reopens = 0 AND surveys = 0', requestFolded);
    await dropEmptyCells(trx, 'analytics_duration_bins', 'n = 0', binFolded);
    const contactFolded = contacts ? await fold(trx, 'analytics_contact_delta', 'analytics_contact_hourly', CONTACT_KEY, CONTACT_FACTS, contactHours) : [];
    await dropEmptyCells(trx, 'analytics_contact_hourly', 'contacts = 0', contactFolded);

    // The hours whose figures changed (ISO strings, '2026-03-02T17:00:00Z').
    const changedRequestHours = [...new Set([...requestHours, ...requestFolded, ...binFolded])].sort();
    const changedContactHours = [...new Set([...contactHours, ...contactFolded])];
    await refreshLevels(trx, changedRequestHours);
    return { requestHours: changedRequestHours.length, contactHours: changedContactHours.length, recomputedHours: requestHours.length + contactHours.length };
  });
}

/** Whether anything is waiting to be refreshed (cheap: the logs are small). */
export async function hasPendingChanges(db: Db): Promise<boolean> {
  const r = await sql<{ pending: boolean }>`SELECT EXISTS (SELECT 1 FROM analytics_request_delta) OR EXISTS (SELECT 1 FROM analytics_bin_delta)
    OR EXISTS (SELECT 1 FROM analytics_contact_delta) OR EXISTS (SELECT 1 FROM analytics_dirty) AS pending`.execute(db);
  return r.rows[0]?.pending === true;
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
  const result = await exclusively(deps.db, true, async (trx) => {
    const contactLog = (await sql<{ ok: boolean }>`SELECT analytics_attach_contact_triggers() AS ok`.execute(trx)).rows[0]?.ok === true;
    for (const table of ['analytics_dirty', 'analytics_request_delta', 'analytics_bin_delta', 'analytics_contact_delta', 'analytics_request_hourly', 'analytics_duration_bins', 'analytics_contact_hourly']) {
      await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
    }
    const requestRows = Number((await sql.raw(requestRollupSql(true)).execute(trx)).numAffectedRows ?? 0);
    const binRows = Number((await sql.raw(durationBinsSql(true)).execute(trx)).numAffectedRows ?? 0);
    const contactRows = contactLog ? Number((await sql.raw(contactRollupSql(true)).execute(trx)).numAffectedRows ?? 0) : 0;
    await rebuildLevels(trx);
    return { requestRows, binRows, contactRows, contactLog };
  });
  if (result === null) throw new Error('unreachable: a waiting rebuild always gets the lock');
  return result;
}
