import type { Deps } from '../../deps.ts';
import { departmentsFor, listUsers, type Principal } from '../identity/index.ts';
import type { ServiceRequest } from './model.ts';
import * as q from './queue-repository.ts';
import { isOpen } from './status.ts';

/** The bureau work queue's figures: SLA clocks of listed requests, counts per department, assignees. */

const DUE_SOON_MS = 4 * 3_600_000;

export type SlaState = 'none' | 'on_time' | 'due_soon' | 'overdue' | 'paused' | 'closed';

/**
 * A request's SLA clock at `now`: when it is due, seconds left (negative once overdue), and a state
 * the console puts in words. On hold stops the clock; a closed request's clock is over.
 */
export function slaOf(r: ServiceRequest, now: Date) {
  const secondsLeft = r.dueAt ? Math.round((r.dueAt.getTime() - now.getTime()) / 1000) : null;
  const breached = r.breachedAt !== null || (isOpen(r.status) && r.status !== 'on_hold' && secondsLeft !== null && secondsLeft < 0);
  let state: SlaState;
  if (!isOpen(r.status)) state = 'closed';
  else if (r.status === 'on_hold') state = 'paused';
  else if (secondsLeft === null) state = 'none';
  else if (breached) state = 'overdue';
  else state = secondsLeft * 1000 <= DUE_SOON_MS ? 'due_soon' : 'on_time';
  return { dueAt: r.dueAt, secondsLeft, breached, state };
}

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
