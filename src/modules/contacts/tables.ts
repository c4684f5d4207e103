import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the contacts module's tables (migration 0017). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export const CONTACT_CHANNELS = ['phone', 'walk_in', 'email', 'web', 'sms', 'chat', 'social'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];
export const CONTACT_OUTCOMES = ['answered', 'request_created', 'referred', 'transferred', 'abandoned', 'callback'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export const TOPIC_KINDS = ['service', 'article'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

export interface CustomersTable {
  id: Generated<number>;
  name: string | null;
  phones: ColumnType<string[], string[] | undefined, string[]>;
  emails: ColumnType<string[], string[] | undefined, string[]>;
  address: string | null;
  /** '(long,lat)' as PostgreSQL writes a point. */
  location: string | null;
  district_id: string | null;
  preferred_language: string | null;
  accessibility_needs: string | null;
  consent_to_contact: ColumnType<boolean, boolean | undefined, boolean>;
  notes: string | null;
  name_key: ColumnType<string, string | undefined, string>;
  search_text: ColumnType<string, string | undefined, string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  merged_into_id: number | null;
}

export interface ContactsTable {
  id: Generated<number>;
  jurisdiction_id: string;
  channel: ContactChannel;
  direction: ColumnType<ContactDirection, ContactDirection | undefined, ContactDirection>;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  wait_seconds: number | null;
  handle_seconds: number | null;
  agent_id: number | null;
  language: string | null;
  interpreter_used: ColumnType<boolean, boolean | undefined, boolean>;
  customer_id: number | null;
  outcome: ContactOutcome | null;
  resolved_first_contact: boolean | null;
  referred_agency_id: string | null;
  transferred_department_id: string | null;
  district_id: string | null;
  notes: string | null;
  source: string | null;
  source_ref: string | null;
  transcript: Json<unknown> | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactTopicsTable {
  contact_id: number;
  kind: TopicKind;
  ref: string;
}

export interface ContactRequestsTable {
  contact_id: number;
  request_id: number;
}

export interface VisitsTable {
  id: Generated<number>;
  contact_id: number;
  visitor_name: string;
  purpose: string;
  host: string;
  badge_number: string | null;
  signed_in_at: Timestamp;
  signed_out_at: Timestamp | null;
}

export interface ContactsTables {
  customers: CustomersTable;
  contacts: ContactsTable;
  contact_topics: ContactTopicsTable;
  contact_requests: ContactRequestsTable;
  visits: VisitsTable;
}
