import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { ApiKeysTable, OidcLoginsTable, StaffSessionsTable, StaffUsersTable, UserStatus } from './tables.ts';

/** Identity SQL: the only file that touches the staff, role, session and API-key tables. */

// ---- staff users ------------------------------------------------------------------------------

/** A user's roles, departments and the permissions their roles grant, for every department or only theirs. */
const accessColumns = [
  sql<string[]>`ARRAY(SELECT r.role_id FROM staff_user_roles r WHERE r.user_id = u.id ORDER BY r.role_id)`.as('roles'),
  sql<string[]>`ARRAY(SELECT d.department_id FROM staff_user_departments d WHERE d.user_id = u.id ORDER BY d.department_id)`.as('departments'),
  ...(['all', 'department'] as const).map((scope) =>
    sql<string[]>`ARRAY(SELECT DISTINCT rp.permission_id FROM staff_user_roles r JOIN role_permissions rp ON rp.role_id = r.role_id
                        WHERE r.user_id = u.id AND rp.scope = ${scope} ORDER BY rp.permission_id)`.as(`grants_${scope}`),
  ),
] as const;

function selectUsersWithAccess(db: Db) {
  return db
    .selectFrom('staff_users as u')
    .select(['u.id', 'u.email', 'u.name', 'u.status', 'u.locked_until', 'u.last_sign_in_at', 'u.created_at', 'u.updated_at'])
    .select(sql<boolean>`u.password_hash IS NOT NULL`.as('has_password'))
    .select(accessColumns);
}
export type UserRecord = Awaited<ReturnType<ReturnType<typeof selectUsersWithAccess>['executeTakeFirstOrThrow']>>;

export async function selectUser(db: Db, id: number): Promise<UserRecord | undefined> {
  return selectUsersWithAccess(db).where('u.id', '=', id).executeTakeFirst();
}

export async function selectUserIdByEmail(db: Db, email: string): Promise<number | undefined> {
  const row = await db.selectFrom('staff_users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row?.id;
}

export async function selectUsers(db: Db, filters: { status?: UserStatus; role?: string; q?: string }): Promise<UserRecord[]> {
  let q = selectUsersWithAccess(db).orderBy(sql`lower(u.email)`);
  if (filters.status) q = q.where('u.status', '=', filters.status);
  if (filters.role) q = q.where(({ exists, selectFrom }) => exists(selectFrom('staff_user_roles as r').whereRef('r.user_id', '=', 'u.id').where('r.role_id', '=', filters.role as string)));
  if (filters.q) {
    const like = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql<string>`lower(u.email)`, 'like', like), eb(sql<string>`lower(u.name)`, 'like', like)]));
  }
  return q.execute();
}

/** What sign-in needs to know about an account, found by e-mail address in any letter case. */
export async function selectUserForSignIn(db: Db, email: string) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'email', 'name', 'password_hash', 'status', 'locked_until'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** PostgreSQL's unique_violation on the case-insensitive e-mail index. */
export const isEmailTaken = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'staff_users_email';

export async function insertUser(db: Db, row: Insertable<StaffUsersTable>): Promise<number> {
  return (await db.insertInto('staff_users').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateUser(db: Db, id: number, set: Updateable<StaffUsersTable>): Promise<void> {
  await db.updateTable('staff_users').set(set).where('id', '=', id).execute();
}

export async function replaceUserRoles(db: Db, userId: number, roles: string[]): Promise<void> {
  await db.deleteFrom('staff_user_roles').where('user_id', '=', userId).execute();
  if (roles.length) await db.insertInto('staff_user_roles').values(roles.map((role_id) => ({ user_id: userId, role_id }))).execute();
}

export async function replaceUserDepartments(db: Db, userId: number, departments: string[]): Promise<void> {
  await db.deleteFrom('staff_user_departments').where('user_id', '=', userId).execute();
  if (departments.length) {
    await db.insertInto('staff_user_departments').values(departments.map((department_id) => ({ user_id: userId, department_id }))).execute();
  }
}

export async function countUsers(db: Db): Promise<number> {
  return Number((await db.selectFrom('staff_users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/**
 * Locks every administrator's row (in id order) for the rest of the transaction and returns the ids
 * of the active ones, so two changes cannot each remove "another" administrator and leave none.
 */
export async function lockActiveAdministrators(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('staff_users as u')
    .innerJoin('staff_user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.status'])
    .where('r.role_id', '=', 'administrator')
    .orderBy('u.id')
    .forUpdate('u')
    .execute();
  return rows.filter((r) => r.status === 'active').map((r) => r.id);
}

/**
 * Counts a failed sign-in, atomically: the `maxFailures`-th failure in a row locks the account for
 * `baseMs` × 2^(earlier locks), at most `capMs`, and starts the count again.
 */
export async function recordFailedSignIn(db: Db, id: number, now: Date, lock: { maxFailures: number; baseMs: number; capMs: number }) {
  const locks = sql<boolean>`failed_attempts + 1 >= ${lock.maxFailures}`;
  const { rows } = await sql<{ locked_until: Date | null; lockouts: number }>`
    UPDATE staff_users SET
      failed_attempts = CASE WHEN ${locks} THEN 0 ELSE failed_attempts + 1 END,
      locked_until = CASE WHEN ${locks}
        THEN ${now}::timestamptz + least(${lock.capMs}::float8, ${lock.baseMs}::float8 * power(2, least(lockouts, 30))) * interval '1 millisecond'
        ELSE locked_until END,
      lockouts = CASE WHEN ${locks} THEN lockouts + 1 ELSE lockouts END
    WHERE id = ${id}
    RETURNING locked_until, lockouts`.execute(db);
  return rows[0];
}

export async function recordSuccessfulSignIn(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('staff_users').set({ failed_attempts: 0, lockouts: 0, locked_until: null, last_sign_in_at: now }).where('id', '=', id).execute();
}

// ---- roles, permissions, a user's access ------------------------------------------------------

export async function selectRoles(db: Db) {
  return db.selectFrom('roles').select(['id', 'name', 'description']).orderBy('id').execute();
}

export async function selectPermissions(db: Db) {
  return db.selectFrom('permissions').select(['id', 'description', 'api_key_scope']).orderBy('id').execute();
}

export async function selectRolePermissions(db: Db) {
  return db.selectFrom('role_permissions').select(['role_id', 'permission_id', 'scope']).orderBy('role_id').orderBy('permission_id').execute();
}

// ---- sessions ---------------------------------------------------------------------------------

export async function insertSession(db: Db, row: Insertable<StaffSessionsTable>): Promise<number> {
  return (await db.insertInto('staff_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A session that is not revoked, not past its absolute end or idle limit, of an active account. */
export async function selectLiveSession(db: Db, tokenHash: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.last_seen_at', 's.expires_at', 'u.email', 'u.name'])
    .select(accessColumns)
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of a user; returns how many there were. */
export async function revokeUserSessions(db: Db, userId: number, now: Date): Promise<number> {
  const rows = await db.updateTable('staff_sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
  return rows.length;
}

// ---- API keys ---------------------------------------------------------------------------------

const apiKeyColumns = ['id', 'name', 'prefix', 'scopes', 'rate_limit_per_minute', 'created_by', 'created_at', 'last_used_at', 'revoked_at', 'revoked_by'] as const;

export async function insertApiKey(db: Db, row: Insertable<ApiKeysTable>) {
  return db.insertInto('api_keys').values(row).returning(apiKeyColumns).executeTakeFirstOrThrow();
}
export type ApiKeyRecord = Awaited<ReturnType<typeof insertApiKey>>;

export async function selectApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return db.selectFrom('api_keys').select(apiKeyColumns).orderBy('id').execute();
}

export async function selectApiKey(db: Db, id: number): Promise<ApiKeyRecord | undefined> {
  return db.selectFrom('api_keys').select(apiKeyColumns).where('id', '=', id).executeTakeFirst();
}

export async function selectApiKeyForAuth(db: Db, prefix: string) {
  return db.selectFrom('api_keys').select([...apiKeyColumns, 'secret_hash']).where('prefix', '=', prefix).executeTakeFirst();
}

/** Revokes a key that is not revoked yet; undefined when it was already (or does not exist). */
export async function revokeApiKey(db: Db, id: number, now: Date, by: number | null): Promise<ApiKeyRecord | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(apiKeyColumns)
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

// ---- single sign-on (OpenID Connect) ----------------------------------------------------------

/** What single sign-on needs to know about an account: found by the provider's subject, or else by e-mail. */
function selectUserForOidc(db: Db) {
  return db.selectFrom('staff_users as u').select(['u.id', 'u.email', 'u.name', 'u.status', 'u.oidc_subject']).select([accessColumns[0], accessColumns[1]]);
}
export type OidcUserRecord = Awaited<ReturnType<ReturnType<typeof selectUserForOidc>['executeTakeFirstOrThrow']>>;

export async function selectUserByOidcSubject(db: Db, subject: string): Promise<OidcUserRecord | undefined> {
  return selectUserForOidc(db).where('u.oidc_subject', '=', subject).executeTakeFirst();
}

export async function selectUserByEmailForOidc(db: Db, email: string): Promise<OidcUserRecord | undefined> {
  return selectUserForOidc(db).where(sql<string>`lower(u.email)`, '=', email.toLowerCase()).executeTakeFirst();
}

/** Links an account to the provider's subject, unless it is linked already (returns whether it was linked now). */
export async function linkOidcSubject(db: Db, id: number, subject: string, now: Date): Promise<boolean> {
  const rows = await db.updateTable('staff_users').set({ oidc_subject: subject, updated_at: now }).where('id', '=', id).where('oidc_subject', 'is', null).returning('id').execute();
  return rows.length === 1;
}

/** A single sign-on does not touch the password's failure count or lock: it only stamps the sign-in time. */
export async function recordOidcSignIn(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('staff_users').set({ last_sign_in_at: now }).where('id', '=', id).execute();
}

/** PostgreSQL's unique_violation on the subject index (two first sign-ins of one person at once). */
export const isOidcSubjectTaken = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'staff_users_oidc_subject';

export async function insertOidcLogin(db: Db, row: Insertable<OidcLoginsTable>): Promise<void> {
  await db.insertInto('oidc_logins').values(row).execute();
}

/** Takes a sign-in under way (deleting it: each is used once); undefined when unknown or expired. */
export async function takeOidcLogin(db: Db, tokenHash: string, now: Date) {
  const row = await db.deleteFrom('oidc_logins').where('token_hash', '=', tokenHash).returning(['state', 'nonce', 'code_verifier', 'return_to', 'expires_at']).executeTakeFirst();
  return row && row.expires_at > now ? row : undefined;
}

/** Forgets sign-ins that were started and never finished. */
export async function deleteExpiredOidcLogins(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
}
