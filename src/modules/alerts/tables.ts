import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the alert tables (migration 0016). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Localized = ColumnType<Record<string, string>, string, string>;

export const SEVERITIES = ['extreme', 'severe', 'moderate', 'minor'] as const;
export const URGENCIES = ['immediate', 'expected', 'future', 'past', 'unknown'] as const;
export const CERTAINTIES = ['observed', 'likely', 'possible', 'unlikely', 'unknown'] as const;
/** CAP 1.2's categories. */
export const CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;

export interface AlertNoticesTable {
  id: Generated<number>;
  jurisdiction_id: string;
  status: 'draft' | 'published' | 'cancelled';
  severity: (typeof SEVERITIES)[number];
  urgency: (typeof URGENCIES)[number];
  certainty: (typeof CERTAINTIES)[number];
  category: (typeof CATEGORIES)[number];
  event: Localized;
  title: Localized;
  body: Localized;
  instruction: Localized;
  area_kind: 'jurisdiction' | 'district' | 'polygon';
  district_id: string | null;
  area_desc: Localized;
  /** PostgreSQL polygon text '((lon,lat),…)'. */
  area: string;
  starts_at: Timestamp;
  expires_at: Timestamp;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface AlertNoticeMessagesTable {
  id: Generated<number>;
  notice_id: number;
  msg_type: 'Alert' | 'Update' | 'Cancel';
  identifier: string;
  sent_at: Timestamp;
  recipients: Generated<number>;
}

export interface AlertSubscriptionsTable {
  id: Generated<number>;
  channel: 'email' | 'sms';
  address: string;
  locale: string;
  area_kind: 'jurisdiction' | 'district' | 'polygon' | 'point';
  district_id: string | null;
  area: string;
  notices: Generated<boolean>;
  service_ids: ColumnType<number[], number[] | undefined, number[]>;
  confirm_token_hash: string | null;
  unsubscribe_token: string;
  confirmed_at: NullableTimestamp;
  unsubscribed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AlertCursorTable {
  id: Generated<boolean>;
  last_request_id: number;
}

export interface AlertsTables {
  alert_notices: AlertNoticesTable;
  alert_notice_messages: AlertNoticeMessagesTable;
  alert_subscriptions: AlertSubscriptionsTable;
  alert_cursor: AlertCursorTable;
}
