import type { ColumnType, Generated } from 'kysely';
import type { AuditTables } from '../audit/tables.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], string[], string[]>;

export type UserStatus = 'active' | 'disabled';
export type GrantScope = 'all' | 'department';

export interface PermissionsTable {
  id: string;
  description: string;
  api_key_scope: Generated<boolean>;
}

export interface RolesTable {
  id: string;
  name: string;
  description: string;
}

export interface RolePermissionsTable {
  role_id: string;
  permission_id: string;
  scope: Generated<GrantScope>;
}

export interface StaffUsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  status: Generated<UserStatus>;
  failed_attempts: Generated<number>;
  lockouts: Generated<number>;
  locked_until: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The OpenID Connect provider's `sub` for this person (0008_oidc.sql). */
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StaffUserRolesTable {
  user_id: number;
  role_id: string;
}

export interface StaffUserDepartmentsTable {
  user_id: number;
  department_id: string;
}

export interface StaffSessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: TextArray;
  rate_limit_per_minute: number | null;
  created_by: number | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}

/** A single sign-on under way (0008_oidc.sql). */
export interface OidcLoginsTable {
  token_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/**
 * Kysely types of the tables of staff accounts, roles and permissions, sessions, API keys, and (from
 * the audit module) the audit log. schema.ts folds them into Database.
 */
export interface IdentityTables extends AuditTables {
  permissions: PermissionsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  staff_users: StaffUsersTable;
  staff_user_roles: StaffUserRolesTable;
  staff_user_departments: StaffUserDepartmentsTable;
  staff_sessions: StaffSessionsTable;
  api_keys: ApiKeysTable;
  oidc_logins: OidcLoginsTable;
}
