-- Resident accounts (optional: anonymous reporting always works). A resident signs in with a
-- one-time link sent to their e-mail address; proving the address makes the requests made with it
-- theirs, including those made before they had an account.
CREATE TABLE residents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CHECK (char_length(email) <= 254),
  locale text NOT NULL DEFAULT 'en',
  created_at timestamptz NOT NULL,
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX residents_email ON residents (lower(email));

-- One-time sign-in links: only the SHA-256 of the token is kept.
CREATE TABLE resident_sign_in_links (
  token_hash text PRIMARY KEY,
  email text NOT NULL,
  locale text NOT NULL DEFAULT 'en',
  return_to text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX resident_sign_in_links_email ON resident_sign_in_links (lower(email), created_at);

CREATE TABLE resident_sessions (
  token_hash text PRIMARY KEY,
  resident_id bigint NOT NULL REFERENCES residents (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX resident_sessions_resident ON resident_sessions (resident_id);

-- "My requests" finds a resident's requests by the address they proved.
CREATE INDEX service_requests_requester_email ON service_requests (lower(requester_email)) WHERE requester_email IS NOT NULL;
CREATE INDEX request_followers_email ON request_followers (lower(email)) WHERE email IS NOT NULL;
