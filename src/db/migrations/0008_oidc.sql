-- Single sign-on with OpenID Connect (modules/identity/oidc.ts).

-- The provider's stable id for the person (the ID token's `sub`), set at their first single sign-on.
-- An account is found by it first, then by verified e-mail address (which then links it).
ALTER TABLE staff_users ADD COLUMN oidc_subject text CHECK (char_length(oidc_subject) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX staff_users_oidc_subject ON staff_users (oidc_subject);

-- Sign-ins under way: between the redirect to the provider and its answer (at most ten minutes).
-- The browser holds a random token in an HttpOnly cookie; only its SHA-256 is stored here with the
-- state, nonce and PKCE verifier, so the answer must come back to the browser that started it.
-- A row is deleted when it is used (once) or found expired.
CREATE TABLE oidc_logins (
  token_hash text PRIMARY KEY CHECK (char_length(token_hash) = 64),
  state text NOT NULL CHECK (char_length(state) <= 100),
  nonce text NOT NULL CHECK (char_length(nonce) <= 100),
  code_verifier text NOT NULL CHECK (char_length(code_verifier) <= 200),
  return_to text CHECK (char_length(return_to) <= 2000),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expires_at ON oidc_logins (expires_at);
