-- Notifications (issue 8): the outbox, suppressions (unsubscribes, bounces, STOP), inbound e-mail,
-- satisfaction surveys, and the secret that signs the links and reply addresses in our messages.

-- One row per notification: written in the transaction of the change that causes it. The unique
-- key is the delivery key: one event reaches one recipient on one channel once, however often the
-- change's code runs or the worker restarts.
CREATE TABLE notification_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_key text NOT NULL CHECK (char_length(event_key) BETWEEN 1 AND 200),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL CHECK (char_length(recipient) BETWEEN 3 AND 320),
  locale text NOT NULL,
  template text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  -- 'all', or the narrower thing a recipient can unsubscribe from, e.g. 'request:123'
  scope text NOT NULL DEFAULT 'all',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'suppressed', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  provider_id text,
  provider_response text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (event_key, channel, recipient)
);
CREATE INDEX notification_outbox_failed ON notification_outbox (id) WHERE status = 'failed';
CREATE INDEX notification_outbox_recipient ON notification_outbox (channel, recipient);

-- Who must not get a channel's messages: unsubscribed (from one scope or all), bouncing, STOP.
CREATE TABLE notification_suppressions (
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  scope text NOT NULL DEFAULT 'all',
  reason text NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'stop', 'complaint')),
  detail text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (channel, recipient, scope)
);

-- Mail received at the 311 address (SMTP listener or provider webhook). Issue 6 turns the 'new'
-- ones into contacts; replies to our notifications become internal notes on their request.
CREATE TABLE inbound_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_via text NOT NULL CHECK (received_via IN ('smtp', 'webhook')),
  message_id text,
  from_address text,
  from_name text,
  to_addresses text[] NOT NULL DEFAULT '{}',
  subject text,
  text_body text,
  -- what a reply added, quoted text stripped
  reply_text text,
  kind text NOT NULL CHECK (kind IN ('new', 'reply', 'auto_reply', 'bounce')),
  request_id bigint REFERENCES service_requests (id),
  outbox_id bigint REFERENCES notification_outbox (id),
  bounced_recipient text,
  attachments jsonb NOT NULL DEFAULT '[]',
  contact_id bigint,
  received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX inbound_messages_message_id ON inbound_messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX inbound_messages_new ON inbound_messages (received_at) WHERE kind = 'new' AND contact_id IS NULL;

-- Attachments of inbound mail, kept in the database (size-limited by the parser's caller).
CREATE TABLE inbound_attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES inbound_messages (id) ON DELETE CASCADE,
  filename text,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL
);
CREATE INDEX inbound_attachments_message ON inbound_attachments (message_id);

-- Satisfaction surveys: one answer per subject and recipient, editable until the link expires.
CREATE TABLE survey_responses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('request', 'contact')),
  subject_id bigint NOT NULL,
  respondent text NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text,
  locale text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (kind, subject_id, respondent)
);

-- The key that signs unsubscribe, survey and reply tokens; made once, here, never leaves the database.
CREATE TABLE notification_keys (
  id smallint PRIMARY KEY CHECK (id = 1),
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notification_keys (id, secret)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- Administrators see undeliverable notifications and send them again.
INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('notifications:admin', 'See notifications that could not be delivered (dead letters) and send them again', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, 'notifications:admin', 'all' FROM roles r WHERE r.id IN ('administrator');
