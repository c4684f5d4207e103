import type { Deps } from '../../deps.ts';
import { ValidationError, conflict, notFound, type FieldProblem } from '../../lib/errors.ts';
import { normalizeEmail, parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getDepartment } from '../catalog/service.ts';
import { generatePassword, hashPassword, passwordProblem } from './passwords.ts';
import { foldGrants, type Permission } from './policy.ts';
import * as repo from './repository.ts';
import { createUserSchema, listUsersSchema, updateUserSchema, type CreateUserInput, type ListUsersInput, type UpdateUserInput } from './schemas.ts';
import type { UserStatus } from './tables.ts';

/** A staff account as the rest of the application sees it (never its password hash). */
export interface StaffUser {
  id: number;
  email: string;
  name: string;
  status: UserStatus;
  roles: string[];
  departments: string[];
  /** The permissions the roles grant, and which of them only for the user's own departments. */
  permissions: Permission[];
  departmentScoped: Permission[];
  hasPassword: boolean;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function toUser(r: repo.UserRecord): StaffUser {
  const grants = foldGrants(r.grants_all, r.grants_department);
  const permissions = (Object.keys(grants) as Permission[]).sort();
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    roles: r.roles,
    departments: r.departments,
    permissions,
    departmentScoped: permissions.filter((p) => grants[p] === 'department'),
    hasPassword: r.has_password,
    lockedUntil: r.locked_until,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const target = (id: number) => ({ kind: 'staff_user', id });

/** Checks roles and departments against the data (both read before any transaction opens). */
async function checkAccess(deps: Deps, roles: string[] | undefined, departments: string[] | undefined, problems: FieldProblem[]): Promise<void> {
  if (roles) {
    const known = new Set((await repo.selectRoles(deps.db)).map((r) => r.id));
    roles.forEach((role, i) => {
      if (!known.has(role)) problems.push({ field: `roles.${i}`, code: 'unknown_role', message: `There is no role ${JSON.stringify(role)}; the roles are ${[...known].join(', ')}` });
    });
    if (roles.includes('bureau_staff') && departments?.length === 0) {
      problems.push({ field: 'departments', code: 'required', message: 'Bureau staff belong to at least one department: give departments' });
    }
  }
  for (const [i, id] of (departments ?? []).entries()) {
    await getDepartment(deps, id).catch(() => problems.push({ field: `departments.${i}`, code: 'unknown_department', message: `There is no department ${JSON.stringify(id)}` }));
  }
}

const unique = (list: string[]): string[] => [...new Set(list)].sort();

/**
 * Creates a staff account with its roles and departments. Without a password a strong random one is
 * generated and returned (once: only its hash is kept). Recorded in the audit log.
 */
export async function createUser(deps: Deps, input: CreateUserInput, ctx: AuditContext): Promise<{ user: StaffUser; generatedPassword: string | null }> {
  const u = parseInput(createUserSchema, input);
  const problems: FieldProblem[] = [];
  const email = normalizeEmail('email', u.email);
  if (email.problem) problems.push(email.problem);
  const weak = u.password === undefined ? null : passwordProblem('password', u.password);
  if (weak) problems.push(weak);
  const roles = unique(u.roles);
  const departments = unique(u.departments);
  await checkAccess(deps, roles, departments, problems);
  if (problems.length) throw new ValidationError(problems);

  const generatedPassword = u.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(u.password ?? (generatedPassword as string));
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertUser(trx, { email: email.value as string, name: u.name, password_hash: passwordHash, created_at: now, updated_at: now });
      await repo.replaceUserRoles(trx, id, roles);
      await repo.replaceUserDepartments(trx, id, departments);
      await recordAudit(trx, { ...ctx, at: now, action: 'user.created', target: target(id), data: { email: email.value, roles, departments } });
      return id;
    });
    return { user: await getUser(deps, id), generatedPassword };
  } catch (error) {
    if (repo.isEmailTaken(error)) throw conflict('email_taken', `There is already a staff account for ${email.value}`, { field: 'email' });
    throw error;
  }
}

/** One staff account, or a 404. */
export async function getUser(deps: Deps, id: number): Promise<StaffUser> {
  const row = await repo.selectUser(deps.db, id);
  if (!row) throw notFound('Staff user', id);
  return toUser(row);
}

/** Staff accounts by e-mail address; filter by status, role, or text in the name or address. */
export async function listUsers(deps: Deps, filters: ListUsersInput = {}): Promise<StaffUser[]> {
  return (await repo.selectUsers(deps.db, parseInput(listUsersSchema, filters))).map(toUser);
}

/** The id of the account with this e-mail address (any letter case), or a 404. For the command line. */
export async function findUserIdByEmail(deps: Deps, email: string): Promise<number> {
  const id = await repo.selectUserIdByEmail(deps.db, email.trim());
  if (id === undefined) throw notFound('Staff user', email);
  return id;
}

/** Whether any staff account exists (the server says how to create the first administrator otherwise). */
export async function hasStaffUsers(deps: Deps): Promise<boolean> {
  return (await repo.countUsers(deps.db)) > 0;
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Changes a staff account: name, roles, departments (each replaces the old list), or status. Disabling
 * ends every session of the account at once. The last active administrator can be neither disabled
 * nor demoted. Every change is recorded in the audit log with what it was before.
 */
export async function updateUser(deps: Deps, id: number, input: UpdateUserInput, ctx: AuditContext): Promise<StaffUser> {
  const patch = parseInput(updateUserSchema, input);
  const before = await getUser(deps, id);
  const roles = patch.roles ? unique(patch.roles) : undefined;
  const departments = patch.departments ? unique(patch.departments) : undefined;
  const problems: FieldProblem[] = [];
  await checkAccess(deps, roles ?? before.roles, departments ?? before.departments, problems);
  if (problems.length) throw new ValidationError(problems);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const audit = (action: string, data: Record<string, unknown>) => recordAudit(trx, { ...ctx, at: now, action, target: target(id), data });
    const removesAdministrator = before.status === 'active' && before.roles.includes('administrator') && (patch.status === 'disabled' || (roles && !roles.includes('administrator')));
    if (removesAdministrator && !(await repo.lockActiveAdministrators(trx)).some((admin) => admin !== id)) {
      throw conflict('last_administrator', `${before.email} is the only active administrator: make someone else an administrator first`);
    }
    await repo.updateUser(trx, id, {
      updated_at: now,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.status !== undefined && { status: patch.status }),
      // Enabling an account again also lifts any lock from failed sign-ins.
      ...(patch.status === 'active' && before.status === 'disabled' && { failed_attempts: 0, lockouts: 0, locked_until: null }),
    });
    if (patch.name !== undefined && patch.name !== before.name) await audit('user.renamed', { from: before.name, to: patch.name });
    if (roles && !sameList(roles, before.roles)) {
      await repo.replaceUserRoles(trx, id, roles);
      await audit('user.roles_changed', { from: before.roles, to: roles });
    }
    if (departments && !sameList(departments, before.departments)) {
      await repo.replaceUserDepartments(trx, id, departments);
      await audit('user.departments_changed', { from: before.departments, to: departments });
    }
    if (patch.status === 'disabled' && before.status === 'active') {
      await audit('user.disabled', { sessionsRevoked: await repo.revokeUserSessions(trx, id, now) });
    }
    if (patch.status === 'active' && before.status === 'disabled') await audit('user.enabled', {});
  });
  return getUser(deps, id);
}

/** The roles and the permissions each grants (all of it data), for administrators and documentation. */
export async function listRoles(deps: Deps) {
  const [roles, grants] = await Promise.all([repo.selectRoles(deps.db), repo.selectRolePermissions(deps.db)]);
  return roles.map((r) => ({ ...r, permissions: grants.filter((g) => g.role_id === r.id).map((g) => ({ permission: g.permission_id, scope: g.scope })) }));
}


/**
 * Creates the account of a staff member at their first single sign-on (FRONTDOOR_OIDC_AUTO_CREATE):
 * no password (they sign in only through the provider), linked to the provider's subject, with the
 * roles and departments their claims map to. Recorded in the audit log.
 */
export async function createSsoUser(
  deps: Deps,
  input: { email: string; name: string; subject: string; roles: string[]; departments: string[] },
  ctx: AuditContext,
): Promise<StaffUser> {
  const problems: FieldProblem[] = [];
  const email = normalizeEmail('email', input.email);
  if (email.problem) problems.push(email.problem);
  const roles = unique(input.roles);
  const departments = unique(input.departments);
  await checkAccess(deps, roles, departments, problems);
  if (problems.length) throw new ValidationError(problems);
  const name = input.name.trim().slice(0, 200) || (email.value as string);
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertUser(trx, { email: email.value as string, name, password_hash: null, oidc_subject: input.subject, created_at: now, updated_at: now });
      await repo.replaceUserRoles(trx, id, roles);
      await repo.replaceUserDepartments(trx, id, departments);
      await recordAudit(trx, { ...ctx, at: now, action: 'user.created', target: target(id), data: { email: email.value, roles, departments, via: 'oidc' } });
      return id;
    });
    return await getUser(deps, id);
  } catch (error) {
    if (repo.isEmailTaken(error)) throw conflict('email_taken', `There is already a staff account for ${email.value}`, { field: 'email' });
    if (repo.isOidcSubjectTaken(error)) throw conflict('oidc_subject_taken', 'An account is already linked to this single sign-on identity', {});
    throw error;
  }
}
