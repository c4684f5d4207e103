import type { ColumnType } from 'kysely';

/** Kysely types of the tables of the referral directory modelled on Open Referral HSDS 3.0. schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns travel as 'YYYY-MM-DD' text on both engines. */
type DateText = string;

export interface DirectoryOrganizationsTable {
  id: string;
  name: string;
  alternate_name: string | null;
  description: string;
  email: string | null;
  website: string | null;
  tax_status: string | null;
  tax_id: string | null;
  year_incorporated: number | null;
  legal_status: string | null;
  logo: string | null;
  uri: string | null;
  parent_organization_id: string | null;
  last_modified: Timestamp;
}

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export interface DirectoryServicesTable {
  id: string;
  organization_id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  wait_time: string | null;
  accreditations: string | null;
  licenses: string | null;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  assured_date: DateText | null;
  assurer_email: string | null;
  alert: string | null;
  last_modified: Timestamp;
}

export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export interface DirectoryLocationsTable {
  id: string;
  location_type: LocationType;
  url: string | null;
  organization_id: string | null;
  name: string | null;
  alternate_name: string | null;
  description: string | null;
  transportation: string | null;
  /** '(longitude,latitude)' as PostgreSQL point text. */
  coordinates: string | null;
  external_identifier: string | null;
  external_identifier_type: string | null;
  last_modified: Timestamp;
}

export interface DirectoryAddressesTable {
  id: string;
  location_id: string;
  attention: string | null;
  address_1: string;
  address_2: string | null;
  city: string;
  region: string | null;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: LocationType;
}

export interface DirectoryServiceAtLocationsTable {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
  last_modified: Timestamp;
}

export interface DirectoryPhonesTable {
  id: string;
  organization_id: string | null;
  service_id: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
}

export interface DirectorySchedulesTable {
  id: string;
  service_id: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  valid_from: DateText | null;
  valid_to: DateText | null;
  dtstart: DateText | null;
  timezone: number | null;
  until: DateText | null;
  count: number | null;
  wkst: string | null;
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  byweekno: string | null;
  bymonthday: string | null;
  byyearday: string | null;
  description: string | null;
  opens_at: string | null;
  closes_at: string | null;
  schedule_link: string | null;
  attending_type: string | null;
  notes: string | null;
}

export interface DirectoryLanguagesTable {
  id: string;
  service_id: string | null;
  location_id: string | null;
  phone_id: string | null;
  name: string | null;
  code: string | null;
  note: string | null;
}

export interface DirectoryAccessibilityTable {
  id: string;
  location_id: string;
  description: string | null;
  details: string | null;
  url: string | null;
}

export interface DirectoryServiceAreasTable {
  id: string;
  service_id: string;
  name: string | null;
  description: string | null;
  extent: string | null;
  extent_type: string | null;
  uri: string | null;
}

export interface DirectoryTaxonomiesTable {
  id: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

export interface DirectoryTaxonomyTermsTable {
  id: string;
  code: string | null;
  name: string;
  description: string;
  parent_id: string | null;
  taxonomy_id: string | null;
  language: string | null;
  term_uri: string | null;
}

export interface DirectoryServiceTaxonomyTermsTable {
  id: string;
  service_id: string;
  taxonomy_term_id: string;
  link_type: string;
  value: string | null;
}

export interface DirectoryTables {
  directory_organizations: DirectoryOrganizationsTable;
  directory_services: DirectoryServicesTable;
  directory_locations: DirectoryLocationsTable;
  directory_addresses: DirectoryAddressesTable;
  directory_service_at_locations: DirectoryServiceAtLocationsTable;
  directory_phones: DirectoryPhonesTable;
  directory_schedules: DirectorySchedulesTable;
  directory_languages: DirectoryLanguagesTable;
  directory_accessibility: DirectoryAccessibilityTable;
  directory_service_areas: DirectoryServiceAreasTable;
  directory_taxonomies: DirectoryTaxonomiesTable;
  directory_taxonomy_terms: DirectoryTaxonomyTermsTable;
  directory_service_taxonomy_terms: DirectoryServiceTaxonomyTermsTable;
}
