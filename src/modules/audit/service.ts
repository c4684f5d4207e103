import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { parseInput } from '../../lib/validate.ts';
import * as repo from './repository.ts';
import { auditFiltersSchema, type AuditFilters } from './schemas.ts';
import type { AuditActorKind } from './tables.ts';

/** Who did it: a staff user, an API key, the command line, the system, or nobody known. */
export interface AuditActor {
  kind: AuditActorKind;
  id?: string | number | null;
  /** Readable without a join, and still true after the account is renamed: an e-mail, a key's name. */
  label?: string | null;
}

/** Who is acting and from where; what services that write the audit log receive from their caller. */
export interface AuditContext {
  actor: AuditActor;
  ip?: string | null;
  requestId?: string | null;
}

/** One entry of the audit log. */
export interface AuditEvent extends AuditContext {
  at: Date;
  /** `area.verb`: auth.sign_in, user.created, user.roles_changed, api_key.revoked, request.read_confidential, … */
  action: string;
  outcome?: 'success' | 'failure';
  target?: { kind: string; id: string | number } | null;
  /** What changed (`{ from, to }`), counts, reasons. Keys that look like secrets are redacted. */
  data?: Record<string, unknown>;
}

const SECRET_KEY = /password|passphrase|secret|token|hash/i;

/** A safety net: whatever a caller passes, nothing that looks like a secret reaches the log. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

const clip = (text: string | null | undefined, max: number): string | null => (text == null ? null : String(text).slice(0, max));

/**
 * Appends an entry to the audit log. Pass a transaction as `executor` to make the entry part of the
 * change it records (it is then written exactly when the change is). Other modules call this.
 */
export async function recordAudit(executor: Db, event: AuditEvent): Promise<number> {
  return repo.insertAuditEvent(executor, {
    at: event.at,
    actor_kind: event.actor.kind,
    actor_id: event.actor.id == null ? null : clip(String(event.actor.id), 100),
    actor_label: clip(event.actor.label, 300),
    action: event.action,
    outcome: event.outcome ?? 'success',
    target_kind: clip(event.target?.kind, 50),
    target_id: event.target ? clip(String(event.target.id), 100) : null,
    ip: clip(event.ip, 100),
    request_id: clip(event.requestId, 100),
    data: JSON.stringify(redact(event.data ?? {})),
  });
}

/** An audit entry as administrators read it. */
export interface AuditEntry {
  id: number;
  at: Date;
  actor: { kind: AuditActorKind; id: string | null; label: string | null };
  action: string;
  outcome: 'success' | 'failure';
  target: { kind: string; id: string | null } | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

/** Audit entries, newest first, filtered; `nextBefore` fetches the next (older) page. Callers check `audit:read`. */
export async function listAuditEvents(deps: Deps, filters: AuditFilters = {}): Promise<{ events: AuditEntry[]; nextBefore: number | null }> {
  const f = parseInput(auditFiltersSchema, filters);
  const rows = await repo.selectAuditEvents(deps.db, f);
  const page = rows.slice(0, f.limit);
  return {
    events: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { kind: r.actor_kind, id: r.actor_id, label: r.actor_label },
      action: r.action,
      outcome: r.outcome,
      target: r.target_kind ? { kind: r.target_kind, id: r.target_id } : null,
      ip: r.ip,
      requestId: r.request_id,
      data: r.data,
    })),
    nextBefore: rows.length > f.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
