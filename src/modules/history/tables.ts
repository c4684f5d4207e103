import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Kysely types of the history-import tables (0014_history_import_open_data.sql). */
export interface HistoryTables {
  import_runs: {
    id: Generated<number>;
    jurisdiction_id: string;
    source: string;
    format: string;
    file_name: string;
    file_sha256: string;
    mapping_sha256: string;
    records_done: Generated<number>;
    counts: ColumnType<Record<string, unknown>, string, string>;
    started_at: Timestamp;
    updated_at: Timestamp;
    finished_at: Timestamp | null;
  };
}
