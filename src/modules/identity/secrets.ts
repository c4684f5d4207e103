import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../../lib/validate.ts';

/**
 * Random tokens and their digests: session tokens, CSRF tokens, API keys. Each secret has 256 bits
 * of entropy, so a fast SHA-256 is enough to store it: nobody can guess a preimage however fast the
 * hash, and every request can be checked in microseconds (a slow hash such as argon2 is for
 * passwords, which people choose and which are therefore guessable).
 */

/** 32 random bytes as base64url (43 characters). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** How a session token or an API key's secret is stored: hex SHA-256. */
export const digest = (secret: string): string => sha256(secret);

/** Compares two strings in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * The session's CSRF (synchronizer) token, derived from the session token: the same for the whole
 * session, known only to whoever holds the session cookie, and not stored (the database keeps only
 * the session token's digest, from which this cannot be computed).
 */
export const csrfTokenFor = (sessionToken: string): string => createHash('sha256').update(`frontdoor-csrf:${sessionToken}`).digest('base64url');

const API_KEY = /^fdk_([0-9a-f]{12})_([0-9a-f]{64})$/;

/** A new API key, `fdk_<prefix>_<secret>`: the public prefix finds its row, the secret proves it. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('hex');
  return { key: `fdk_${prefix}_${secret}`, prefix, secretHash: digest(secret) };
}

/** The prefix and secret of a presented key, or null when it is not shaped like one. */
export function parseApiKey(text: string): { prefix: string; secret: string } | null {
  const m = API_KEY.exec(text.trim());
  return m ? { prefix: m[1] as string, secret: m[2] as string } : null;
}
