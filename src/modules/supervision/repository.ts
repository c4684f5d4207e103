import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { OPEN_STATUSES } from '../requests/status.ts';

/** The supervisor's figures as SQL: each query is a range or group over an indexed column. */

const OPEN_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));
const ESCALATED = sql.raw(`'high', 'urgent'`);

export type DepartmentOpenRow = { department_id: string; open: number; overdue: number; escalated: number; unassigned: number };
export type DepartmentCountRow = { department_id: string; n: number };

/** Open requests per department: open, overdue, escalated (high or urgent priority), unassigned. */
export async function selectOpenByDepartment(db: Db, now: Date): Promise<DepartmentOpenRow[]> {
  const { rows } = await sql<DepartmentOpenRow>`
    SELECT department_id, count(*)::int AS open,
           count(*) FILTER (WHERE breached_at IS NOT NULL OR due_at < ${now})::int AS overdue,
           count(*) FILTER (WHERE priority IN (${ESCALATED}))::int AS escalated,
           count(*) FILTER (WHERE assigned_to IS NULL)::int AS unassigned
      FROM service_requests WHERE status IN (${OPEN_LIST}) GROUP BY department_id`.execute(db);
  return rows;
}

/** Requests created since `from`, per department. */
export async function selectCreatedSince(db: Db, from: Date): Promise<DepartmentCountRow[]> {
  const { rows } = await sql<DepartmentCountRow>`
    SELECT department_id, count(*)::int AS n FROM service_requests WHERE created_at >= ${from} GROUP BY department_id`.execute(db);
  return rows;
}

/** Requests moved to `resolved` since `from`, per department (from the timeline, so reopened ones still count once). */
export async function selectResolvedSince(db: Db, from: Date): Promise<DepartmentCountRow[]> {
  const { rows } = await sql<DepartmentCountRow>`
    SELECT sr.department_id, count(DISTINCT e.request_id)::int AS n
      FROM request_events e JOIN service_requests sr ON sr.id = e.request_id
     WHERE e.at >= ${from} AND e.kind = 'status_changed' AND e.to_status = 'resolved'
     GROUP BY sr.department_id`.execute(db);
  return rows;
}

export type RequestLine = { id: number; tracking_number: string; department_id: string; service_code: string; status: string; priority: string; due_at: Date | null; created_at: Date; assigned_to: number | null };

const lineColumns = sql`sr.id, sr.tracking_number, sr.department_id, s.service_code, sr.status, sr.priority, sr.due_at, sr.created_at, sr.assigned_to`;

/** The most overdue open requests (non-confidential), longest overdue first (walks service_requests_open_due). */
export async function selectOverdue(db: Db, now: Date, limit: number): Promise<RequestLine[]> {
  const { rows } = await sql<RequestLine>`
    SELECT ${lineColumns} FROM service_requests sr JOIN services s ON s.id = sr.service_id
     WHERE sr.status IN (${OPEN_LIST}) AND NOT sr.confidential AND (sr.breached_at IS NOT NULL OR sr.due_at < ${now})
     ORDER BY sr.due_at, sr.id LIMIT ${limit}`.execute(db);
  return rows;
}

/** Open high and urgent requests (non-confidential), oldest first (walks service_requests_open_escalated). */
export async function selectEscalated(db: Db, limit: number): Promise<RequestLine[]> {
  const { rows } = await sql<RequestLine>`
    SELECT ${lineColumns} FROM service_requests sr JOIN services s ON s.id = sr.service_id
     WHERE sr.status IN (${OPEN_LIST}) AND NOT sr.confidential AND sr.priority IN (${ESCALATED})
     ORDER BY sr.created_at, sr.id LIMIT ${limit}`.execute(db);
  return rows;
}

export type StaffActivityRow = { user_id: number; name: string; email: string; transitions: number; changes: number; last_at: Date };

/** Staff members' request work since `from`: status changes, all changes, and the latest, per person. */
export async function selectRequestActivity(db: Db, from: Date): Promise<StaffActivityRow[]> {
  const { rows } = await sql<StaffActivityRow>`
    WITH work AS (
      SELECT substr(actor, 7) AS email, count(*) FILTER (WHERE kind = 'status_changed')::int AS transitions, count(*)::int AS changes, max(at) AS last_at
        FROM request_events
       WHERE at >= ${from} AND actor LIKE 'staff:%' AND kind IN ('status_changed', 'assigned', 'note', 'merged_into')
       GROUP BY actor
    )
    SELECT u.id AS user_id, u.name, u.email, w.transitions, w.changes, w.last_at
      FROM work w JOIN staff_users u ON lower(u.email) = lower(w.email)`.execute(db);
  return rows;
}

/** Whether the contact log (migration 0017) is installed. */
export async function hasContacts(db: Db): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('contacts')::text AS t`.execute(db);
  return Boolean(rows[0]?.t);
}

export type ChannelRow = { channel: string; n: number };

/** Contacts started since `from` per channel. */
export async function selectContactsByChannel(db: Db, from: Date): Promise<ChannelRow[]> {
  const { rows } = await sql<ChannelRow>`
    SELECT channel, count(*)::int AS n FROM contacts WHERE started_at >= ${from} GROUP BY channel ORDER BY channel`.execute(db);
  return rows;
}

export type AgentContactsRow = { user_id: number; name: string; email: string; contacts: number; last_at: Date };

/** Contacts handled since `from` per agent, with the latest one's start. */
export async function selectContactsByAgent(db: Db, from: Date): Promise<AgentContactsRow[]> {
  const { rows } = await sql<AgentContactsRow>`
    SELECT u.id AS user_id, u.name, u.email, c.contacts, c.last_at
      FROM (SELECT agent_id, count(*)::int AS contacts, max(started_at) AS last_at FROM contacts
             WHERE started_at >= ${from} AND agent_id IS NOT NULL GROUP BY agent_id) c
      JOIN staff_users u ON u.id = c.agent_id`.execute(db);
  return rows;
}
