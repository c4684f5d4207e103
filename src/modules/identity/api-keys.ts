import type { Deps } from '../../deps.ts';
import { ValidationError, notFound, type FieldProblem } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import type { ApiKeyPrincipal, Permission } from './policy.ts';
import * as repo from './repository.ts';
import { createApiKeySchema, type CreateApiKeyInput } from './schemas.ts';
import { digest, newApiKey, parseApiKey, safeEqual } from './secrets.ts';

/** An API key as administrators see it: never its secret, which is shown once, at creation. */
export interface ApiKey {
  id: number;
  name: string;
  /** The public part, `fdk_<prefix>`, to tell keys apart in lists and logs. */
  prefix: string;
  scopes: string[];
  /** Requests a minute; null = the server's default. */
  rateLimitPerMinute: number | null;
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: number | null;
}

const toApiKey = (r: repo.ApiKeyRecord): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: `fdk_${r.prefix}`,
  scopes: r.scopes,
  rateLimitPerMinute: r.rate_limit_per_minute,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

/** A key's last use is written at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

const staffId = (ctx: AuditContext): number | null => (ctx.actor.kind === 'staff' && ctx.actor.id != null ? Number(ctx.actor.id) : null);

/**
 * Creates an API key with the given scopes (permissions that the permissions table marks as
 * grantable to keys). Returns the key itself once; only its secret's SHA-256 is stored.
 */
export async function createApiKey(deps: Deps, input: CreateApiKeyInput, ctx: AuditContext): Promise<{ apiKey: ApiKey; key: string }> {
  const k = parseInput(createApiKeySchema, input);
  const permissions = await repo.selectPermissions(deps.db);
  const grantable = permissions.filter((p) => p.api_key_scope).map((p) => p.id);
  const problems: FieldProblem[] = [];
  k.scopes.forEach((scope, i) => {
    if (!grantable.includes(scope)) {
      const known = permissions.some((p) => p.id === scope);
      problems.push({
        field: `scopes.${i}`,
        code: known ? 'scope_not_grantable' : 'unknown_scope',
        message: `${known ? `${scope} cannot be given to an API key` : `There is no scope ${JSON.stringify(scope)}`}; the scopes are ${grantable.join(', ')}`,
      });
    }
  });
  if (problems.length) throw new ValidationError(problems);
  const scopes = [...new Set(k.scopes)].sort();
  const { key, prefix, secretHash } = newApiKey();
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertApiKey(trx, { name: k.name, prefix, secret_hash: secretHash, scopes, rate_limit_per_minute: k.rateLimitPerMinute ?? null, created_by: staffId(ctx), created_at: now });
    await recordAudit(trx, { ...ctx, at: now, action: 'api_key.created', target: { kind: 'api_key', id: row.id }, data: { name: k.name, prefix: `fdk_${prefix}`, scopes, rateLimitPerMinute: row.rate_limit_per_minute } });
    return row;
  });
  return { apiKey: toApiKey(row), key };
}

/** Every API key, revoked ones included, oldest first. */
export async function listApiKeys(deps: Deps): Promise<ApiKey[]> {
  return (await repo.selectApiKeys(deps.db)).map(toApiKey);
}

/** Every permission with what it allows and whether an API key may be given it (the scope picker). */
export async function listPermissions(deps: Deps): Promise<Array<{ id: string; description: string; apiKeyScope: boolean }>> {
  return (await repo.selectPermissions(deps.db)).map((p) => ({ id: p.id, description: p.description, apiKeyScope: p.api_key_scope }));
}

/** Revokes a key; from the next request on it authenticates nothing. Revoking a revoked key changes nothing. */
export async function revokeApiKey(deps: Deps, id: number, ctx: AuditContext): Promise<ApiKey> {
  const now = deps.clock.now();
  const revoked = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.revokeApiKey(trx, id, now, staffId(ctx));
    if (row) await recordAudit(trx, { ...ctx, at: now, action: 'api_key.revoked', target: { kind: 'api_key', id }, data: { name: row.name, prefix: `fdk_${row.prefix}` } });
    return row;
  });
  if (revoked) return toApiKey(revoked);
  const existing = await repo.selectApiKey(deps.db, id);
  if (!existing) throw notFound('API key', id);
  return toApiKey(existing);
}

/** The program behind a presented key, or null for a malformed, unknown or revoked key. */
export async function authenticateApiKey(deps: Deps, presented: string): Promise<ApiKeyPrincipal | null> {
  const parsed = parseApiKey(presented);
  if (!parsed) return null;
  const row = await repo.selectApiKeyForAuth(deps.db, parsed.prefix);
  if (!row || !safeEqual(digest(parsed.secret), row.secret_hash) || row.revoked_at) return null;
  const now = deps.clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_EVERY_MS) await repo.touchApiKey(deps.db, row.id, now);
  return { kind: 'api_key', keyId: row.id, name: row.name, scopes: row.scopes as Permission[], rateLimitPerMinute: row.rate_limit_per_minute };
}
