-- Staff accounts, roles and their permissions (data, not code), department scopes, sessions, API keys.

CREATE TABLE permissions (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+:[a-z0-9_]+$'),
  description text NOT NULL,
  -- Whether an API key may be given this permission as a scope (never the administrative ones).
  api_key_scope boolean NOT NULL DEFAULT false
);

CREATE TABLE roles (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+$'),
  name text NOT NULL,
  description text NOT NULL
);

-- A role's permissions. scope 'department' limits the permission to the departments the user belongs to.
CREATE TABLE role_permissions (
  role_id text NOT NULL REFERENCES roles (id),
  permission_id text NOT NULL REFERENCES permissions (id),
  scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'department')),
  PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE staff_users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  -- argon2id (PHC string); null for accounts that sign in only through single sign-on.
  password_hash text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  -- How many times the account has been locked since its last successful sign-in (the lock doubles).
  lockouts integer NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
  locked_until timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_users_email ON staff_users (lower(email));

CREATE TABLE staff_user_roles (
  user_id bigint NOT NULL REFERENCES staff_users (id),
  role_id text NOT NULL REFERENCES roles (id),
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE staff_user_departments (
  user_id bigint NOT NULL REFERENCES staff_users (id),
  department_id text NOT NULL REFERENCES departments (id),
  PRIMARY KEY (user_id, department_id)
);

-- Server-side sessions. Only the SHA-256 of the cookie's random token is stored.
CREATE TABLE staff_sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id bigint NOT NULL REFERENCES staff_users (id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text CHECK (char_length(user_agent) <= 500)
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id) WHERE revoked_at IS NULL;

-- API keys for other software: `fdk_<prefix>_<secret>`; the prefix finds the row, only the secret's SHA-256 is stored.
CREATE TABLE api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{12}$'),
  secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1),
  -- Requests per minute; null means the server's default.
  rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
  created_by bigint REFERENCES staff_users (id),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by bigint REFERENCES staff_users (id)
);

INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('requests:read', 'Read service requests, their timelines and internal notes (without the requester''s contact details)', true),
  ('requests:write', 'Create and change service requests: status, notes, priority, routing, merges', true),
  ('requests:read_personal', 'See requesters'' names, e-mail addresses and phone numbers', true),
  ('requests:read_confidential', 'See confidential requests of every department (staff of the owning department see theirs anyway)', false),
  ('requests:export', 'Export service requests in bulk', true),
  ('open311:write', 'Submit service requests through the Open311 GeoReport v2 API', true),
  ('catalog:admin', 'Change the service catalog: services, questions, departments, districts, routing rules', false),
  ('users:admin', 'Create staff accounts, change their roles and departments, disable them', false),
  ('apikeys:admin', 'Create and revoke API keys', false),
  ('audit:read', 'Read the audit log', false),
  ('analytics:read', 'See dashboards and aggregate reports', true);

INSERT INTO roles (id, name, description) VALUES
  ('agent', '311 agent', 'Takes and updates requests for every department by phone, counter, e-mail and chat'),
  ('bureau_staff', 'Bureau staff', 'Works the requests of their own department(s)'),
  ('supervisor', '311 supervisor', 'Oversees the 311 center: every request, confidential ones included, exports and reports'),
  ('analyst', 'Analyst', 'Reads requests and reports without personal data or confidential requests'),
  ('administrator', 'Administrator', 'Runs the installation: catalog, staff accounts, API keys, audit log');

INSERT INTO role_permissions (role_id, permission_id, scope) VALUES
  ('agent', 'requests:read', 'all'),
  ('agent', 'requests:write', 'all'),
  ('agent', 'requests:read_personal', 'all'),
  ('bureau_staff', 'requests:read', 'department'),
  ('bureau_staff', 'requests:write', 'department'),
  ('bureau_staff', 'requests:read_personal', 'department'),
  ('supervisor', 'requests:read', 'all'),
  ('supervisor', 'requests:write', 'all'),
  ('supervisor', 'requests:read_personal', 'all'),
  ('supervisor', 'requests:read_confidential', 'all'),
  ('supervisor', 'requests:export', 'all'),
  ('supervisor', 'analytics:read', 'all'),
  ('analyst', 'requests:read', 'all'),
  ('analyst', 'requests:export', 'all'),
  ('analyst', 'analytics:read', 'all'),
  ('administrator', 'requests:read', 'all'),
  ('administrator', 'requests:write', 'all'),
  ('administrator', 'requests:read_personal', 'all'),
  ('administrator', 'requests:read_confidential', 'all'),
  ('administrator', 'requests:export', 'all'),
  ('administrator', 'catalog:admin', 'all'),
  ('administrator', 'users:admin', 'all'),
  ('administrator', 'apikeys:admin', 'all'),
  ('administrator', 'audit:read', 'all'),
  ('administrator', 'analytics:read', 'all');
