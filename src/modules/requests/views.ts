import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError, conflict, notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { departmentsFor, type Principal } from '../identity/index.ts';
import * as q from './queue-repository.ts';
import { listRequestsQuerySchema } from './schemas.ts';

/** Saved queue views: a staff member's named filters and sort, optionally shared with a department. */

/** The list filters a view may hold (paging and date ranges are not part of a view). */
const viewFilters = listRequestsQuerySchema.pick({ status: true, service_code: true, department: true, district: true, assignee: true, overdue: true, q: true }).strict();
const SORTS = ['created', '-created', 'updated', '-updated', 'due', '-due'] as const;

export const createViewSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    filters: viewFilters.default({}),
    sort: z.enum(SORTS).default('due'),
    sharedDepartment: z.string().min(1).max(64).nullable().optional().describe('Share the view (read only) with this department'),
  })
  .strict();
export const updateViewSchema = createViewSchema.partial().strict();
export type CreateViewInput = z.input<typeof createViewSchema>;
export type UpdateViewInput = z.input<typeof updateViewSchema>;

/** A saved view as the API shows it. */
export function presentView(v: q.QueueViewRow, callerId: number) {
  return { id: v.id, name: v.name, filters: v.filters, sort: v.sort, sharedDepartment: v.shared_department_id, owner: { id: v.owner_id, name: v.owner_name }, mine: v.owner_id === callerId, updatedAt: v.updated_at };
}

const staffId = (p: Principal): number => {
  if (p.kind !== 'staff') throw new AppError('staff_only', 403, 'Saved views belong to staff members; sign in to use them');
  return p.userId;
};

/** A view may only be shared with a department whose requests the caller reads. */
function checkShare(p: Principal, department: string | null | undefined): void {
  if (!department) return;
  const mine = departmentsFor(p, 'requests:read');
  if (mine !== 'all' && !mine.includes(department)) {
    throw new ValidationError([{ field: 'sharedDepartment', code: 'not_your_department', message: `You may share views only with your own departments (${mine.join(', ') || 'none'})` }]);
  }
}

/** The caller's own views and those shared with their departments. */
export async function listViews(deps: Deps, p: Principal) {
  const id = staffId(p);
  return (await q.selectViews(deps.db, id, departmentsFor(p, 'requests:read'))).map((v) => presentView(v, id));
}

/** Saves the current filters and sort under a name (unique per owner, any letter case). */
export async function createView(deps: Deps, p: Principal, input: CreateViewInput) {
  const id = staffId(p);
  const v = parseInput(createViewSchema, input);
  checkShare(p, v.sharedDepartment);
  if (await q.viewNameTaken(deps.db, id, v.name)) throw conflict('view_name_taken', `You already have a view called ${JSON.stringify(v.name)}`, { field: 'name' });
  const filters = Object.fromEntries(Object.entries(v.filters).filter(([, value]) => value !== undefined)) as Record<string, string>;
  const viewId = await q.insertView(deps.db, { ownerId: id, name: v.name, filters, sort: v.sort, sharedDepartmentId: v.sharedDepartment ?? null, at: deps.clock.now() });
  return presentView((await q.selectView(deps.db, viewId)) as q.QueueViewRow, id);
}

async function ownView(deps: Deps, p: Principal, viewId: number) {
  const id = staffId(p);
  const view = await q.selectView(deps.db, viewId);
  const mine = departmentsFor(p, 'requests:read');
  const visible = view && (view.owner_id === id || (view.shared_department_id && (mine === 'all' || mine.includes(view.shared_department_id))));
  if (!view || !visible) throw notFound('Saved view', viewId);
  if (view.owner_id !== id) throw new AppError('not_your_view', 403, `The view ${JSON.stringify(view.name)} belongs to ${view.owner_name}; save a copy of your own instead`);
  return { id, view };
}

/** Renames, re-filters or (un)shares one of the caller's views. */
export async function updateView(deps: Deps, p: Principal, viewId: number, input: UpdateViewInput) {
  const { id } = await ownView(deps, p, viewId);
  const v = parseInput(updateViewSchema, input);
  checkShare(p, v.sharedDepartment);
  if (v.name !== undefined && (await q.viewNameTaken(deps.db, id, v.name, viewId))) throw conflict('view_name_taken', `You already have a view called ${JSON.stringify(v.name)}`, { field: 'name' });
  const filters = v.filters && (Object.fromEntries(Object.entries(v.filters).filter(([, value]) => value !== undefined)) as Record<string, string>);
  await q.updateView(deps.db, viewId, { name: v.name, filters, sort: v.sort, sharedDepartmentId: v.sharedDepartment, at: deps.clock.now() });
  return presentView((await q.selectView(deps.db, viewId)) as q.QueueViewRow, id);
}

/** Deletes one of the caller's views. */
export async function deleteView(deps: Deps, p: Principal, viewId: number): Promise<void> {
  await ownView(deps, p, viewId);
  await q.deleteView(deps.db, viewId);
}
