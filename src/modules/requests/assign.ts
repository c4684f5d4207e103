import type { Deps } from '../../deps.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { getUser } from '../identity/index.ts';
import type { WithinChange } from './lifecycle.ts';
import { assertVersion, loadRequest, type ServiceRequest } from './model.ts';
import * as repo from './repository.ts';
import { assignSchema, type AssignInput } from './schemas.ts';

/** Whether a staff account may work requests of the department: active, holding `requests:write` there. */
async function checkAssignee(deps: Deps, assigneeId: number, departmentId: string): Promise<void> {
  const user = await getUser(deps, assigneeId).catch(() => null);
  const problem = (code: string, message: string) => new ValidationError([{ field: 'assigneeId', code, message }]);
  if (!user) throw problem('unknown_staff_user', `There is no staff user ${assigneeId}`);
  if (user.status !== 'active') throw problem('assignee_disabled', `${user.email} is disabled and cannot be assigned requests`);
  const writes = user.permissions.includes('requests:write');
  const scoped = user.departmentScoped.includes('requests:write');
  if (!writes || (scoped && !user.departments.includes(departmentId))) {
    throw problem('assignee_not_allowed', `${user.email} may not work requests of the ${departmentId} department`);
  }
}

/**
 * Assigns a request to a staff member allowed to work its department, or back to the department's
 * queue (`assigneeId: null`). Version-checked like every staff change; the timeline records it.
 */
export async function assignServiceRequest(deps: Deps, input: AssignInput, within?: WithinChange): Promise<ServiceRequest> {
  const a = parseInput(assignSchema, input);
  const before = await loadRequest(deps.db, a.request);
  // The account is read before the transaction: on PGlite the transaction holds the only connection.
  if (a.assigneeId !== null) await checkAssignee(deps, a.assigneeId, before.departmentId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockRequests(trx, [before.id]);
    const current = await loadRequest(trx, before.id);
    assertVersion(current, a.expectedVersion);
    if (current.departmentId !== before.departmentId) {
      throw new AppError('stale_version', 409, `Request ${current.trackingNumber} moved to another department; reload it and try again`, { field: 'expectedVersion' });
    }
    await repo.updateRequestVersioned(trx, current.id, a.expectedVersion, { assigned_to: a.assigneeId, updated_at: now });
    await repo.insertEvents(trx, [
      { request_id: current.id, at: now, actor: a.actor, kind: 'assigned', data: JSON.stringify({ from: current.assignedTo, to: a.assigneeId }) },
    ]);
    await within?.(trx, current);
  });
  return loadRequest(deps.db, before.id);
}
