import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit } from '../audit/index.ts';
import { verifyPassword } from './passwords.ts';
import { foldGrants, type StaffPrincipal } from './policy.ts';
import * as repo from './repository.ts';
import { signInSchema, type SignInInput } from './schemas.ts';
import { csrfTokenFor, digest, randomToken } from './secrets.ts';
import type { IdentitySettings } from './settings.ts';

/** The session cookie. Its value is a random token; the database keeps only the token's SHA-256. */
export const SESSION_COOKIE = 'frontdoor_session';

/** Five failures in a row lock an account for 15 minutes, then 30, 60, … at most a day, until a sign-in succeeds. */
export const LOCKOUT = { maxFailures: 5, baseMs: 15 * 60_000, capMs: 24 * 3_600_000 } as const;

/** A session's last-seen time is written at most once a minute, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Where a request came from, for the session row and the audit log. */
export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/**
 * The one answer to every failed sign-in — unknown address, wrong password, disabled or locked
 * account — so the answer never tells whether an account exists or what state it is in.
 */
export const signInFailed = (): AppError =>
  new AppError(
    'sign_in_failed',
    401,
    `Sign-in failed: the e-mail address or password is wrong, or the account cannot sign in now. After ${LOCKOUT.maxFailures} failed attempts an account is locked for a while.`,
  );

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.selectLiveSession>>>;

function principalOf(row: Pick<SessionRow, 'user_id' | 'email' | 'name' | 'roles' | 'departments' | 'grants_all' | 'grants_department'>, session: { id: number; token: string; expiresAt: Date }): StaffPrincipal {
  return {
    kind: 'staff',
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    departments: row.departments,
    grants: foldGrants(row.grants_all, row.grants_department),
    session: { id: session.id, csrfToken: csrfTokenFor(session.token), expiresAt: session.expiresAt },
  };
}

/**
 * Signs a staff member in with e-mail and password and opens a session; returns its token (for the
 * cookie) and the principal. Every path verifies one argon2 hash (a dummy one for unknown addresses),
 * so failures take the same time whatever their reason; the reason goes only to the audit log.
 * `LOCKOUT.maxFailures` wrong passwords in a row lock the account, for twice as long each time.
 */
export async function signIn(deps: Deps, settings: IdentitySettings, input: SignInInput, client: ClientInfo = {}): Promise<{ token: string; principal: StaffPrincipal }> {
  const { email, password } = parseInput(signInSchema, input);
  const now = deps.clock.now();
  const user = await repo.selectUserForSignIn(deps.db, email.trim());
  const matches = await verifyPassword(user?.password_hash ?? null, password);
  const context = { ip: client.ip, requestId: client.requestId, at: now };
  const reason = !user
    ? 'unknown_email'
    : user.status !== 'active'
      ? 'disabled'
      : !user.password_hash
        ? 'no_password'
        : user.locked_until && user.locked_until > now
          ? 'locked'
          : !matches
            ? 'wrong_password'
            : null;
  if (reason || !user) {
    const failure = { ...context, actor: { kind: 'anonymous' as const, label: email.slice(0, 254) }, outcome: 'failure' as const, target: user ? { kind: 'staff_user', id: user.id } : null };
    await recordAudit(deps.db, { ...failure, action: 'auth.sign_in', data: { email: email.slice(0, 254), reason } });
    if (user && reason === 'wrong_password') {
      const counted = await repo.recordFailedSignIn(deps.db, user.id, now, LOCKOUT);
      if (counted?.locked_until && counted.locked_until > now && (!user.locked_until || counted.locked_until > user.locked_until)) {
        await recordAudit(deps.db, { ...failure, outcome: 'success', action: 'auth.account_locked', data: { until: counted.locked_until, lockouts: counted.lockouts } });
      }
    }
    throw signInFailed();
  }

  const token = randomToken();
  const expiresAt = new Date(now.getTime() + settings.sessionMaxHours * 3_600_000);
  const sessionId = await deps.db.transaction().execute(async (trx) => {
    await repo.recordSuccessfulSignIn(trx, user.id, now);
    const id = await repo.insertSession(trx, {
      token_hash: digest(token),
      user_id: user.id,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: client.ip?.slice(0, 100) ?? null,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
    });
    await recordAudit(trx, { ...context, actor: { kind: 'staff', id: user.id, label: user.email }, action: 'auth.sign_in', target: { kind: 'staff_session', id }, data: {} });
    return id;
  });
  const principal = await authenticateSession(deps, settings, token);
  if (!principal || principal.session.id !== sessionId) throw new Error('a session just opened could not be read back');
  return { token, principal };
}

/**
 * The staff member a session token belongs to, or null when the session is unknown, revoked, idle
 * too long, past its absolute lifetime, or its account is disabled. Roles, departments and
 * permissions are read fresh, so a change takes effect on the next request.
 */
export async function authenticateSession(deps: Deps, settings: IdentitySettings, token: string): Promise<StaffPrincipal | null> {
  if (!token || token.length > 100) return null;
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - settings.sessionIdleMinutes * 60_000);
  const row = await repo.selectLiveSession(deps.db, digest(token), now, idleSince);
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) await repo.touchSession(deps.db, row.id, now);
  return principalOf(row, { id: row.id, token, expiresAt: row.expires_at });
}

/** Ends the principal's current session. */
export async function signOut(deps: Deps, principal: StaffPrincipal, client: ClientInfo = {}): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, principal.session.id, now);
    await recordAudit(trx, { actor: { kind: 'staff', id: principal.userId, label: principal.email }, ip: client.ip, requestId: client.requestId, at: now, action: 'auth.sign_out', target: { kind: 'staff_session', id: principal.session.id } });
  });
}

/** Ends every session of the principal's account, on every device; returns how many there were. */
export async function signOutEverywhere(deps: Deps, principal: StaffPrincipal, client: ClientInfo = {}): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const sessions = await repo.revokeUserSessions(trx, principal.userId, now);
    await recordAudit(trx, {
      actor: { kind: 'staff', id: principal.userId, label: principal.email },
      ip: client.ip,
      requestId: client.requestId,
      at: now,
      action: 'auth.sign_out_everywhere',
      target: { kind: 'staff_user', id: principal.userId },
      data: { sessions },
    });
    return sessions;
  });
}

/** Quietly ends a session that a new sign-in replaces (no audit entry: the sign-in is recorded). */
export async function endReplacedSession(deps: Deps, sessionId: number): Promise<void> {
  await repo.revokeSession(deps.db, sessionId, deps.clock.now());
}
