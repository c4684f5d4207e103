import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { OPEN_STATUSES } from './status.ts';

/** SQL of the bureau work queue: saved views, response templates and the per-department counts. */

/** Inlined so the planner can match the partial index over open requests (0020). */
const OPEN_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));

export type QueueViewRow = {
  id: number;
  owner_id: number;
  owner_name: string;
  name: string;
  filters: Record<string, string>;
  sort: string;
  shared_department_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const viewColumns = ['v.id', 'v.owner_id', 'u.name as owner_name', 'v.name', 'v.filters', 'v.sort', 'v.shared_department_id', 'v.created_at', 'v.updated_at'] as const;

/** The views a staff member owns, and those shared with any of `departments` ('all': every shared view). */
export async function selectViews(db: Db, ownerId: number, departments: 'all' | string[]): Promise<QueueViewRow[]> {
  return db
    .selectFrom('queue_views as v')
    .innerJoin('staff_users as u', 'u.id', 'v.owner_id')
    .select(viewColumns)
    .where((eb) => {
      const shared =
        departments === 'all' ? eb('v.shared_department_id', 'is not', null) : departments.length ? eb('v.shared_department_id', 'in', departments) : sql<boolean>`false`;
      return eb.or([eb('v.owner_id', '=', ownerId), shared]);
    })
    .orderBy(sql`lower(v.name)`)
    .orderBy('v.id')
    .execute();
}

export async function selectView(db: Db, id: number): Promise<QueueViewRow | undefined> {
  return db.selectFrom('queue_views as v').innerJoin('staff_users as u', 'u.id', 'v.owner_id').select(viewColumns).where('v.id', '=', id).executeTakeFirst();
}

export async function insertView(db: Db, v: { ownerId: number; name: string; filters: Record<string, string>; sort: string; sharedDepartmentId: string | null; at: Date }): Promise<number> {
  const row = await db
    .insertInto('queue_views')
    .values({ owner_id: v.ownerId, name: v.name, filters: JSON.stringify(v.filters), sort: v.sort, shared_department_id: v.sharedDepartmentId, created_at: v.at, updated_at: v.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateView(db: Db, id: number, v: { name?: string; filters?: Record<string, string>; sort?: string; sharedDepartmentId?: string | null; at: Date }): Promise<void> {
  await db
    .updateTable('queue_views')
    .set({
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.filters !== undefined ? { filters: JSON.stringify(v.filters) } : {}),
      ...(v.sort !== undefined ? { sort: v.sort } : {}),
      ...(v.sharedDepartmentId !== undefined ? { shared_department_id: v.sharedDepartmentId } : {}),
      updated_at: v.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteView(db: Db, id: number): Promise<void> {
  await db.deleteFrom('queue_views').where('id', '=', id).execute();
}

/** Whether the owner already has a view of this name (any letter case), other than `exceptId`. */
export async function viewNameTaken(db: Db, ownerId: number, name: string, exceptId = 0): Promise<boolean> {
  const row = await db
    .selectFrom('queue_views')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export type TemplateRow = {
  id: number;
  department_id: string;
  name: string;
  texts: Record<string, string>;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const templateColumns = ['id', 'department_id', 'name', 'texts', 'active', 'version', 'created_at', 'updated_at'] as const;

/** Templates of some departments ('all': every one), by department then name. */
export async function selectTemplates(db: Db, departments: 'all' | string[], includeRetired: boolean): Promise<TemplateRow[]> {
  if (departments !== 'all' && !departments.length) return [];
  let q = db.selectFrom('response_templates').select(templateColumns);
  if (departments !== 'all') q = q.where('department_id', 'in', departments);
  if (!includeRetired) q = q.where('active', '=', true);
  return q.orderBy('department_id').orderBy(sql`lower(name)`).orderBy('id').execute();
}

export async function selectTemplate(db: Db, id: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('response_templates').select(templateColumns).where('id', '=', id).executeTakeFirst();
}

export async function templateNameTaken(db: Db, departmentId: string, name: string, exceptId = 0): Promise<boolean> {
  const row = await db
    .selectFrom('response_templates')
    .select('id')
    .where('department_id', '=', departmentId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTemplate(db: Db, t: { departmentId: string; name: string; texts: Record<string, string>; by: number | null; at: Date }): Promise<number> {
  const row = await db
    .insertInto('response_templates')
    .values({ department_id: t.departmentId, name: t.name, texts: JSON.stringify(t.texts), created_at: t.at, updated_at: t.at, created_by: t.by, updated_by: t.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applies a change if the template is still at `expectedVersion`; false when someone changed it first. */
export async function updateTemplate(db: Db, id: number, expectedVersion: number, t: { name?: string; texts?: Record<string, string>; active?: boolean; by: number | null; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('response_templates')
    .set({
      ...(t.name !== undefined ? { name: t.name } : {}),
      ...(t.texts !== undefined ? { texts: JSON.stringify(t.texts) } : {}),
      ...(t.active !== undefined ? { active: t.active } : {}),
      version: sql`version + 1`,
      updated_by: t.by,
      updated_at: t.at,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export type QueueCountsRow = { department_id: string; open: number; new: number; unassigned: number; overdue: number; high_priority: number };

/** Open requests per department (within `departments`), in one pass over the open-requests index. */
export async function selectQueueCounts(db: Db, departments: 'all' | string[], now: Date): Promise<QueueCountsRow[]> {
  if (departments !== 'all' && !departments.length) return [];
  const scope = departments === 'all' ? sql`` : sql`AND department_id IN (${sql.join(departments)})`;
  const { rows } = await sql<QueueCountsRow>`
    SELECT department_id,
           count(*)::int AS open,
           count(*) FILTER (WHERE status = 'new')::int AS new,
           count(*) FILTER (WHERE assigned_to IS NULL)::int AS unassigned,
           count(*) FILTER (WHERE breached_at IS NOT NULL OR due_at < ${now})::int AS overdue,
           count(*) FILTER (WHERE priority IN ('high', 'urgent'))::int AS high_priority
      FROM service_requests
     WHERE status IN (${OPEN_LIST}) ${scope}
     GROUP BY department_id
     ORDER BY department_id`.execute(db);
  return rows;
}

/** How many people follow a request and how many supported it (counts only: who they are is personal data). */
export async function countAudience(db: Db, requestId: number): Promise<{ followers: number; supporters: number }> {
  const { rows } = await sql<{ followers: number; supporters: number }>`
    SELECT (SELECT count(*) FROM request_followers WHERE request_id = ${requestId})::int AS followers,
           (SELECT count(*) FROM request_supporters WHERE request_id = ${requestId})::int AS supporters`.execute(db);
  return rows[0] ?? { followers: 0, supporters: 0 };
}
