-- The referral directory (information & referral), modelled on Open Referral HSDS 3.0:
-- organizations deliver services at locations; phones, schedules, languages, accessibility,
-- service areas and addresses hang off them; services are classified by taxonomy terms.
-- Ids are HSDS's own string ids, kept from the source (or derived deterministically when a source
-- row has none), so re-importing the same data updates rows in place. Text is plain text.
-- `last_modified` changes only when an import actually changes a record (or its children, for
-- services): it answers the API's `modified_after`.

CREATE TABLE directory_organizations (
  id text PRIMARY KEY CHECK (id <> ''),
  name text NOT NULL CHECK (name <> ''),
  alternate_name text,
  description text NOT NULL DEFAULT '',
  email text,
  website text,
  tax_status text,
  tax_id text,
  year_incorporated integer,
  legal_status text,
  logo text,
  uri text,
  parent_organization_id text,
  last_modified timestamptz NOT NULL
);
CREATE INDEX directory_organizations_name ON directory_organizations (name, id);
CREATE INDEX directory_organizations_modified ON directory_organizations (last_modified);

CREATE TABLE directory_services (
  id text PRIMARY KEY CHECK (id <> ''),
  organization_id text NOT NULL REFERENCES directory_organizations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  alternate_name text,
  description text,
  url text,
  email text,
  status text NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text,
  application_process text,
  fees_description text,
  wait_time text,
  accreditations text,
  licenses text,
  eligibility_description text,
  minimum_age numeric,
  maximum_age numeric,
  assured_date date,
  assurer_email text,
  alert text,
  last_modified timestamptz NOT NULL
);
-- Exports and API pages walk services in byte order of id (the same on every engine and locale).
CREATE INDEX directory_services_id_bytes ON directory_services (id COLLATE "C");
CREATE INDEX directory_services_organization ON directory_services (organization_id);
CREATE INDEX directory_services_name ON directory_services (name, id);
CREATE INDEX directory_services_modified ON directory_services (last_modified);

CREATE TABLE directory_locations (
  id text PRIMARY KEY CHECK (id <> ''),
  location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
  url text,
  organization_id text REFERENCES directory_organizations (id) ON DELETE SET NULL,
  name text,
  alternate_name text,
  description text,
  transportation text,
  -- point(longitude, latitude), WGS84; null when the source gives no coordinates.
  coordinates point,
  external_identifier text,
  external_identifier_type text,
  last_modified timestamptz NOT NULL
);
CREATE INDEX directory_locations_organization ON directory_locations (organization_id);
CREATE INDEX directory_locations_coordinates ON directory_locations USING gist (coordinates);

CREATE TABLE directory_addresses (
  id text PRIMARY KEY CHECK (id <> ''),
  location_id text NOT NULL REFERENCES directory_locations (id) ON DELETE CASCADE,
  attention text,
  address_1 text NOT NULL,
  address_2 text,
  city text NOT NULL,
  region text,
  state_province text NOT NULL,
  postal_code text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  address_type text NOT NULL CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX directory_addresses_location ON directory_addresses (location_id);

CREATE TABLE directory_service_at_locations (
  id text PRIMARY KEY CHECK (id <> ''),
  service_id text NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE,
  location_id text NOT NULL REFERENCES directory_locations (id) ON DELETE CASCADE,
  description text,
  last_modified timestamptz NOT NULL
);
CREATE INDEX directory_service_at_locations_service ON directory_service_at_locations (service_id);
CREATE INDEX directory_service_at_locations_location ON directory_service_at_locations (location_id);

CREATE TABLE directory_phones (
  id text PRIMARY KEY CHECK (id <> ''),
  organization_id text REFERENCES directory_organizations (id) ON DELETE CASCADE,
  service_id text REFERENCES directory_services (id) ON DELETE CASCADE,
  location_id text REFERENCES directory_locations (id) ON DELETE CASCADE,
  service_at_location_id text REFERENCES directory_service_at_locations (id) ON DELETE CASCADE,
  number text NOT NULL CHECK (number <> ''),
  extension numeric,
  type text,
  description text,
  CHECK (num_nonnulls(organization_id, service_id, location_id, service_at_location_id) > 0)
);
CREATE INDEX directory_phones_organization ON directory_phones (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX directory_phones_service ON directory_phones (service_id) WHERE service_id IS NOT NULL;
CREATE INDEX directory_phones_location ON directory_phones (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX directory_phones_service_at_location ON directory_phones (service_at_location_id) WHERE service_at_location_id IS NOT NULL;

-- HSDS 3.0 schedules are RFC 5545 recurrence rules; a 1.x regular_schedule row becomes
-- freq WEEKLY, byday one day, opens_at/closes_at. Times are 'HH:MM' or 'HH:MM:SS' with an optional offset.
CREATE TABLE directory_schedules (
  id text PRIMARY KEY CHECK (id <> ''),
  service_id text REFERENCES directory_services (id) ON DELETE CASCADE,
  location_id text REFERENCES directory_locations (id) ON DELETE CASCADE,
  service_at_location_id text REFERENCES directory_service_at_locations (id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  dtstart date,
  timezone numeric,
  until date,
  count integer,
  wkst text CHECK (wkst IN ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')),
  freq text CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  interval integer CHECK (interval > 0),
  byday text CHECK (byday ~ '^(-?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))(,-?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))*$'),
  byweekno text,
  bymonthday text,
  byyearday text,
  description text,
  opens_at text CHECK (opens_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?$'),
  closes_at text CHECK (closes_at ~ '^([01][0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?$'),
  schedule_link text,
  attending_type text,
  notes text,
  CHECK (num_nonnulls(service_id, location_id, service_at_location_id) > 0),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX directory_schedules_service ON directory_schedules (service_id) WHERE service_id IS NOT NULL;
CREATE INDEX directory_schedules_location ON directory_schedules (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX directory_schedules_service_at_location ON directory_schedules (service_at_location_id) WHERE service_at_location_id IS NOT NULL;

CREATE TABLE directory_languages (
  id text PRIMARY KEY CHECK (id <> ''),
  service_id text REFERENCES directory_services (id) ON DELETE CASCADE,
  location_id text REFERENCES directory_locations (id) ON DELETE CASCADE,
  phone_id text REFERENCES directory_phones (id) ON DELETE CASCADE,
  name text,
  code text,
  note text,
  CHECK (num_nonnulls(service_id, location_id, phone_id) > 0),
  CHECK (num_nonnulls(name, code) > 0)
);
CREATE INDEX directory_languages_service ON directory_languages (service_id) WHERE service_id IS NOT NULL;
CREATE INDEX directory_languages_location ON directory_languages (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX directory_languages_phone ON directory_languages (phone_id) WHERE phone_id IS NOT NULL;

CREATE TABLE directory_accessibility (
  id text PRIMARY KEY CHECK (id <> ''),
  location_id text NOT NULL REFERENCES directory_locations (id) ON DELETE CASCADE,
  description text,
  details text,
  url text,
  CHECK (num_nonnulls(description, details, url) > 0)
);
CREATE INDEX directory_accessibility_location ON directory_accessibility (location_id);

CREATE TABLE directory_service_areas (
  id text PRIMARY KEY CHECK (id <> ''),
  service_id text NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE,
  name text,
  description text,
  extent text,
  extent_type text,
  uri text
);
CREATE INDEX directory_service_areas_service ON directory_service_areas (service_id);

-- A taxonomy (vocabulary) such as AIRS/211 LA; its terms form a tree through parent_id.
CREATE TABLE directory_taxonomies (
  id text PRIMARY KEY CHECK (id <> ''),
  name text NOT NULL CHECK (name <> ''),
  description text NOT NULL DEFAULT '',
  uri text,
  version text
);

CREATE TABLE directory_taxonomy_terms (
  id text PRIMARY KEY CHECK (id <> ''),
  code text,
  name text NOT NULL CHECK (name <> ''),
  description text NOT NULL DEFAULT '',
  -- Not a foreign key: a term may name a parent from a taxonomy that is not (yet) loaded.
  parent_id text,
  taxonomy_id text REFERENCES directory_taxonomies (id) ON DELETE SET NULL,
  language text,
  term_uri text
);
CREATE INDEX directory_taxonomy_terms_parent ON directory_taxonomy_terms (parent_id);
CREATE INDEX directory_taxonomy_terms_taxonomy ON directory_taxonomy_terms (taxonomy_id);
CREATE INDEX directory_taxonomy_terms_name ON directory_taxonomy_terms (name, id);

-- HSDS 3.0 `attribute` rows linking a service to a taxonomy term (1.x `service_taxonomy`).
CREATE TABLE directory_service_taxonomy_terms (
  id text PRIMARY KEY CHECK (id <> ''),
  service_id text NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE,
  taxonomy_term_id text NOT NULL REFERENCES directory_taxonomy_terms (id) ON DELETE CASCADE,
  link_type text NOT NULL,
  value text
);
CREATE INDEX directory_service_taxonomy_terms_service ON directory_service_taxonomy_terms (service_id);
CREATE INDEX directory_service_taxonomy_terms_term ON directory_service_taxonomy_terms (taxonomy_term_id, service_id);
