import type { Deps } from '../../deps.ts';
import { departmentsFor, listUsers, type Principal } from '../identity/index.ts';
import type { ServiceRequest } from './model.ts';
import * as q from './queue-repository.ts';
import { slaClock } from './sla-clock.ts';

/** The bureau work queue's figures: SLA clocks of listed requests, counts per department, assignees. */

/** A request's SLA clock at `now` (see sla-clock.ts). */
export const slaOf = (r: ServiceRequest, now: Date) => slaClock(r, now);

/** Open requests per department the caller may read: open, new, unassigned, overdue, high priority. */
export async function queueSummary(deps: Deps, p: Principal) {
  const rows = await q.selectQueueCounts(deps.db, departmentsFor(p, 'requests:read'), deps.clock.now());
  return rows.map((r) => ({ department: r.department_id, open: r.open, new: r.new, unassigned: r.unassigned, overdue: r.overdue, highPriority: r.high_priority }));
}

/** Active staff who may work the department's requests (whom a request of it may be assigned to). */
export async function assigneesFor(deps: Deps, departmentId: string) {
  const users = await listUsers(deps, { status: 'active' });
  return users
    .filter((u) => u.permissions.includes('requests:write') && (!u.departmentScoped.includes('requests:write') || u.departments.includes(departmentId)))
    .map((u) => ({ id: u.id, name: u.name, email: u.email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
