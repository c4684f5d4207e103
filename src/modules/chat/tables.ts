import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the chat tables (migration 0021). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const CONVERSATION_STATUSES = ['waiting', 'active', 'ended', 'left_message'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const EVENT_KINDS = ['waiting', 'accepted', 'message', 'ended', 'left_message'] as const;
export type ChatEventKind = (typeof EVENT_KINDS)[number];
export type ChatAuthor = 'resident' | 'agent' | 'system';

export interface ChatConversationsTable {
  id: Generated<number>;
  jurisdiction_id: string;
  token_hash: string | null;
  status: ConversationStatus;
  locale: string;
  display_name: string | null;
  topic: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  agent_id: number | null;
  created_at: Timestamp;
  accepted_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  ended_by: 'resident' | 'agent' | 'system' | null;
  outcome: string | null;
  contact_id: number | null;
  callback_done_at: NullableTimestamp;
  callback_done_by: number | null;
}

export interface ChatEventsTable {
  id: Generated<number>;
  conversation_id: number;
  kind: ChatEventKind;
  author: ChatAuthor;
  agent_id: number | null;
  body: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface ChatPresenceTable {
  user_id: number;
  available: boolean;
  seen_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChatTables {
  chat_conversations: ChatConversationsTable;
  chat_events: ChatEventsTable;
  chat_presence: ChatPresenceTable;
}
