-- Bureau work queues (issue 6, part 3): saved views, response templates, and the indexes that keep the
-- queue list and the supervisor's figures fast with a million requests.

-- A staff member's saved queue view: the list's filters and sort under a name; optionally shared
-- with everyone of one department (who then see it in their list of views, read only).
CREATE TABLE queue_views (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES staff_users (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort text NOT NULL CHECK (sort IN ('created', '-created', 'updated', '-updated', 'due', '-due')),
  shared_department_id text REFERENCES departments (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX queue_views_owner_name ON queue_views (owner_id, lower(name));
CREATE INDEX queue_views_shared ON queue_views (shared_department_id) WHERE shared_department_id IS NOT NULL;

-- A department's canned reply, in one or more languages, with placeholders such as
-- {tracking_number} and {service} filled in when it is used.
CREATE TABLE response_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  department_id text NOT NULL REFERENCES departments (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  -- {"en": "...", "es": "..."}: at least English.
  texts jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object' AND texts ? 'en'),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by bigint REFERENCES staff_users (id),
  updated_by bigint REFERENCES staff_users (id)
);
CREATE UNIQUE INDEX response_templates_department_name ON response_templates (department_id, lower(name));

-- The queue: a department's open requests, soonest due first (requests without a due time last).
-- The expression matches the staff list's `due` sort key exactly.
CREATE INDEX service_requests_queue_due ON service_requests (department_id, (coalesce(due_at, 'infinity'::timestamptz)), id)
  WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
-- Counts of open requests per department (the queue summary, the supervisor's queues): every column
-- they read is a key, so with the visibility map set (autovacuum) they are index-only scans.
CREATE INDEX service_requests_open_counts ON service_requests (department_id, status, priority, assigned_to, due_at, breached_at)
  WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
-- The supervisor's lists: open requests longest overdue first, and open high or urgent ones oldest first.
CREATE INDEX service_requests_open_due ON service_requests (due_at, id)
  WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
CREATE INDEX service_requests_open_escalated ON service_requests (created_at, id)
  WHERE status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened') AND priority IN ('high', 'urgent');
-- The supervisor's "today" (status changes by time) uses request_events_o311_public (0013).

INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('templates:manage', 'Write and retire the response templates of departments', false),
  ('supervision:read', 'See the supervisor''s overview: queues of every department, contacts and agents'' activity today', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, p.id, 'all' FROM roles r CROSS JOIN (VALUES ('templates:manage'), ('supervision:read')) AS p (id)
 WHERE r.id IN ('supervisor', 'administrator');
