import type { Permission, Principal } from './policy.ts';

/** What GET /api/v1/auth/me and sign-in answer: who the caller is and what they may do; for staff, the CSRF token. */
export function presentMe(principal: Exclude<Principal, { kind: 'anonymous' }>) {
  if (principal.kind === 'api_key') {
    return { principal: { kind: principal.kind, id: principal.keyId, name: principal.name, scopes: principal.scopes } };
  }
  const permissions = (Object.keys(principal.grants) as Permission[]).sort();
  return {
    principal: {
      kind: principal.kind,
      id: principal.userId,
      email: principal.email,
      name: principal.name,
      roles: principal.roles,
      departments: principal.departments,
      permissions,
      /** Permissions held only for the user's own departments. */
      departmentScoped: permissions.filter((p) => principal.grants[p] === 'department'),
      sessionExpiresAt: principal.session.expiresAt,
    },
    csrfToken: principal.session.csrfToken,
  };
}
