-- The knowledge base: articles staff answer from and residents read. One row per article per
-- language; translations of one article share its slug (unique per locale). Bodies are Markdown,
-- sanitised when rendered. Every saved change is a row in kb_article_versions (who, when, what).
-- Staff-only articles (audience 'staff') carry call scripts and never reach a public page or API.

CREATE TABLE kb_articles (
  id bigserial PRIMARY KEY,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
  locale text NOT NULL CHECK (locale IN ('en', 'es', 'vi', 'zh-Hant', 'ru')),
  audience text NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'staff')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
  title text NOT NULL CHECK (title <> '' AND length(title) <= 200),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
  -- What an agent says on the phone (staff view only, even on a public article).
  script text CHECK (length(script) <= 20000),
  tags text[] NOT NULL DEFAULT '{}',
  owner_department_id text REFERENCES departments (id) ON DELETE SET NULL,
  review_by date,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  created_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  updated_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  UNIQUE (slug, locale)
);
CREATE INDEX kb_articles_status ON kb_articles (status, audience, locale);
CREATE INDEX kb_articles_review_by ON kb_articles (review_by) WHERE status = 'published';
CREATE INDEX kb_articles_owner ON kb_articles (owner_department_id);

CREATE TABLE kb_article_services (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  service_id bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, service_id)
);
CREATE INDEX kb_article_services_service ON kb_article_services (service_id);

CREATE TABLE kb_article_departments (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  department_id text NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, department_id)
);
CREATE INDEX kb_article_departments_department ON kb_article_departments (department_id);

-- Every version as it was saved: a diff between any two is computed from these.
CREATE TABLE kb_article_versions (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  version integer NOT NULL,
  status text NOT NULL,
  audience text NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  body text NOT NULL,
  script text,
  tags text[] NOT NULL,
  review_by date,
  -- The links as they were: owner department, service codes and linked department ids.
  owner_department_id text,
  service_codes text[] NOT NULL DEFAULT '{}',
  department_ids text[] NOT NULL DEFAULT '{}',
  changed_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  change_note text NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, version)
);

-- "Out of date / wrong" reports from staff or the public; they land in the owner department's queue.
CREATE TABLE kb_article_flags (
  id bigserial PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('staff', 'public')),
  reason text NOT NULL CHECK (reason IN ('outdated', 'wrong', 'unclear', 'other')),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
  flagged_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  resolution_note text
);
CREATE INDEX kb_article_flags_open ON kb_article_flags (article_id) WHERE status = 'open';
CREATE INDEX kb_article_flags_created ON kb_article_flags (created_at);

-- "Was this helpful?" answers (anonymous).
CREATE TABLE kb_article_feedback (
  id bigserial PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  helpful boolean NOT NULL,
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_article_feedback_article ON kb_article_feedback (article_id);

-- Who may do what with the knowledge base (identity's permission data; policy.ts names them too).
INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('kb:read', 'Read every knowledge-base article: staff-only ones, drafts, call scripts, versions', true),
  ('kb:edit', 'Write knowledge-base articles and send them for review (bureau staff: articles their department owns)', true),
  ('kb:publish', 'Publish, archive and restore knowledge-base articles', false),
  ('kb:flags', 'Work the knowledge base''s queues: articles due for review and flags from staff and the public', false);

INSERT INTO roles (id, name, description) VALUES
  ('kb_editor', 'Knowledge-base editor', 'Writes, reviews and publishes the knowledge base and works its flags and review queue');

INSERT INTO role_permissions (role_id, permission_id, scope) VALUES
  ('agent', 'kb:read', 'all'),
  ('bureau_staff', 'kb:read', 'all'),
  ('bureau_staff', 'kb:edit', 'department'),
  ('bureau_staff', 'kb:flags', 'department'),
  ('supervisor', 'kb:read', 'all'),
  ('supervisor', 'kb:edit', 'all'),
  ('supervisor', 'kb:publish', 'all'),
  ('supervisor', 'kb:flags', 'all'),
  ('analyst', 'kb:read', 'all'),
  ('administrator', 'kb:read', 'all'),
  ('administrator', 'kb:edit', 'all'),
  ('administrator', 'kb:publish', 'all'),
  ('administrator', 'kb:flags', 'all'),
  ('kb_editor', 'kb:read', 'all'),
  ('kb_editor', 'kb:edit', 'all'),
  ('kb_editor', 'kb:publish', 'all'),
  ('kb_editor', 'kb:flags', 'all');
