import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { auditFiltersSchema } from './schemas.ts';
import type { AuditEventsTable } from './tables.ts';

/** Audit-log SQL: the only file that touches audit_events. */

export async function insertAuditEvent(db: Db, row: Insertable<AuditEventsTable>): Promise<number> {
  const { id } = await db.insertInto('audit_events').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function selectAuditEvents(db: Db, f: z.output<typeof auditFiltersSchema>) {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(f.limit + 1);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.area) q = q.where('action', 'like', `${f.area.replace(/_/g, '\\_')}.%`); // `_` is a LIKE wildcard
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.actorKind) q = q.where('actor_kind', '=', f.actorKind);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.targetKind) q = q.where('target_kind', '=', f.targetKind);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.from) q = q.where('at', '>=', new Date(f.from));
  if (f.to) q = q.where('at', '<', new Date(f.to));
  if (f.before) q = q.where('id', '<', f.before);
  return q.execute();
}
