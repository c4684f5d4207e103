-- Service catalog: jurisdictions with their business calendars, departments and outside agencies,
-- service groups, services with Open311 attributes, districts, routing rules.
-- Localised text is jsonb keyed by language tag: {"en": "...", "es": "..."}.

CREATE TABLE jurisdictions (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
  name jsonb NOT NULL CHECK (name ? 'en'),
  time_zone text NOT NULL,
  tracking_prefix text NOT NULL UNIQUE CHECK (tracking_prefix ~ '^[A-Z]{2,5}$'),
  open311_jurisdiction_id text NOT NULL UNIQUE,
  boundary polygon NOT NULL,
  observes_federal_holidays boolean NOT NULL DEFAULT true,
  -- The jurisdiction a request belongs to when the caller names none (the city of a city-county pair).
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX jurisdictions_one_default ON jurisdictions (is_default) WHERE is_default;

CREATE TABLE business_hours (
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL CHECK (closes > opens),
  PRIMARY KEY (jurisdiction_id, weekday, opens)
);

CREATE TABLE holidays (
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  day date NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (jurisdiction_id, day)
);

CREATE TABLE departments (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('department', 'agency')),
  agency_kind text NOT NULL CHECK (agency_kind IN ('city', 'county', 'state', 'transit', '211', '911', 'other')),
  acronym text,
  name jsonb NOT NULL CHECK (name ? 'en'),
  description jsonb NOT NULL DEFAULT '{}',
  phone text,
  email text,
  web text,
  hours jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE service_groups (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{1,64}$'),
  name jsonb NOT NULL CHECK (name ? 'en'),
  sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE services (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  service_code text NOT NULL CHECK (service_code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name jsonb NOT NULL CHECK (name ? 'en'),
  description jsonb NOT NULL DEFAULT '{}',
  group_code text REFERENCES service_groups (code),
  keywords text[] NOT NULL DEFAULT '{}',
  handling text NOT NULL CHECK (handling IN ('resolve', 'intake', 'refer')),
  department_id text NOT NULL REFERENCES departments (id),
  answer jsonb,
  sla_hours numeric CHECK (sla_hours > 0),
  sla_kind text NOT NULL DEFAULT 'business' CHECK (sla_kind IN ('business', 'calendar')),
  default_priority text NOT NULL DEFAULT 'normal' CHECK (default_priority IN ('low', 'normal', 'high', 'urgent')),
  confidential boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  duplicate_radius_m integer NOT NULL DEFAULT 50 CHECK (duplicate_radius_m BETWEEN 0 AND 5000),
  duplicate_window_days integer NOT NULL DEFAULT 30 CHECK (duplicate_window_days BETWEEN 0 AND 365),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_id, service_code)
);

CREATE TABLE service_attributes (
  service_id bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  datatype text NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
  required boolean NOT NULL DEFAULT false,
  variable boolean NOT NULL DEFAULT true,
  description jsonb NOT NULL CHECK (description ? 'en'),
  datatype_description jsonb NOT NULL DEFAULT '{}',
  sort_order integer NOT NULL DEFAULT 0,
  "values" jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (service_id, code)
);

CREATE TABLE districts (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL,
  name jsonb NOT NULL CHECK (name ? 'en'),
  population integer CHECK (population >= 0),
  area polygon NOT NULL,
  approximate boolean NOT NULL DEFAULT false
);
CREATE INDEX districts_area ON districts USING gist (area);

CREATE TABLE routing_rules (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  service_id bigint REFERENCES services (id) ON DELETE CASCADE,
  district_id text REFERENCES districts (id) ON DELETE CASCADE,
  department_id text NOT NULL REFERENCES departments (id),
  priority integer NOT NULL DEFAULT 100,
  description text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_lookup ON routing_rules (jurisdiction_id, service_id) WHERE active;
