import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DirectoryTables } from '../modules/directory/tables.ts';
import type { HistoryTables } from '../modules/history/tables.ts';
import type { KbTables } from '../modules/kb/tables.ts';
import type { NotificationsTables } from '../modules/notifications/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { ResidentsTables } from '../modules/residents/tables.ts';
import type { SearchTables } from '../modules/search/tables.ts';
import type { SmsTables } from '../modules/sms/tables.ts';
import type { AlertsTables } from '../modules/alerts/tables.ts';
import type { ChatTables } from '../modules/chat/tables.ts';
import type { MediaTables } from '../modules/media/tables.ts';
import type { ContactsTables } from '../modules/contacts/tables.ts';
import type { QueueTables } from '../modules/requests/queue-tables.ts';
import type { GeoTables } from '../modules/geo/tables.ts';

/** Text in several languages, keyed by language tag. */
export type Localized = Record<string, string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** PostgreSQL geometric values travel as text: '(x,y)' for a point, '((x,y),...)' for a polygon. */
type Geometry = string;

export interface JurisdictionsTable {
  id: string;
  name: Json<Localized>;
  time_zone: string;
  tracking_prefix: string;
  open311_jurisdiction_id: string;
  boundary: Geometry;
  observes_federal_holidays: Generated<boolean>;
  is_default: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface BusinessHoursTable {
  jurisdiction_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

export interface HolidaysTable {
  jurisdiction_id: string;
  day: ColumnType<string, string, string>;
  name: string;
}

export interface DepartmentsTable {
  id: string;
  jurisdiction_id: string;
  kind: 'department' | 'agency';
  agency_kind: string;
  acronym: string | null;
  name: Json<Localized>;
  description: Json<Localized>;
  phone: string | null;
  email: string | null;
  web: string | null;
  hours: Json<Localized>;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ServiceGroupsTable {
  code: string;
  name: Json<Localized>;
  sort_order: Generated<number>;
}

export interface ServicesTable {
  id: Generated<number>;
  jurisdiction_id: string;
  service_code: string;
  name: Json<Localized>;
  description: Json<Localized>;
  group_code: string | null;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  handling: 'resolve' | 'intake' | 'refer';
  department_id: string;
  answer: Json<Localized> | null;
  sla_hours: number | null;
  sla_kind: Generated<'business' | 'calendar'>;
  default_priority: Generated<Priority>;
  confidential: Generated<boolean>;
  active: Generated<boolean>;
  duplicate_radius_m: Generated<number>;
  duplicate_window_days: Generated<number>;
  /** Open data publishes its requests' locations coarsened to a grid cell (0014). */
  coarse_public_location: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** Bumped by every staff change to the service or its questions (0023), for optimistic concurrency. */
  version: Generated<number>;
}

export interface AttributeValue {
  key: string;
  name: Localized;
}

export interface ServiceAttributesTable {
  service_id: number;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  variable: Generated<boolean>;
  description: Json<Localized>;
  datatype_description: Json<Localized>;
  sort_order: number;
  values: Json<AttributeValue[]>;
  /** Set when staff remove the question (0023): kept to explain stored answers, hidden from new requests. */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DistrictsTable {
  id: string;
  jurisdiction_id: string;
  kind: string;
  name: Json<Localized>;
  population: number | null;
  area: Geometry;
  approximate: Generated<boolean>;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  jurisdiction_id: string;
  service_id: number | null;
  district_id: string | null;
  department_id: string;
  priority: Generated<number>;
  description: Generated<string>;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface TrackingCountersTable {
  jurisdiction_id: string;
  year: number;
  last_value: number;
}

export interface ServiceRequestsTable {
  id: Generated<number>;
  tracking_number: string;
  jurisdiction_id: string;
  service_id: number;
  status: string;
  priority: Priority;
  channel: string;
  description: string;
  location: Geometry | null;
  address: string | null;
  district_id: string | null;
  department_id: string;
  routing_rule_id: number | null;
  attributes: Json<Record<string, unknown>>;
  requester_name: string | null;
  requester_email: string | null;
  requester_phone: string | null;
  confidential: boolean;
  parent_id: number | null;
  referred_to: string | null;
  support_count: Generated<number>;
  due_at: Timestamp | null;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  breached_at: Timestamp | null;
  hold_started_at: Timestamp | null;
  /** The staff member working the request (0007); null while it waits in its department's queue. */
  assigned_to: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Imported requests (0014): the system they came from and their id there; null for our own. */
  source: ColumnType<string | null, string | null | undefined, string | null>;
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RequestEventsTable {
  id: Generated<number>;
  request_id: number;
  at: Timestamp;
  actor: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  public_note: string | null;
  internal_note: string | null;
  data: Json<Record<string, unknown>>;
}

export interface RequestSupportersTable {
  id: Generated<number>;
  request_id: number;
  channel: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  comment: string | null;
  created_at: Timestamp;
}

export interface RequestFollowersTable {
  id: Generated<number>;
  request_id: number;
  email: string | null;
  phone: string | null;
  locale: Generated<string>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  body_hash: string;
  request_id: number;
  created_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: DefaultTimestamp;
}

/**
 * Every table, as Kysely sees them. Modules query only their own; a module's tables are typed in its
 * own `tables.ts` and folded in here.
 */
export interface Database extends MediaTables, IdentityTables, DirectoryTables, ResidentsTables, KbTables, HistoryTables, SearchTables, NotificationsTables, SmsTables, AlertsTables, ChatTables, ContactsTables, GeoTables, QueueTables {
  jurisdictions: JurisdictionsTable;
  business_hours: BusinessHoursTable;
  holidays: HolidaysTable;
  departments: DepartmentsTable;
  service_groups: ServiceGroupsTable;
  services: ServicesTable;
  service_attributes: ServiceAttributesTable;
  districts: DistrictsTable;
  routing_rules: RoutingRulesTable;
  tracking_counters: TrackingCountersTable;
  service_requests: ServiceRequestsTable;
  request_events: RequestEventsTable;
  request_supporters: RequestSupportersTable;
  request_followers: RequestFollowersTable;
  idempotency_keys: IdempotencyKeysTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type ServiceRow = Selectable<ServicesTable>;
export type ServiceAttributeRow = Selectable<ServiceAttributesTable>;
export type ServiceRequestRow = Selectable<ServiceRequestsTable>;
export type RequestEventRow = Selectable<RequestEventsTable>;
export type NewRequestEvent = Insertable<RequestEventsTable>;
export type JobRow = Selectable<JobsTable>;
