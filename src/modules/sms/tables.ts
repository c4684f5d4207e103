import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the SMS tables (migration 0016). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type DialogueStep = 'idle' | 'choose_service' | 'attribute' | 'where' | 'confirm';

export interface SmsMessagesTable {
  id: Generated<number>;
  direction: 'in' | 'out';
  phone: string;
  body: string;
  provider_sid: string | null;
  request_id: number | null;
  created_at: Timestamp;
}

export interface SmsConversationsTable {
  phone: string;
  locale: string;
  step: DialogueStep;
  data: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface SmsTables {
  sms_messages: SmsMessagesTable;
  sms_conversations: SmsConversationsTable;
}
