-- Analytics (issue 9): hourly rollups of service requests and contacts, kept current from a log of
-- "dirty" hours that statement-level triggers write whenever a row that counts changes (inserts from
-- the history import included, whatever their dates), and district populations for the equity lens.
-- Definitions of every figure: docs/metrics.md. Hours are UTC hours (date_trunc(..., 'UTC')).

-- Hours whose figures must be recomputed. An append-only log (no unique key), so writers never wait
-- on each other; the refresh deletes what it sees and recomputes those hours.
CREATE TABLE analytics_dirty (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('requests', 'contacts')),
  hour timestamptz NOT NULL
);

-- One row per UTC hour × service × district ('' = none) × channel × department. Each column counts
-- the facts that happened in that hour: opened (created_at), closed (closed_at), first responses
-- (first_response_at), resolutions and SLA outcome (resolved_at), reopens (timeline event time),
-- surveys (answer time). Durations are sums in seconds; their distributions are in the bins below.
CREATE TABLE analytics_request_hourly (
  hour timestamptz NOT NULL,
  service_id bigint NOT NULL,
  district_id text NOT NULL,
  channel text NOT NULL,
  department_id text NOT NULL,
  opened integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  first_responses integer NOT NULL DEFAULT 0,
  first_response_seconds double precision NOT NULL DEFAULT 0,
  resolutions integer NOT NULL DEFAULT 0,
  resolution_seconds double precision NOT NULL DEFAULT 0,
  sla_met integer NOT NULL DEFAULT 0,
  sla_breached integer NOT NULL DEFAULT 0,
  reopens integer NOT NULL DEFAULT 0,
  surveys integer NOT NULL DEFAULT 0,
  survey_rating_sum integer NOT NULL DEFAULT 0,
  surveys_satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, service_id, district_id, channel, department_id)
);

-- Duration histograms for medians and 90th percentiles: bin b holds durations d (seconds) with
-- floor(ln(max(d,1)) / ln(1.1)) = b, so a quantile read from the bins is within 5% of the exact one.
CREATE TABLE analytics_duration_bins (
  hour timestamptz NOT NULL,
  service_id bigint NOT NULL,
  district_id text NOT NULL,
  channel text NOT NULL,
  department_id text NOT NULL,
  measure text NOT NULL CHECK (measure IN ('first_response', 'resolution')),
  bin smallint NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (hour, measure, service_id, district_id, channel, department_id, bin)
);

-- Contacts by UTC hour (started_at) × channel × direction × language ('' = not recorded) × district.
CREATE TABLE analytics_contact_hourly (
  hour timestamptz NOT NULL,
  channel text NOT NULL,
  direction text NOT NULL,
  language text NOT NULL,
  district_id text NOT NULL,
  contacts integer NOT NULL DEFAULT 0,
  answered integer NOT NULL DEFAULT 0,
  abandoned integer NOT NULL DEFAULT 0,
  answered_within_25s integer NOT NULL DEFAULT 0,
  waits integer NOT NULL DEFAULT 0,
  wait_seconds double precision NOT NULL DEFAULT 0,
  handles integer NOT NULL DEFAULT 0,
  handle_seconds double precision NOT NULL DEFAULT 0,
  with_outcome integer NOT NULL DEFAULT 0,
  resolved_first_contact integer NOT NULL DEFAULT 0,
  interpreter_used integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, channel, direction, language, district_id)
);

-- Residents per district for "requests per 1,000 residents", loaded by the city (API or CLI).
CREATE TABLE district_population (
  district_id text PRIMARY KEY REFERENCES districts (id) ON DELETE CASCADE,
  population integer NOT NULL CHECK (population > 0),
  source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 300),
  as_of date,
  updated_at timestamptz NOT NULL
);

-- The hours a refresh reads by: each fact's own timestamp.
CREATE INDEX service_requests_closed_at ON service_requests (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX service_requests_resolved_at ON service_requests (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX service_requests_first_response_at ON service_requests (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX request_events_reopened_at ON request_events (at) WHERE to_status = 'reopened';
CREATE INDEX survey_responses_created_at ON survey_responses (created_at) WHERE kind = 'request';

-- Triggers: one statement-level trigger per operation (transition tables allow one event each).
CREATE FUNCTION analytics_mark_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_dirty (kind, hour)
    SELECT DISTINCT 'requests', date_trunc('hour', v.ts, 'UTC')
    FROM new_rows r CROSS JOIN LATERAL (VALUES (r.created_at), (r.closed_at), (r.first_response_at), (r.resolved_at)) v (ts)
    WHERE v.ts IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_dirty (kind, hour)
    SELECT DISTINCT 'requests', date_trunc('hour', v.ts, 'UTC')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.created_at), (o.closed_at), (o.first_response_at), (o.resolved_at),
                               (n.created_at), (n.closed_at), (n.first_response_at), (n.resolved_at)) v (ts)
    WHERE v.ts IS NOT NULL
      AND (o.status, o.created_at, o.closed_at, o.first_response_at, o.resolved_at, o.due_at, o.service_id, o.district_id, o.channel, o.department_id)
          IS DISTINCT FROM (n.status, n.created_at, n.closed_at, n.first_response_at, n.resolved_at, n.due_at, n.service_id, n.district_id, n.channel, n.department_id);
  ELSE
    INSERT INTO analytics_dirty (kind, hour)
    SELECT DISTINCT 'requests', date_trunc('hour', v.ts, 'UTC')
    FROM old_rows r CROSS JOIN LATERAL (VALUES (r.created_at), (r.closed_at), (r.first_response_at), (r.resolved_at)) v (ts)
    WHERE v.ts IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER service_requests_analytics_insert AFTER INSERT ON service_requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_requests();
CREATE TRIGGER service_requests_analytics_update AFTER UPDATE ON service_requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_requests();
CREATE TRIGGER service_requests_analytics_delete AFTER DELETE ON service_requests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_requests();

-- Reopens are counted from the (append-only) timeline.
CREATE FUNCTION analytics_mark_reopens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_dirty (kind, hour)
  SELECT DISTINCT 'requests', date_trunc('hour', e.at, 'UTC') FROM new_rows e WHERE e.to_status = 'reopened';
  RETURN NULL;
END
$$;
CREATE TRIGGER request_events_analytics_insert AFTER INSERT ON request_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_reopens();

-- Survey answers (editable: the rating may change) count in the hour they were first given.
CREATE FUNCTION analytics_mark_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_dirty (kind, hour)
  SELECT DISTINCT 'requests', date_trunc('hour', s.created_at, 'UTC') FROM new_rows s WHERE s.kind = 'request';
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_responses_analytics_insert AFTER INSERT ON survey_responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_surveys();
CREATE TRIGGER survey_responses_analytics_update AFTER UPDATE ON survey_responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_surveys();

-- Contacts (the contact log, migration 0017): the same, by started_at.
CREATE FUNCTION analytics_mark_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty (kind, hour)
    SELECT DISTINCT 'contacts', date_trunc('hour', r.started_at, 'UTC') FROM new_rows r;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty (kind, hour)
    SELECT DISTINCT 'contacts', date_trunc('hour', r.started_at, 'UTC') FROM old_rows r;
  END IF;
  RETURN NULL;
END
$$;

-- Attaches the contact triggers when the contact log exists; `frontdoor analytics rebuild` calls it
-- again, so a database that got the contact log after this migration is covered too.
CREATE FUNCTION analytics_attach_contact_triggers() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('contacts') IS NULL THEN
    RETURN false;
  END IF;
  DROP TRIGGER IF EXISTS contacts_analytics_insert ON contacts;
  DROP TRIGGER IF EXISTS contacts_analytics_update ON contacts;
  DROP TRIGGER IF EXISTS contacts_analytics_delete ON contacts;
  CREATE TRIGGER contacts_analytics_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_contacts();
  CREATE TRIGGER contacts_analytics_update AFTER UPDATE ON contacts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_contacts();
  CREATE TRIGGER contacts_analytics_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_contacts();
  RETURN true;
END
$$;
SELECT analytics_attach_contact_triggers();

-- Existing requests: every hour with one of their facts is dirty, so the first refresh fills the rollups.
INSERT INTO analytics_dirty (kind, hour)
SELECT DISTINCT 'requests', date_trunc('hour', v.ts, 'UTC')
FROM service_requests r CROSS JOIN LATERAL (VALUES (r.created_at), (r.closed_at), (r.first_response_at), (r.resolved_at)) v (ts)
WHERE v.ts IS NOT NULL;
