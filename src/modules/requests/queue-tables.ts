import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the queue's tables (migration 0020). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface QueueViewsTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  filters: Json<Record<string, string>>;
  sort: string;
  shared_department_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResponseTemplatesTable {
  id: Generated<number>;
  department_id: string;
  name: string;
  texts: Json<Record<string, string>>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: number | null;
  updated_by: number | null;
}

export interface QueueTables {
  queue_views: QueueViewsTable;
  response_templates: ResponseTemplatesTable;
}
