-- Analytics (issue 9): rollups kept current from deltas instead of recomputed hours. The triggers of
-- migration 0022 logged the hours a change touched and the refresh recomputed those whole hours from
-- the raw rows, so each refresh cost as much as the busiest hour held (1.8 million requests at 500
-- creates/s). Now each statement appends the difference it makes to the figures — the facts of its
-- new rows minus those of its old rows, summed per cell — to append-only delta logs (no unique key,
-- so writers never wait on each other), and the refresh adds them to the rollups: its cost follows the
-- number of changes, not the size of an hour. `analytics_dirty` stays: hours logged there (by hand, or
-- left from before this migration) are still recomputed from the raw rows.
-- Definitions of every figure: docs/metrics.md.

-- The difference statements made to each rollup, one row per statement and cell: the rollup's own
-- columns, in the same order, without its key (deltas of the same cell add up).
CREATE TABLE analytics_request_delta (LIKE analytics_request_hourly INCLUDING DEFAULTS);
CREATE TABLE analytics_bin_delta (LIKE analytics_duration_bins INCLUDING DEFAULTS);
CREATE TABLE analytics_contact_delta (LIKE analytics_contact_hourly INCLUDING DEFAULTS);

-- The facts of one request, each multiplied by `s` (1 = add, -1 = take away), with the cell it counts
-- in: opened (created_at), closed, first response, resolution and SLA outcome — the same expressions
-- as the refresh's recomputation (src/modules/analytics/rollup.ts), so both give identical figures.
-- With `linked`, also its reopens (timeline) and survey answers, which count under its dimensions.
CREATE FUNCTION analytics_request_facts(r service_requests, s integer, linked boolean)
RETURNS TABLE (hour timestamptz, service_id bigint, district_id text, channel text, department_id text,
  opened integer, closed integer, duplicates integer, first_responses integer, first_response_seconds double precision,
  resolutions integer, resolution_seconds double precision, sla_met integer, sla_breached integer,
  reopens integer, surveys integer, survey_rating_sum integer, surveys_satisfied integer)
LANGUAGE sql STABLE AS $$
  SELECT date_trunc('hour', f.ts, 'UTC'), r.service_id, coalesce(r.district_id, ''), r.channel, r.department_id,
    s * f.opened, s * f.closed, s * f.duplicates, s * f.first_responses, s * f.first_response_seconds,
    s * f.resolutions, s * f.resolution_seconds, s * f.sla_met, s * f.sla_breached, 0, 0, 0, 0
  FROM (VALUES
    (r.created_at, 1, 0, (r.status = 'duplicate')::int, 0, 0::float8, 0, 0::float8, 0, 0),
    (r.closed_at, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    (r.first_response_at, 0, 0, 0, 1, greatest(extract(epoch FROM r.first_response_at - r.created_at)::float8, 0), 0, 0, 0, 0),
    (r.resolved_at, 0, 0, 0, 0, 0, 1, greatest(extract(epoch FROM r.resolved_at - r.created_at)::float8, 0),
      (r.due_at IS NOT NULL AND r.resolved_at <= r.due_at)::int, (r.due_at IS NOT NULL AND r.resolved_at > r.due_at)::int)
  ) f (ts, opened, closed, duplicates, first_responses, first_response_seconds, resolutions, resolution_seconds, sla_met, sla_breached)
  WHERE f.ts IS NOT NULL
  UNION ALL
  SELECT date_trunc('hour', e.at, 'UTC'), r.service_id, coalesce(r.district_id, ''), r.channel, r.department_id,
    0, 0, 0, 0, 0, 0, 0, 0, 0, s, 0, 0, 0
  FROM request_events e WHERE linked AND e.request_id = r.id AND e.to_status = 'reopened'
  UNION ALL
  SELECT date_trunc('hour', v.created_at, 'UTC'), r.service_id, coalesce(r.district_id, ''), r.channel, r.department_id,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, s, s * v.rating, s * (v.rating >= 4)::int
  FROM survey_responses v WHERE linked AND v.kind = 'request' AND v.subject_id = r.id
$$;

-- The duration-histogram entries of one request (bin formula as in migration 0022), times `s`.
CREATE FUNCTION analytics_request_bins(r service_requests, s integer)
RETURNS TABLE (hour timestamptz, service_id bigint, district_id text, channel text, department_id text, measure text, bin smallint, n integer)
LANGUAGE sql STABLE AS $$
  SELECT date_trunc('hour', f.ts, 'UTC'), r.service_id, coalesce(r.district_id, ''), r.channel, r.department_id,
    f.measure, floor(ln(greatest(f.secs, 1)) / ln(1.1))::smallint, s
  FROM (VALUES
    (r.first_response_at, 'first_response', greatest(extract(epoch FROM r.first_response_at - r.created_at)::float8, 0)),
    (r.resolved_at, 'resolution', greatest(extract(epoch FROM r.resolved_at - r.created_at)::float8, 0))
  ) f (ts, measure, secs)
  WHERE f.ts IS NOT NULL
$$;

-- Requests: inserts add their facts; updates that change a counted column take the old row's facts
-- away and add the new row's (a change of service, district, channel or department moves its reopens
-- and surveys too); deletes take the facts away (a request with timeline events cannot be deleted).
-- Cells whose difference is zero are not written.
CREATE OR REPLACE FUNCTION analytics_mark_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_request_delta
    SELECT f.hour, f.service_id, f.district_id, f.channel, f.department_id, sum(f.opened), sum(f.closed), sum(f.duplicates),
      sum(f.first_responses), sum(f.first_response_seconds), sum(f.resolutions), sum(f.resolution_seconds), sum(f.sla_met), sum(f.sla_breached),
      0, 0, 0, 0
    FROM new_rows n CROSS JOIN LATERAL analytics_request_facts(n, 1, false) f
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO analytics_bin_delta
    SELECT b.hour, b.service_id, b.district_id, b.channel, b.department_id, b.measure, b.bin, sum(b.n)
    FROM new_rows n CROSS JOIN LATERAL analytics_request_bins(n, 1) b
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH f AS (
      SELECT f.* FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES ((o.service_id, o.district_id, o.channel, o.department_id) IS DISTINCT FROM (n.service_id, n.district_id, n.channel, n.department_id))) m (moved)
      CROSS JOIN LATERAL (SELECT * FROM analytics_request_facts(o, -1, m.moved) UNION ALL SELECT * FROM analytics_request_facts(n, 1, m.moved)) f
      WHERE (o.status, o.created_at, o.closed_at, o.first_response_at, o.resolved_at, o.due_at, o.service_id, o.district_id, o.channel, o.department_id)
            IS DISTINCT FROM (n.status, n.created_at, n.closed_at, n.first_response_at, n.resolved_at, n.due_at, n.service_id, n.district_id, n.channel, n.department_id)
    )
    INSERT INTO analytics_request_delta
    SELECT hour, service_id, district_id, channel, department_id, sum(opened), sum(closed), sum(duplicates), sum(first_responses),
      sum(first_response_seconds), sum(resolutions), sum(resolution_seconds), sum(sla_met), sum(sla_breached),
      sum(reopens), sum(surveys), sum(survey_rating_sum), sum(surveys_satisfied)
    FROM f GROUP BY 1, 2, 3, 4, 5
    HAVING sum(opened) <> 0 OR sum(closed) <> 0 OR sum(duplicates) <> 0 OR sum(first_responses) <> 0 OR sum(first_response_seconds) <> 0
      OR sum(resolutions) <> 0 OR sum(resolution_seconds) <> 0 OR sum(sla_met) <> 0 OR sum(sla_breached) <> 0
      OR sum(reopens) <> 0 OR sum(surveys) <> 0 OR sum(survey_rating_sum) <> 0 OR sum(surveys_satisfied) <> 0;
    WITH b AS (
      SELECT b.* FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (SELECT * FROM analytics_request_bins(o, -1) UNION ALL SELECT * FROM analytics_request_bins(n, 1)) b
      WHERE (o.created_at, o.first_response_at, o.resolved_at, o.service_id, o.district_id, o.channel, o.department_id)
            IS DISTINCT FROM (n.created_at, n.first_response_at, n.resolved_at, n.service_id, n.district_id, n.channel, n.department_id)
    )
    INSERT INTO analytics_bin_delta
    SELECT hour, service_id, district_id, channel, department_id, measure, bin, sum(n) FROM b
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0;
  ELSE
    INSERT INTO analytics_request_delta
    SELECT f.hour, f.service_id, f.district_id, f.channel, f.department_id, sum(f.opened), sum(f.closed), sum(f.duplicates),
      sum(f.first_responses), sum(f.first_response_seconds), sum(f.resolutions), sum(f.resolution_seconds), sum(f.sla_met), sum(f.sla_breached),
      sum(f.reopens), sum(f.surveys), sum(f.survey_rating_sum), sum(f.surveys_satisfied)
    FROM old_rows o CROSS JOIN LATERAL analytics_request_facts(o, -1, true) f
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO analytics_bin_delta
    SELECT b.hour, b.service_id, b.district_id, b.channel, b.department_id, b.measure, b.bin, sum(b.n)
    FROM old_rows o CROSS JOIN LATERAL analytics_request_bins(o, -1) b
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  END IF;
  RETURN NULL;
END
$$;

-- Reopens count under their request's dimensions. The request row is share-locked while they are
-- read, so a concurrent change of those dimensions either sees this event or waits for it.
CREATE OR REPLACE FUNCTION analytics_mark_reopens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_request_delta (hour, service_id, district_id, channel, department_id, reopens)
  SELECT hour, service_id, district_id, channel, department_id, count(*)
  FROM (SELECT date_trunc('hour', e.at, 'UTC') AS hour, r.service_id, coalesce(r.district_id, '') AS district_id, r.channel, r.department_id
        FROM new_rows e JOIN service_requests r ON r.id = e.request_id WHERE e.to_status = 'reopened' FOR SHARE OF r) x
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END
$$;

-- Survey answers count in the hour first given, under their request's dimensions (share-locked as
-- for reopens). A changed rating takes the old answer away and adds the new one.
CREATE OR REPLACE FUNCTION analytics_mark_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_request_delta (hour, service_id, district_id, channel, department_id, surveys, survey_rating_sum, surveys_satisfied)
  SELECT hour, service_id, district_id, channel, department_id, sum(s), sum(s * rating), sum(s * (rating >= 4)::int)
  FROM (SELECT date_trunc('hour', v.created_at, 'UTC') AS hour, r.service_id, coalesce(r.district_id, '') AS district_id, r.channel, r.department_id,
               v.s, v.rating
        FROM (SELECT 1 AS s, n.kind, n.subject_id, n.rating, n.created_at FROM new_rows n WHERE TG_OP IN ('INSERT', 'UPDATE')
              UNION ALL
              SELECT -1, o.kind, o.subject_id, o.rating, o.created_at FROM old_rows o WHERE TG_OP IN ('UPDATE', 'DELETE')) v
        JOIN service_requests r ON r.id = v.subject_id
        WHERE v.kind = 'request' FOR SHARE OF r) x
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(s) <> 0 OR sum(s * rating) <> 0 OR sum(s * (rating >= 4)::int) <> 0;
  RETURN NULL;
END
$$;
DROP TRIGGER survey_responses_analytics_insert ON survey_responses;
DROP TRIGGER survey_responses_analytics_update ON survey_responses;
-- The function reads both transition tables, so each operation names both (an empty one where none).
CREATE FUNCTION analytics_mark_surveys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_request_delta (hour, service_id, district_id, channel, department_id, surveys, survey_rating_sum, surveys_satisfied)
  SELECT hour, service_id, district_id, channel, department_id, count(*), sum(rating), count(*) FILTER (WHERE rating >= 4)
  FROM (SELECT date_trunc('hour', v.created_at, 'UTC') AS hour, r.service_id, coalesce(r.district_id, '') AS district_id, r.channel, r.department_id, v.rating
        FROM new_rows v JOIN service_requests r ON r.id = v.subject_id WHERE v.kind = 'request' FOR SHARE OF r) x
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END
$$;
CREATE FUNCTION analytics_mark_surveys_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_request_delta (hour, service_id, district_id, channel, department_id, surveys, survey_rating_sum, surveys_satisfied)
  SELECT hour, service_id, district_id, channel, department_id, -count(*), -sum(rating), -count(*) FILTER (WHERE rating >= 4)
  FROM (SELECT date_trunc('hour', v.created_at, 'UTC') AS hour, r.service_id, coalesce(r.district_id, '') AS district_id, r.channel, r.department_id, v.rating
        FROM old_rows v JOIN service_requests r ON r.id = v.subject_id WHERE v.kind = 'request' FOR SHARE OF r) x
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_responses_analytics_insert AFTER INSERT ON survey_responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_surveys_insert();
CREATE TRIGGER survey_responses_analytics_update AFTER UPDATE ON survey_responses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_surveys();
CREATE TRIGGER survey_responses_analytics_delete AFTER DELETE ON survey_responses
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_surveys_deleted();

-- Contacts: the facts of one contact log row, times `s`.
CREATE FUNCTION analytics_contact_facts(c contacts, s integer)
RETURNS TABLE (hour timestamptz, channel text, direction text, language text, district_id text, contacts integer, answered integer,
  abandoned integer, answered_within_25s integer, waits integer, wait_seconds double precision, handles integer,
  handle_seconds double precision, with_outcome integer, resolved_first_contact integer, interpreter_used integer)
LANGUAGE sql STABLE AS $$
  SELECT date_trunc('hour', c.started_at, 'UTC'), c.channel, c.direction, coalesce(c.language, ''), coalesce(c.district_id, ''), s,
    s * (c.outcome IS NOT NULL AND c.outcome <> 'abandoned')::int, s * (c.outcome IS NOT NULL AND c.outcome = 'abandoned')::int,
    s * (c.outcome IS NOT NULL AND c.outcome <> 'abandoned' AND c.wait_seconds IS NOT NULL AND c.wait_seconds <= 25)::int,
    s * (c.wait_seconds IS NOT NULL)::int, s * coalesce(c.wait_seconds, 0)::float8,
    s * (c.handle_seconds IS NOT NULL)::int, s * coalesce(c.handle_seconds, 0)::float8,
    s * (c.resolved_first_contact IS NOT NULL)::int, s * coalesce(c.resolved_first_contact, false)::int, s * c.interpreter_used::int
$$;

CREATE OR REPLACE FUNCTION analytics_mark_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_contact_delta
    SELECT f.hour, f.channel, f.direction, f.language, f.district_id, sum(f.contacts), sum(f.answered), sum(f.abandoned), sum(f.answered_within_25s),
      sum(f.waits), sum(f.wait_seconds), sum(f.handles), sum(f.handle_seconds), sum(f.with_outcome), sum(f.resolved_first_contact), sum(f.interpreter_used)
    FROM new_rows n CROSS JOIN LATERAL analytics_contact_facts(n, 1) f
    GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH f AS (
      SELECT f.* FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (SELECT * FROM analytics_contact_facts(o, -1) UNION ALL SELECT * FROM analytics_contact_facts(n, 1)) f
      WHERE (o.started_at, o.channel, o.direction, o.language, o.district_id, o.outcome, o.wait_seconds, o.handle_seconds, o.resolved_first_contact, o.interpreter_used)
            IS DISTINCT FROM (n.started_at, n.channel, n.direction, n.language, n.district_id, n.outcome, n.wait_seconds, n.handle_seconds, n.resolved_first_contact, n.interpreter_used)
    )
    INSERT INTO analytics_contact_delta
    SELECT hour, channel, direction, language, district_id, sum(contacts), sum(answered), sum(abandoned), sum(answered_within_25s),
      sum(waits), sum(wait_seconds), sum(handles), sum(handle_seconds), sum(with_outcome), sum(resolved_first_contact), sum(interpreter_used)
    FROM f GROUP BY 1, 2, 3, 4, 5
    HAVING sum(contacts) <> 0 OR sum(answered) <> 0 OR sum(abandoned) <> 0 OR sum(answered_within_25s) <> 0 OR sum(waits) <> 0
      OR sum(wait_seconds) <> 0 OR sum(handles) <> 0 OR sum(handle_seconds) <> 0 OR sum(with_outcome) <> 0
      OR sum(resolved_first_contact) <> 0 OR sum(interpreter_used) <> 0;
  ELSE
    INSERT INTO analytics_contact_delta
    SELECT f.hour, f.channel, f.direction, f.language, f.district_id, sum(f.contacts), sum(f.answered), sum(f.abandoned), sum(f.answered_within_25s),
      sum(f.waits), sum(f.wait_seconds), sum(f.handles), sum(f.handle_seconds), sum(f.with_outcome), sum(f.resolved_first_contact), sum(f.interpreter_used)
    FROM old_rows o CROSS JOIN LATERAL analytics_contact_facts(o, -1) f
    GROUP BY 1, 2, 3, 4, 5;
  END IF;
  RETURN NULL;
END
$$;

-- The refresh no longer finds changed rows by their fact timestamps, and nothing else reads these
-- indexes; every import and status change no longer has to maintain them. (Hours logged in
-- analytics_dirty are recomputed by one scan per kind of fact.)
DROP INDEX service_requests_closed_at;
DROP INDEX service_requests_resolved_at;
DROP INDEX service_requests_first_response_at;
