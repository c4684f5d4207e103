import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Kysely types of the resident-account tables (0009_residents.sql). */
export interface ResidentsTables {
  residents: {
    id: Generated<number>;
    email: string;
    locale: Generated<string>;
    created_at: Timestamp;
    last_sign_in_at: Timestamp | null;
  };
  resident_sign_in_links: {
    token_hash: string;
    email: string;
    locale: Generated<string>;
    return_to: string | null;
    created_at: Timestamp;
    expires_at: Timestamp;
    used_at: Timestamp | null;
  };
  resident_sessions: {
    token_hash: string;
    resident_id: number;
    created_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
  };
}
