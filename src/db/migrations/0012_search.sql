-- Search across the knowledge base, the service catalog and the referral directory.
--
-- search_documents holds one row per searchable thing per language, kept current by statement-level
-- triggers on the source tables (kb_articles, services, directory_services and what a directory
-- service's text is made of), so every write path — API, import, seed, psql — updates the index
-- without calling the search module. Text is folded (unaccent) and stemmed per language through
-- our own text search configurations; search_vocabulary (every indexed word, per language, with a
-- trigram index) lets a query word that matches nothing be corrected to the closest known words.

-- Extensions live in public, once per database (tests run each file in its own schema with public
-- on the search_path). Migrations run under a database-wide advisory lock, so this is race-free.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- unaccent() is STABLE (it looks its dictionary up by name); naming the dictionary makes it safe
-- to declare immutable, as index expressions need.
CREATE FUNCTION search_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Lower-case, accent-free text: what the vocabulary and trigram comparisons work on.
CREATE FUNCTION search_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(search_unaccent($1)) $$;

-- One configuration per language: unaccent first (a filtering dictionary), then the language's
-- stemmer; Vietnamese and Chinese use the simple dictionary (no stemmer exists for them).
CREATE TEXT SEARCH CONFIGURATION search_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION search_en
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH public.unaccent, pg_catalog.english_stem;
CREATE TEXT SEARCH CONFIGURATION search_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION search_es
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH public.unaccent, pg_catalog.spanish_stem;
CREATE TEXT SEARCH CONFIGURATION search_ru (COPY = pg_catalog.russian);
ALTER TEXT SEARCH CONFIGURATION search_ru
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH public.unaccent, pg_catalog.russian_stem;
CREATE TEXT SEARCH CONFIGURATION search_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION search_simple
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH public.unaccent, pg_catalog.simple;

CREATE FUNCTION search_config(locale text) RETURNS regconfig
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (CASE locale WHEN 'en' THEN 'search_en' WHEN 'es' THEN 'search_es' WHEN 'ru' THEN 'search_ru' ELSE 'search_simple' END)::regconfig $$;

-- Markdown to the words a reader sees: links keep their text, markup characters go.
CREATE FUNCTION search_plain_markdown(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(regexp_replace(regexp_replace($1, '!?\[([^\]]*)\]\([^)]*\)', '\1', 'g'), '<[^>]*>', ' ', 'g'), '[#*_>`|~]+', ' ', 'g') $$;

CREATE TABLE search_documents (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('article', 'service', 'directory')),
  -- kb_articles.id, services.id or directory_services.id, as text.
  source_id text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('en', 'es', 'vi', 'zh-Hant', 'ru')),
  -- Translations of one thing share it (an article's slug, a service's id): results show one of them.
  group_key text NOT NULL,
  -- The languages the group has: a searcher sees the version in their language when there is one,
  -- the English one otherwise (kept by the reindex functions below).
  group_locales text[] NOT NULL DEFAULT '{}',
  -- Shown to anonymous callers: public articles, non-confidential services, the directory.
  public boolean NOT NULL,
  department_id text,
  -- What a result links to: the article's slug, the service's code, the directory service's id.
  ref text NOT NULL,
  title text NOT NULL,
  -- The organization of a directory service.
  subtitle text NOT NULL DEFAULT '',
  summary text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  keywords text NOT NULL DEFAULT '',
  -- Multiplies the text rank: catalog services first, directory entries below city content.
  boost real NOT NULL,
  -- Everything (title A, summary/keywords/tags B, body C): what matches.
  tsv tsvector NOT NULL,
  -- Title and summary/keywords/tags only: small, stored inline, what ranks (the body is never ranked,
  -- so a search costs the same whether articles are long or short).
  head_tsv tsvector NOT NULL,
  -- Folded title, for the trigram bonus on near-exact titles and substring search in Chinese.
  title_folded text NOT NULL,
  indexed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, source_id, locale)
);
-- fastupdate off: new entries go straight into the index instead of a pending list every search
-- would scan until the next vacuum (writes are rare, searches constant).
CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv) WITH (fastupdate = off);
CREATE INDEX search_documents_locale ON search_documents (locale, kind);
CREATE INDEX search_documents_group ON search_documents (group_key);

-- Every word indexed in a language (folded), for correcting misspelled query words.
CREATE TABLE search_vocabulary (
  locale text NOT NULL,
  word text NOT NULL,
  PRIMARY KEY (locale, word)
);
CREATE INDEX search_vocabulary_trgm ON search_vocabulary USING gin (word public.gin_trgm_ops) WITH (fastupdate = off);

-- How many documents hold each lexeme ('' counts the documents): a query's very common words (in
-- more than a few percent of documents) only rank, the rarer ones select — like a "common terms" query.
CREATE TABLE search_lexemes (
  lexeme text PRIMARY KEY,
  ndoc integer NOT NULL
);

-- Words that mean the same to the people searching (editable by staff with search:manage): a query
-- word or phrase in a set also searches for the others.
CREATE TABLE search_synonyms (
  id bigserial PRIMARY KEY,
  terms text[] NOT NULL CHECK (cardinality(terms) BETWEEN 2 AND 50),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES staff_users (id) ON DELETE SET NULL
);

-- Queries that found nothing, normalised (no IP, no account, e-mail addresses and long numbers
-- masked), so the content team sees what people look for and cannot find.
CREATE TABLE search_misses (
  query text NOT NULL CHECK (query <> '' AND length(query) <= 200),
  locale text NOT NULL,
  count integer NOT NULL DEFAULT 1 CHECK (count > 0),
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (query, locale)
);
CREATE INDEX search_misses_last_seen ON search_misses (last_seen DESC);

-- Learns the words of the given documents into the vocabulary.
CREATE FUNCTION search_learn_words(doc_kind text, ids text[]) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO search_vocabulary (locale, word)
  SELECT DISTINCT d.locale, w
  FROM search_documents d,
       LATERAL (SELECT p.token AS w FROM ts_parse('default', search_fold(d.title || ' ' || d.subtitle || ' ' || d.summary || ' ' || d.keywords || ' ' || d.body)) AS p
                -- words, and the parts of hyphenated words (the parser's token types 1, 2, 7, 9)
                WHERE p.tokid IN (1, 2, 7, 9)) t
  WHERE d.kind = doc_kind AND d.source_id = ANY (ids)
    AND length(w) BETWEEN 3 AND 40
  ON CONFLICT DO NOTHING
$$;

-- Adds (delta 1) or removes (delta -1) the given documents' lexemes to/from the counts.
CREATE FUNCTION search_count_lexemes(doc_kind text, ids text[], delta integer) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO search_lexemes (lexeme, ndoc)
  SELECT l, delta * count(*)::int
  FROM search_documents d CROSS JOIN LATERAL unnest(tsvector_to_array(d.tsv)) AS l
  WHERE d.kind = doc_kind AND d.source_id = ANY (ids)
  GROUP BY l
  UNION ALL
  SELECT '', delta * count(*)::int FROM search_documents d WHERE d.kind = doc_kind AND d.source_id = ANY (ids)
  ON CONFLICT (lexeme) DO UPDATE SET ndoc = search_lexemes.ndoc + EXCLUDED.ndoc
$$;

-- Removes the given documents (and their lexeme counts); returns their groups.
CREATE FUNCTION search_forget(doc_kind text, ids text[]) RETURNS text[]
  LANGUAGE plpgsql AS $$
DECLARE
  groups text[];
BEGIN
  PERFORM search_count_lexemes(doc_kind, ids, -1);
  WITH gone AS (DELETE FROM search_documents WHERE kind = doc_kind AND source_id = ANY (ids) RETURNING group_key)
  SELECT array_agg(DISTINCT group_key) INTO groups FROM gone;
  RETURN coalesce(groups, '{}');
END $$;

CREATE FUNCTION search_head_vector(locale text, a text, b text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(search_config(locale), coalesce(a, '')), 'A')
      || setweight(to_tsvector(search_config(locale), coalesce(b, '')), 'B')
$$;

CREATE FUNCTION search_body_vector(locale text, c text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(search_config(locale), coalesce(c, '')), 'C')
$$;

-- Keeps group_locales of every document of the given groups.
CREATE FUNCTION search_refresh_groups(groups text[]) RETURNS void
  LANGUAGE sql AS $$
  UPDATE search_documents d SET group_locales = g.locales
  FROM (SELECT group_key, array_agg(locale ORDER BY locale) AS locales FROM search_documents WHERE group_key = ANY (groups) GROUP BY group_key) g
  WHERE d.group_key = g.group_key AND d.group_locales IS DISTINCT FROM g.locales
$$;

-- Catalog services: one document per language the name is written in; inactive ones are not
-- searchable (they cannot be requested), confidential ones only by staff.
CREATE FUNCTION search_reindex_services(ids bigint[]) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  keys text[] := ARRAY(SELECT unnest(ids)::text);
BEGIN
  PERFORM search_forget('service', keys);
  INSERT INTO search_documents (kind, source_id, locale, group_key, group_locales, public, department_id, ref, title, summary, body, keywords, boost, tsv, head_tsv, title_folded)
  SELECT 'service', s.id::text, n.key, 'service:' || s.id,
         ARRAY(SELECT k FROM jsonb_each_text(s.name) AS l (k, v) WHERE k IN ('en', 'es', 'vi', 'zh-Hant', 'ru') AND v <> '' ORDER BY k),
         NOT s.confidential, s.department_id, s.service_code, n.value,
         coalesce(s.description ->> n.key, ''), coalesce(s.answer ->> n.key, ''), array_to_string(s.keywords, ', '), 1.6,
         h.v || search_body_vector(n.key, s.answer ->> n.key), h.v, search_fold(n.value)
  FROM services s CROSS JOIN LATERAL jsonb_each_text(s.name) AS n
  CROSS JOIN LATERAL (SELECT search_head_vector(n.key, n.value, array_to_string(s.keywords, ', ') || ' ' || coalesce(s.description ->> n.key, '')) AS v) h
  WHERE s.id = ANY (ids) AND s.active AND n.key IN ('en', 'es', 'vi', 'zh-Hant', 'ru') AND n.value <> '';
  PERFORM search_count_lexemes('service', keys, 1);
  PERFORM search_learn_words('service', keys);
END $$;

-- Knowledge-base articles: only published ones; staff-only articles are marked not public. The call
-- script is staff text and is not indexed.
CREATE FUNCTION search_reindex_articles(ids bigint[]) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  keys text[] := ARRAY(SELECT unnest(ids)::text);
  groups text[];
BEGIN
  groups := search_forget('article', keys);
  INSERT INTO search_documents (kind, source_id, locale, group_key, public, department_id, ref, title, summary, body, keywords, boost, tsv, head_tsv, title_folded)
  SELECT 'article', a.id::text, a.locale, 'article:' || a.slug, a.audience = 'public', a.owner_department_id::text, a.slug, a.title,
         a.summary, b.plain, array_to_string(a.tags, ', '), 1.0,
         h.v || search_body_vector(a.locale, b.plain), h.v, search_fold(a.title)
  FROM kb_articles a
  CROSS JOIN LATERAL (SELECT search_plain_markdown(a.body) AS plain) b
  CROSS JOIN LATERAL (SELECT search_head_vector(a.locale, a.title, a.summary || ' ' || array_to_string(a.tags, ', ')) AS v) h
  WHERE a.id = ANY (ids) AND a.status = 'published';
  PERFORM search_refresh_groups(groups || ARRAY(SELECT 'article:' || slug FROM kb_articles WHERE id = ANY (ids)));
  PERFORM search_count_lexemes('article', keys, 1);
  PERFORM search_learn_words('article', keys);
END $$;

-- Referral directory services (active or temporarily closed), with their organization's name and
-- their taxonomy terms; the directory is English.
CREATE FUNCTION search_reindex_directory(ids text[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_forget('directory', ids);
  INSERT INTO search_documents (kind, source_id, locale, group_key, group_locales, public, department_id, ref, title, subtitle, summary, keywords, boost, tsv, head_tsv, title_folded)
  SELECT 'directory', s.id, 'en', 'directory:' || s.id, '{en}', true, NULL, s.id, s.name, o.name, coalesce(s.description, ''), coalesce(t.names, ''), 0.5,
         h.v || search_body_vector('en', s.description), h.v, search_fold(s.name)
  FROM directory_services s
  JOIN directory_organizations o ON o.id = s.organization_id
  LEFT JOIN LATERAL (
    SELECT string_agg(DISTINCT tt.name, ', ') AS names
    FROM directory_service_taxonomy_terms st JOIN directory_taxonomy_terms tt ON tt.id = st.taxonomy_term_id
    WHERE st.service_id = s.id
  ) t ON true
  CROSS JOIN LATERAL (SELECT search_head_vector('en', s.name || ' ' || coalesce(s.alternate_name, ''), o.name || ' ' || coalesce(t.names, '')) AS v) h
  WHERE s.id = ANY (ids) AND s.status IN ('active', 'temporarily closed');
  PERFORM search_count_lexemes('directory', ids, 1);
  PERFORM search_learn_words('directory', ids);
END $$;

-- Documents to reindex when the transaction commits. The source tables' statement-level triggers
-- (transition tables: one insert per statement, however many rows) only note what changed; a
-- deferred constraint trigger reindexes everything noted, once, at commit — so an import that
-- writes a service, then its organization, then its taxonomy links reindexes the service once.
-- Bumped by every reindex and synonym change: a process's cache of search results is good while
-- the number it read is still the current one.
CREATE TABLE search_generation (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  value bigint NOT NULL
);
INSERT INTO search_generation (id, value) VALUES (1, 0);

CREATE TABLE search_pending (
  kind text NOT NULL,
  source_id text NOT NULL
);
CREATE INDEX search_pending_key ON search_pending (kind, source_id);

CREATE FUNCTION search_mark(doc_kind text, ids text[]) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO search_pending (kind, source_id)
  SELECT DISTINCT doc_kind, i FROM unnest(ids) AS i
  WHERE i IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.kind = doc_kind AND p.source_id = i)
$$;

-- Reindexes everything noted so far (other transactions' notes are invisible, and gone at their commit).
CREATE FUNCTION search_flush() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  services text[];
  articles text[];
  directory text[];
BEGIN
  WITH taken AS (DELETE FROM search_pending RETURNING kind, source_id)
  SELECT array_agg(DISTINCT source_id) FILTER (WHERE kind = 'service'),
         array_agg(DISTINCT source_id) FILTER (WHERE kind = 'article'),
         array_agg(DISTINCT source_id) FILTER (WHERE kind = 'directory')
  INTO services, articles, directory FROM taken;
  IF services IS NOT NULL THEN PERFORM search_reindex_services(services::bigint[]); END IF;
  IF articles IS NOT NULL THEN PERFORM search_reindex_articles(articles::bigint[]); END IF;
  IF directory IS NOT NULL THEN PERFORM search_reindex_directory(directory); END IF;
  IF services IS NOT NULL OR articles IS NOT NULL OR directory IS NOT NULL THEN
    UPDATE search_generation SET value = value + 1;
  END IF;
END $$;

-- Fires at commit once per noted row: the first call does the work, the others find nothing.
CREATE FUNCTION search_pending_noted() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_flush();
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER search_pending_flush AFTER INSERT ON search_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_pending_noted();

-- Statement-level triggers with transition tables on every source table.
CREATE FUNCTION search_services_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_mark('service', ARRAY(SELECT id::text FROM old_rows));
  ELSE
    PERFORM search_mark('service', ARRAY(SELECT id::text FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_services_inserted AFTER INSERT ON services REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_services_changed();
CREATE TRIGGER search_services_updated AFTER UPDATE ON services REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_services_changed();
CREATE TRIGGER search_services_deleted AFTER DELETE ON services REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_services_changed();

CREATE FUNCTION search_articles_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_mark('article', ARRAY(SELECT id::text FROM old_rows));
  ELSE
    PERFORM search_mark('article', ARRAY(SELECT id::text FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_articles_inserted AFTER INSERT ON kb_articles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_articles_changed();
CREATE TRIGGER search_articles_updated AFTER UPDATE ON kb_articles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_articles_changed();
CREATE TRIGGER search_articles_deleted AFTER DELETE ON kb_articles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_articles_changed();

CREATE FUNCTION search_directory_services_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_mark('directory', ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM search_mark('directory', ARRAY(SELECT id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_directory_services_inserted AFTER INSERT ON directory_services REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_services_changed();
CREATE TRIGGER search_directory_services_updated AFTER UPDATE ON directory_services REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_services_changed();
CREATE TRIGGER search_directory_services_deleted AFTER DELETE ON directory_services REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_services_changed();

-- A renamed organization renames its services' entries (deleting one cascades to its services).
CREATE FUNCTION search_directory_organizations_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_mark('directory', ARRAY(
    SELECT s.id FROM directory_services s JOIN new_rows n ON n.id = s.organization_id));
  RETURN NULL;
END $$;
CREATE TRIGGER search_directory_organizations_updated AFTER UPDATE ON directory_organizations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_organizations_changed();

-- A service's taxonomy terms are part of its entry.
CREATE FUNCTION search_directory_links_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_mark('directory', ARRAY(SELECT DISTINCT service_id FROM old_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM search_mark('directory', ARRAY(SELECT service_id FROM new_rows UNION SELECT service_id FROM old_rows));
  ELSE
    PERFORM search_mark('directory', ARRAY(SELECT DISTINCT service_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_directory_links_inserted AFTER INSERT ON directory_service_taxonomy_terms REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_links_changed();
CREATE TRIGGER search_directory_links_updated AFTER UPDATE ON directory_service_taxonomy_terms REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_links_changed();
CREATE TRIGGER search_directory_links_deleted AFTER DELETE ON directory_service_taxonomy_terms REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_links_changed();

CREATE FUNCTION search_directory_terms_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_mark('directory', ARRAY(
    SELECT DISTINCT st.service_id FROM directory_service_taxonomy_terms st JOIN new_rows n ON n.id = st.taxonomy_term_id));
  RETURN NULL;
END $$;
CREATE TRIGGER search_directory_terms_updated AFTER UPDATE ON directory_taxonomy_terms REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_directory_terms_changed();

-- Whoever keeps the content (synonyms, the no-results list).
INSERT INTO permissions (id, description, api_key_scope) VALUES
  ('search:manage', 'Edit search synonyms and read the searches that found nothing', false);
INSERT INTO role_permissions (role_id, permission_id, scope)
SELECT r.id, 'search:manage', 'all' FROM roles r WHERE r.id IN ('kb_editor', 'supervisor', 'administrator');
