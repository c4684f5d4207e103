import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

/** Resident-account SQL. */

export async function countRecentLinks(db: Db, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('resident_sign_in_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLink(db: Db, link: { tokenHash: string; email: string; locale: string; returnTo: string | null; at: Date; expiresAt: Date }) {
  await db
    .insertInto('resident_sign_in_links')
    .values({ token_hash: link.tokenHash, email: link.email, locale: link.locale, return_to: link.returnTo, created_at: link.at, expires_at: link.expiresAt })
    .execute();
}

/** Marks a live link used and returns it; undefined if it is unknown, used or expired. One use only, even under races. */
export async function useLink(db: Db, tokenHash: string, now: Date) {
  return db
    .updateTable('resident_sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['email', 'locale', 'return_to'])
    .executeTakeFirst();
}

export async function upsertResident(db: Db, email: string, locale: string, now: Date): Promise<{ id: number; email: string; locale: string }> {
  const existing = await db.selectFrom('residents').select(['id', 'email', 'locale']).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  if (existing) {
    await db.updateTable('residents').set({ last_sign_in_at: now }).where('id', '=', existing.id).execute();
    return existing;
  }
  return db
    .insertInto('residents')
    .values({ email, locale, created_at: now, last_sign_in_at: now })
    .returning(['id', 'email', 'locale'])
    .executeTakeFirstOrThrow();
}

export async function insertSession(db: Db, s: { tokenHash: string; residentId: number; at: Date; expiresAt: Date }) {
  await db.insertInto('resident_sessions').values({ token_hash: s.tokenHash, resident_id: s.residentId, created_at: s.at, expires_at: s.expiresAt }).execute();
}

export async function selectLiveSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('resident_sessions as rs')
    .innerJoin('residents as r', 'r.id', 'rs.resident_id')
    .select(['r.id', 'r.email', 'r.locale'])
    .where('rs.token_hash', '=', tokenHash)
    .where('rs.revoked_at', 'is', null)
    .where('rs.expires_at', '>', now)
    .executeTakeFirst();
}

export async function revokeSession(db: Db, tokenHash: string, now: Date) {
  await db.updateTable('resident_sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}
