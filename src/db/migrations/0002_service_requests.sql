-- Service requests, their immutable timeline, supporters, followers and idempotency keys.

CREATE TABLE tracking_counters (
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  year integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (jurisdiction_id, year)
);

CREATE TABLE service_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tracking_number text NOT NULL UNIQUE,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  service_id bigint NOT NULL REFERENCES services (id),
  status text NOT NULL CHECK (status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'resolved', 'closed',
                                         'cancelled', 'duplicate', 'referred', 'reopened')),
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'walk_in', 'email', 'sms', 'chat', 'app', 'open311', 'import')),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
  location point,
  address text CHECK (char_length(address) <= 500),
  district_id text REFERENCES districts (id),
  department_id text NOT NULL REFERENCES departments (id),
  routing_rule_id bigint REFERENCES routing_rules (id) ON DELETE SET NULL,
  attributes jsonb NOT NULL DEFAULT '{}',
  requester_name text,
  requester_email text,
  requester_phone text,
  confidential boolean NOT NULL DEFAULT false,
  parent_id bigint REFERENCES service_requests (id),
  referred_to text REFERENCES departments (id),
  support_count integer NOT NULL DEFAULT 0 CHECK (support_count >= 0),
  due_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  breached_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status <> 'duplicate' OR parent_id IS NOT NULL),
  CHECK (parent_id IS NULL OR parent_id <> id)
);

-- Duplicate lookup: open requests near a point (GiST on the point, only over open requests).
CREATE INDEX service_requests_open_location ON service_requests USING gist (location)
  WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
-- The SLA sweep: open requests not yet breached, by due time.
CREATE INDEX service_requests_sla_due ON service_requests (due_at)
  WHERE breached_at IS NULL AND due_at IS NOT NULL
    AND status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
CREATE INDEX service_requests_service_created ON service_requests (service_id, created_at DESC);
CREATE INDEX service_requests_department_status ON service_requests (department_id, status, created_at DESC);
CREATE INDEX service_requests_updated ON service_requests (updated_at);
CREATE INDEX service_requests_parent ON service_requests (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE request_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL,
  from_status text,
  to_status text,
  public_note text CHECK (char_length(public_note) <= 4000),
  internal_note text CHECK (char_length(internal_note) <= 4000),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- The timeline is append-only: nothing in the application may rewrite history.
CREATE FUNCTION forbid_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
  FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();
CREATE TRIGGER request_events_no_truncate BEFORE TRUNCATE ON request_events
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_rewrite();

CREATE TABLE request_supporters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  channel text NOT NULL,
  name text,
  email text,
  phone text,
  comment text CHECK (char_length(comment) <= 4000),
  created_at timestamptz NOT NULL
);
CREATE INDEX request_supporters_request ON request_supporters (request_id);

CREATE TABLE request_followers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  email text,
  phone text,
  locale text NOT NULL DEFAULT 'en',
  created_at timestamptz NOT NULL,
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE UNIQUE INDEX request_followers_unique ON request_followers (request_id, lower(coalesce(email, '')), coalesce(phone, ''));

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  body_hash text NOT NULL,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
