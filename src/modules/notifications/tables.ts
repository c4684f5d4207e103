import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export type NotificationChannel = 'email' | 'sms';
export type OutboxStatus = 'pending' | 'delivered' | 'suppressed' | 'failed';

/** Kysely types of the notification tables (0015_notifications.sql). */
export interface NotificationsTables {
  notification_outbox: {
    id: Generated<number>;
    event_key: string;
    channel: NotificationChannel;
    recipient: string;
    locale: string;
    template: string;
    data: Json<Record<string, unknown>>;
    scope: Generated<string>;
    status: Generated<OutboxStatus>;
    attempts: Generated<number>;
    last_error: string | null;
    provider_id: string | null;
    provider_response: string | null;
    created_at: Timestamp;
    finished_at: Timestamp | null;
  };
  notification_suppressions: {
    channel: NotificationChannel;
    recipient: string;
    scope: Generated<string>;
    reason: 'unsubscribed' | 'bounced' | 'stop' | 'complaint';
    detail: string | null;
    created_at: Timestamp;
  };
  inbound_messages: {
    id: Generated<number>;
    received_via: 'smtp' | 'webhook';
    message_id: string | null;
    from_address: string | null;
    from_name: string | null;
    to_addresses: ColumnType<string[], string[] | undefined, string[]>;
    subject: string | null;
    text_body: string | null;
    reply_text: string | null;
    kind: 'new' | 'reply' | 'auto_reply' | 'bounce';
    request_id: number | null;
    outbox_id: number | null;
    bounced_recipient: string | null;
    attachments: Json<Array<{ filename: string | null; contentType: string; size: number; sha256: string; kept: boolean }>>;
    contact_id: number | null;
    received_at: Timestamp;
  };
  inbound_attachments: {
    id: Generated<number>;
    message_id: number;
    filename: string | null;
    content_type: string;
    size: number;
    sha256: string;
    content: Buffer;
  };
  survey_responses: {
    id: Generated<number>;
    kind: 'request' | 'contact';
    subject_id: number;
    respondent: string;
    rating: number;
    comment: string | null;
    locale: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  notification_keys: {
    id: number;
    secret: string;
    created_at: Generated<Date>;
  };
}

export type OutboxRow = Selectable<NotificationsTables['notification_outbox']>;
