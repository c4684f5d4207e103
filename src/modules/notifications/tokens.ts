import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';

/**
 * Signed tokens for the links and reply addresses in our messages. The key is made by migration
 * 0015 (random, in `notification_keys`) and never leaves the database, so every server of one
 * installation signs alike and nothing needs configuring. A token is `<outbox id>.<20 hex of
 * HMAC-SHA256(purpose, id)>`: lower-case, so it survives in the local part of an e-mail address.
 */
export type TokenPurpose = 'unsubscribe' | 'survey' | 'reply' | 'follow';

const keys = new WeakMap<Db, Promise<Buffer>>();

export function signingKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = db
      .selectFrom('notification_keys')
      .select('secret')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
      .then((r) => Buffer.from(r.secret, 'utf8'));
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

const mac = (key: Buffer, purpose: TokenPurpose, payload: string): string => createHmac('sha256', key).update(`${purpose}:${payload}`).digest('hex').slice(0, 20);

export function signToken(key: Buffer, purpose: TokenPurpose, payload: string | number): string {
  return `${payload}.${mac(key, purpose, String(payload))}`;
}

/** The payload of a good token, or null (malformed, or signed for something else). */
export function verifyToken(key: Buffer, purpose: TokenPurpose, token: string): string | null {
  const m = /^([0-9a-z_-]{1,80})\.([0-9a-f]{20})$/.exec(token.trim().toLowerCase());
  if (!m?.[1] || !m[2]) return null;
  const expected = Buffer.from(mac(key, purpose, m[1]));
  const given = Buffer.from(m[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1] : null;
}

/** An outbox id from a token (unsubscribe, survey, reply), or null. */
export function outboxIdOf(key: Buffer, purpose: TokenPurpose, token: string): number | null {
  const payload = verifyToken(key, purpose, token);
  return payload && /^\d{1,15}$/.test(payload) ? Number(payload) : null;
}
