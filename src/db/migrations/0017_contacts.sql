-- Contacts (issue 6, part 1): customer profiles, every interaction with the 311 center, the topics
-- and requests of each, and the walk-in desk's visitor log. First-contact resolution is derived
-- from `contacts` (src/modules/contacts/fcr.ts).

-- A person the 311 center has dealt with. Phones are kept as digits only (a 10-digit North American
-- number gets its country code 1: "+1 (503) 555-1234" → 15035551234; extensions are dropped), e-mail
-- addresses lower-cased, so de-duplication is an equality test. `search_text` is the name, phones and
-- addresses folded to lower case without accents (written by the application), the one column the
-- search-as-you-type looks in (trigram index); `name_key` is the folded name alone, for prefixes
-- and ordering. A merged customer points at the one it was merged into and leaves every search.
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  name text CHECK (char_length(name) BETWEEN 1 AND 200),
  phones text[] NOT NULL DEFAULT '{}',
  emails text[] NOT NULL DEFAULT '{}',
  address text CHECK (char_length(address) <= 500),
  location point,
  district_id text REFERENCES districts (id),
  preferred_language text CHECK (char_length(preferred_language) <= 35),
  accessibility_needs text CHECK (char_length(accessibility_needs) <= 2000),
  consent_to_contact boolean NOT NULL DEFAULT false,
  notes text CHECK (char_length(notes) <= 10000),
  name_key text NOT NULL DEFAULT '',
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  merged_into_id bigint REFERENCES customers (id),
  CHECK (merged_into_id IS NULL OR merged_into_id <> id)
);
CREATE INDEX customers_search_trgm ON customers USING gin (search_text gin_trgm_ops) WHERE merged_into_id IS NULL;
CREATE INDEX customers_name_prefix ON customers (name_key text_pattern_ops, id) WHERE merged_into_id IS NULL;
CREATE INDEX customers_phones ON customers USING gin (phones) WHERE merged_into_id IS NULL;
CREATE INDEX customers_emails ON customers USING gin (emails) WHERE merged_into_id IS NULL;

-- One interaction, on any channel. Closed when `outcome` is set. `source` + `source_ref` name the
-- channel message it was logged from (inbound e-mail and its Message-ID, a text and its provider
-- id, a chat session), so a channel that logs twice gets the same contact back.
CREATE TABLE contacts (
  id bigserial PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  channel text NOT NULL CHECK (channel IN ('phone', 'walk_in', 'email', 'web', 'sms', 'chat', 'social')),
  direction text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz CHECK (ended_at >= started_at),
  wait_seconds integer CHECK (wait_seconds >= 0),
  handle_seconds integer CHECK (handle_seconds >= 0),
  agent_id bigint REFERENCES staff_users (id),
  language text CHECK (char_length(language) <= 35),
  interpreter_used boolean NOT NULL DEFAULT false,
  customer_id bigint REFERENCES customers (id),
  outcome text CHECK (outcome IN ('answered', 'request_created', 'referred', 'transferred', 'abandoned', 'callback')),
  resolved_first_contact boolean,
  referred_agency_id text REFERENCES departments (id),
  transferred_department_id text REFERENCES departments (id),
  district_id text REFERENCES districts (id),
  notes text CHECK (char_length(notes) <= 20000),
  source text CHECK (char_length(source) <= 50),
  source_ref text CHECK (char_length(source_ref) <= 500),
  transcript jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((source IS NULL) = (source_ref IS NULL)),
  CHECK (outcome IS NOT NULL OR resolved_first_contact IS NULL),
  CHECK (outcome <> 'referred' OR referred_agency_id IS NOT NULL),
  CHECK (outcome <> 'transferred' OR transferred_department_id IS NOT NULL)
);
CREATE UNIQUE INDEX contacts_source ON contacts (source, source_ref) WHERE source IS NOT NULL;
CREATE INDEX contacts_started_at ON contacts (started_at);
CREATE INDEX contacts_agent ON contacts (agent_id, started_at) WHERE agent_id IS NOT NULL;
CREATE INDEX contacts_customer ON contacts (customer_id, started_at) WHERE customer_id IS NOT NULL;
CREATE INDEX contacts_channel ON contacts (channel, started_at);

-- What a contact was about: a service (its code) or a knowledge-base article (its slug).
CREATE TABLE contact_topics (
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('service', 'article')),
  ref text NOT NULL CHECK (char_length(ref) BETWEEN 1 AND 200),
  PRIMARY KEY (contact_id, kind, ref)
);

-- The service requests a contact created or supported.
CREATE TABLE contact_requests (
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  PRIMARY KEY (contact_id, request_id)
);
CREATE INDEX contact_requests_request ON contact_requests (request_id);

-- The walk-in desk's visitor log; each visit is also a walk_in contact.
CREATE TABLE visits (
  id bigserial PRIMARY KEY,
  contact_id bigint NOT NULL REFERENCES contacts (id),
  visitor_name text NOT NULL CHECK (char_length(visitor_name) BETWEEN 1 AND 200),
  purpose text NOT NULL CHECK (char_length(purpose) BETWEEN 1 AND 500),
  host text NOT NULL CHECK (char_length(host) BETWEEN 1 AND 200),
  badge_number text CHECK (char_length(badge_number) <= 40),
  signed_in_at timestamptz NOT NULL,
  signed_out_at timestamptz CHECK (signed_out_at >= signed_in_at)
);
CREATE INDEX visits_in_building ON visits (signed_in_at) WHERE signed_out_at IS NULL;
CREATE INDEX visits_signed_in_at ON visits (signed_in_at);
CREATE UNIQUE INDEX visits_badge_in_use ON visits (badge_number) WHERE signed_out_at IS NULL AND badge_number IS NOT NULL;

-- A customer's history finds requests by the requester's phone (e-mail is indexed by 0009).
CREATE INDEX service_requests_requester_phone ON service_requests (requester_phone) WHERE requester_phone IS NOT NULL;

-- The 311 center logs contacts and keeps customer profiles. Bureau staff get neither: a customer's
-- profile is the 311 center's record of a person, and a bureau sees the requester on its requests.
INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('contacts:read', 'Read the contact log and the walk-in visitor log', false),
  ('contacts:write', 'Log, change and close contacts; sign visitors in and out', false),
  ('customers:read', 'Search and read customer profiles with their history', false),
  ('customers:write', 'Create, change and merge customer profiles', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, p.id, 'all' FROM roles r CROSS JOIN permissions p
 WHERE r.id IN ('agent', 'supervisor', 'administrator') AND p.id IN ('contacts:read', 'contacts:write', 'customers:read', 'customers:write');
