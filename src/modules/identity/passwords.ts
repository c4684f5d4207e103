import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { FieldProblem } from '../../lib/errors.ts';

/**
 * Staff passwords: argon2id (the package's default algorithm) with OWASP's parameters — 19 MiB,
 * two passes, one lane — about 20–40 ms a hash on a server.
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
/** Longer is no stronger, and hashing megabytes on request would be a denial of service. */
export const PASSWORD_MAX = 1024;

/** What is wrong with a new password, or null. Length is counted in characters, not bytes. */
export function passwordProblem(field: string, password: string): FieldProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { field, code: 'too_short', message: `${field} must be at least ${PASSWORD_MIN} characters long` };
  if (length > PASSWORD_MAX) return { field, code: 'too_long', message: `${field} must be at most ${PASSWORD_MAX} characters long` };
  if (!password.trim()) return { field, code: 'blank', message: `${field} must not be only spaces` };
  return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

/** Made once, when the module loads, so even the first unknown address costs one verification only. */
const dummyHash: Promise<string> = hash(randomBytes(16).toString('hex'), ARGON2);

/**
 * Whether the password matches the hash. With no hash (an unknown e-mail address, an account without
 * a password) it still verifies against a dummy hash and answers false, so every failure costs the
 * same time and the answer's timing does not tell which accounts exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** A strong random password (24 characters, 144 bits) for accounts created without one. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');
