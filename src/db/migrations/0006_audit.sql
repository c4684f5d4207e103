-- The audit log: who did what, when, from where. Append-only, like the request timeline.

CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  -- Who: a staff user, an API key, the command line, the system itself, or nobody known (a failed sign-in).
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'api_key', 'cli', 'system', 'anonymous')),
  actor_id text CHECK (char_length(actor_id) <= 100),
  actor_label text CHECK (char_length(actor_label) <= 300),
  -- What: `area.verb`, e.g. auth.sign_in, user.roles_changed, api_key.revoked.
  action text NOT NULL CHECK (action ~ '^[a-z0-9_]+\.[a-z0-9_]+$'),
  outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure')),
  -- On what: a staff user, an API key, a service request, …
  target_kind text CHECK (char_length(target_kind) <= 50),
  target_id text CHECK (char_length(target_id) <= 100),
  ip text CHECK (char_length(ip) <= 100),
  request_id text CHECK (char_length(request_id) <= 100),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at ON audit_events (at DESC, id DESC);
CREATE INDEX audit_events_action ON audit_events (action, id DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_kind, actor_id, id DESC);
CREATE INDEX audit_events_target ON audit_events (target_kind, target_id, id DESC);

-- forbid_rewrite() comes from 0002_service_requests.sql.
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_rewrite();
