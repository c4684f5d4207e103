/** The identity module: staff accounts, roles and permissions, sessions, API keys — what other modules and the HTTP layer may use. */
export {
  ANONYMOUS,
  PERMISSIONS,
  ROLES,
  authorize,
  authorizeRequestRead,
  can,
  canReadRequest,
  canSeeRequesterDetails,
  canWriteRequest,
  departmentsFor,
  forbidden,
  isMemberOf,
  unauthenticated,
  type ApiKeyPrincipal,
  type Permission,
  type Principal,
  type RequestResource,
  type Role,
  type StaffPrincipal,
} from './policy.ts';
export { auditActorOf, auditContextOf, registerAuthentication, requirePermission, requireStaff } from './http.ts';
export { registerIdentityRoutes } from './routes.ts';
export { createUser, findUserIdByEmail, getUser, hasStaffUsers, listRoles, listUsers, updateUser, type StaffUser } from './users.ts';
export { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, type ApiKey } from './api-keys.ts';
export { LOCKOUT, SESSION_COOKIE, authenticateSession, signIn, signOut, signOutEverywhere } from './sessions.ts';
export { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from './settings.ts';
export { DEMO_PASSWORD, DEMO_STAFF, seedDemoStaff } from './demo.ts';
