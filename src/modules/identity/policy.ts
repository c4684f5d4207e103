import { AppError, notFound } from '../../lib/errors.ts';
import type { GrantScope } from './tables.ts';

/**
 * Who may do what. Every authorisation decision goes through this file: routes and services ask it,
 * they never test roles themselves. Roles and their permissions are data (the `role_permissions`
 * table, seeded by 0005_identity.sql); the names below are the ones the code asks about, and a test
 * keeps them equal to the table.
 */

export const PERMISSIONS = [
  'requests:read',
  'requests:write',
  'requests:read_personal',
  'requests:read_confidential',
  'requests:export',
  'open311:write',
  'catalog:admin',
  'users:admin',
  'apikeys:admin',
  'audit:read',
  'analytics:read',
  'kb:read',
  'kb:edit',
  'kb:publish',
  'kb:flags',
  'search:manage',
  'notifications:admin',
  'alerts:publish',
  'chat:answer',
  'contacts:read',
  'contacts:write',
  'customers:read',
  'customers:write',
  'templates:manage',
  'supervision:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['agent', 'bureau_staff', 'supervisor', 'analyst', 'administrator', 'kb_editor'] as const;
export type Role = (typeof ROLES)[number];

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

/** A signed-in staff member, as loaded for each request (roles and grants are read fresh every time). */
export interface StaffPrincipal {
  kind: 'staff';
  userId: number;
  email: string;
  name: string;
  roles: string[];
  /** The departments the user belongs to (bureau staff work their requests). */
  departments: string[];
  /** Each permission the user holds, for every department (`all`) or only for their own (`department`). */
  grants: Partial<Record<Permission, GrantScope>>;
  session: { id: number; csrfToken: string; expiresAt: Date };
}

/** Another program, through an API key. Keys are not tied to departments; their scopes are permissions. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  keyId: number;
  name: string;
  scopes: Permission[];
  /** Requests a minute; null = the server's default. */
  rateLimitPerMinute: number | null;
}

export type Principal = AnonymousPrincipal | StaffPrincipal | ApiKeyPrincipal;

export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

/** Something that belongs to a department: a service request, a queue, a report. */
export interface DepartmentResource {
  departmentId: string;
}

/** A service request as the policy needs to see it. */
export interface RequestResource extends DepartmentResource {
  confidential: boolean;
}

/**
 * Whether the principal holds `permission`. Without `on`, holding it for any department is enough
 * (a bureau's staff may list requests; the list is then limited by `departmentsFor`); with `on`,
 * the permission must cover that department.
 */
export function can(principal: Principal, permission: Permission, on?: DepartmentResource): boolean {
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'api_key':
      return principal.scopes.includes(permission);
    case 'staff': {
      const scope = principal.grants[permission];
      if (!scope) return false;
      if (scope === 'all' || !on) return true;
      return principal.departments.includes(on.departmentId);
    }
  }
}

/** The departments whose things `permission` covers: `all`, or a list (empty when it is not held). */
export function departmentsFor(principal: Principal, permission: Permission): 'all' | string[] {
  if (!can(principal, permission)) return [];
  return principal.kind === 'staff' && principal.grants[permission] === 'department' ? [...principal.departments] : 'all';
}

/** Whether a staff member belongs to the department (API keys and anonymous callers belong to none). */
export function isMemberOf(principal: Principal, departmentId: string): boolean {
  return principal.kind === 'staff' && principal.departments.includes(departmentId);
}

/**
 * Whether the principal may see a service request. A confidential service's requests are visible only
 * to staff of the owning department and to holders of `requests:read_confidential`.
 */
export function canReadRequest(principal: Principal, request: RequestResource): boolean {
  if (!can(principal, 'requests:read', request)) return false;
  return !request.confidential || isMemberOf(principal, request.departmentId) || can(principal, 'requests:read_confidential', request);
}

/** Whether the principal may change a service request (it must be able to see it first). */
export function canWriteRequest(principal: Principal, request: RequestResource): boolean {
  return canReadRequest(principal, request) && can(principal, 'requests:write', request);
}

/** Whether the requester's name, e-mail and phone may be shown to the principal. */
export function canSeeRequesterDetails(principal: Principal, request: RequestResource): boolean {
  return canReadRequest(principal, request) && can(principal, 'requests:read_personal', request);
}

export const unauthenticated = (message = 'Sign in, or send an API key, to use this'): AppError => new AppError('unauthenticated', 401, message);

export const forbidden = (permission?: Permission): AppError =>
  new AppError('forbidden', 403, permission ? `You do not have the ${permission} permission this needs` : 'You may not do this', permission ? { permission } : {});

/** Throws 401 for an anonymous caller and 403 when the principal lacks the permission (on that department). */
export function authorize(principal: Principal, permission: Permission, on?: DepartmentResource): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!can(principal, permission, on)) throw forbidden(permission);
}

/**
 * Throws unless the principal may see the request: 401 when anonymous, 404 for a confidential request
 * (its existence is itself confidential), 403 otherwise.
 */
export function authorizeRequestRead(principal: Principal, request: RequestResource & { ref: string | number }): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (canReadRequest(principal, request)) return;
  if (request.confidential) throw notFound('Service request', request.ref);
  throw forbidden('requests:read');
}

/** The principal must be a signed-in staff member (signing out, for one, needs a session). */
export function requireStaffPrincipal(principal: Principal): StaffPrincipal {
  if (principal.kind === 'staff') return principal;
  if (principal.kind === 'anonymous') throw unauthenticated('Sign in first');
  throw new AppError('forbidden', 403, 'This needs a signed-in staff member, not an API key');
}

/**
 * One scope per permission from what a user's roles grant: a permission some role grants for every
 * department is held for every department. Permissions this code does not know grant nothing.
 */
export function foldGrants(everywhere: readonly string[], ownDepartments: readonly string[]): Partial<Record<Permission, GrantScope>> {
  const known = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);
  const folded: Partial<Record<Permission, GrantScope>> = {};
  for (const p of ownDepartments.filter(known)) folded[p] = 'department';
  for (const p of everywhere.filter(known)) folded[p] = 'all';
  return folded;
}
