import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export type AuditActorKind = 'staff' | 'api_key' | 'cli' | 'system' | 'anonymous';

export interface AuditEventsTable {
  id: Generated<number>;
  at: Timestamp;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  outcome: Generated<'success' | 'failure'>;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  data: Json<Record<string, unknown>>;
}

/** Kysely types of the audit log; folded into Database through IdentityTables (schema.ts). */
export interface AuditTables {
  audit_events: AuditEventsTable;
}
