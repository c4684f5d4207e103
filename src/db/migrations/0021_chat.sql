-- Web chat between residents on the portal and agents in the console (issue 8, part 4).

-- One conversation: a live chat (waiting → active → ended), or a message left outside hours.
CREATE TABLE chat_conversations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  -- sha256 of the resident's random chat token (the token itself lives only in their HttpOnly cookie).
  token_hash text UNIQUE,
  status text NOT NULL CHECK (status IN ('waiting', 'active', 'ended', 'left_message')),
  locale text NOT NULL,
  display_name text CHECK (char_length(display_name) <= 100),
  topic text CHECK (char_length(topic) <= 200),
  -- Only for a message left for a call back (personal data: staff API only).
  contact_email text CHECK (char_length(contact_email) <= 254),
  contact_phone text CHECK (char_length(contact_phone) <= 40),
  agent_id bigint REFERENCES staff_users (id),
  created_at timestamptz NOT NULL,
  accepted_at timestamptz,
  ended_at timestamptz,
  ended_by text CHECK (ended_by IN ('resident', 'agent', 'system')),
  outcome text,
  -- The contact the conversation was logged as (contacts module), once logged.
  contact_id bigint,
  callback_done_at timestamptz,
  callback_done_by bigint REFERENCES staff_users (id)
);
CREATE INDEX chat_conversations_waiting ON chat_conversations (created_at) WHERE status = 'waiting';
CREATE INDEX chat_conversations_agent ON chat_conversations (agent_id) WHERE status = 'active';
CREATE INDEX chat_conversations_callbacks ON chat_conversations (created_at) WHERE status = 'left_message' AND callback_done_at IS NULL;

-- Everything that happens in a conversation, in order; the id is the event id of the live streams
-- (Last-Event-ID resumes after it). kind 'message' is text; the others are status changes.
CREATE TABLE chat_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES chat_conversations (id),
  kind text NOT NULL CHECK (kind IN ('waiting', 'accepted', 'message', 'ended', 'left_message')),
  author text NOT NULL CHECK (author IN ('resident', 'agent', 'system')),
  agent_id bigint REFERENCES staff_users (id),
  body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 4000),
  created_at timestamptz NOT NULL
);
CREATE INDEX chat_events_conversation ON chat_events (conversation_id, id);

-- Agents who take chats now. A mark older than the presence window counts as away (a closed console).
CREATE TABLE chat_presence (
  user_id bigint PRIMARY KEY REFERENCES staff_users (id),
  available boolean NOT NULL,
  seen_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('chat:answer', 'Answer web chats from residents and call back messages they left', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, 'chat:answer', 'all' FROM roles r WHERE r.id IN ('agent', 'supervisor', 'administrator');
