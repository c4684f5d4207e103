-- SMS channel (issue 8, part 3) and emergency notices / area alerts (part 5).

-- Every text received or sent by the SMS channel: the contact log of a conversation by text.
CREATE TABLE sms_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  phone text NOT NULL,
  body text NOT NULL CHECK (char_length(body) <= 1600),
  provider_sid text,
  request_id bigint REFERENCES service_requests (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX sms_messages_provider_sid ON sms_messages (direction, provider_sid) WHERE provider_sid IS NOT NULL;
CREATE INDEX sms_messages_phone ON sms_messages (phone, created_at DESC);

-- The guided dialogue's state, one row per phone number; stale after a timeout (checked in code).
CREATE TABLE sms_conversations (
  phone text PRIMARY KEY,
  locale text NOT NULL DEFAULT 'en',
  step text NOT NULL CHECK (step IN ('idle', 'choose_service', 'attribute', 'where', 'confirm')),
  data jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL
);

-- Emergency notices. Localised text is jsonb keyed by language tag; area is a polygon (lon, lat)
-- copied from the district or the jurisdiction when that was chosen, so matching is one operator.
CREATE TABLE alert_notices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
  severity text NOT NULL CHECK (severity IN ('extreme', 'severe', 'moderate', 'minor')),
  urgency text NOT NULL CHECK (urgency IN ('immediate', 'expected', 'future', 'past', 'unknown')),
  certainty text NOT NULL CHECK (certainty IN ('observed', 'likely', 'possible', 'unlikely', 'unknown')),
  category text NOT NULL,
  event jsonb NOT NULL CHECK (event ? 'en'),
  title jsonb NOT NULL CHECK (title ? 'en'),
  body jsonb NOT NULL CHECK (body ? 'en'),
  instruction jsonb NOT NULL DEFAULT '{}',
  area_kind text NOT NULL CHECK (area_kind IN ('jurisdiction', 'district', 'polygon')),
  district_id text REFERENCES districts (id),
  area_desc jsonb NOT NULL CHECK (area_desc ? 'en'),
  area polygon NOT NULL,
  starts_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > starts_at),
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz,
  cancelled_at timestamptz,
  CHECK ((area_kind = 'district') = (district_id IS NOT NULL))
);
CREATE INDEX alert_notices_current ON alert_notices (expires_at) WHERE status = 'published';

-- Each CAP message a notice has sent (Alert, then Update…, then Cancel): identifiers and the
-- references between them.
CREATE TABLE alert_notice_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id bigint NOT NULL REFERENCES alert_notices (id),
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  identifier text NOT NULL UNIQUE,
  sent_at timestamptz NOT NULL,
  recipients integer NOT NULL DEFAULT 0
);
CREATE INDEX alert_notice_messages_notice ON alert_notice_messages (notice_id, id);

-- A resident's subscription: one address (e-mail or phone), one area, notices and/or new requests
-- of chosen services. Unconfirmed subscriptions receive nothing but the confirmation.
CREATE TABLE alert_subscriptions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  address text NOT NULL,
  locale text NOT NULL,
  area_kind text NOT NULL CHECK (area_kind IN ('jurisdiction', 'district', 'polygon', 'point')),
  district_id text REFERENCES districts (id),
  area polygon NOT NULL,
  notices boolean NOT NULL DEFAULT true,
  service_ids bigint[] NOT NULL DEFAULT '{}',
  confirm_token_hash text UNIQUE,
  -- kept as written: it can only unsubscribe, and every message to the subscriber carries it
  unsubscribe_token text NOT NULL UNIQUE,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX alert_subscriptions_active_area ON alert_subscriptions USING gist (area)
  WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL;
CREATE INDEX alert_subscriptions_address ON alert_subscriptions (channel, address);

-- How far the area-alert job has read new requests (a single row).
CREATE TABLE alert_cursor (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_request_id bigint NOT NULL
);
INSERT INTO alert_cursor (last_request_id) SELECT coalesce(max(id), 0) FROM service_requests;

INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('alerts:publish', 'Write, publish, update and cancel emergency notices', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, 'alerts:publish', 'all' FROM roles r WHERE r.id IN ('supervisor', 'administrator');
