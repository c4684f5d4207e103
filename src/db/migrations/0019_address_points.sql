-- The gazetteer: address points for geocoding in the database (forward search by trigram similarity
-- over a normalised label, reverse by nearest neighbour on a GiST index). Core types only, so PGlite
-- and any PostgreSQL behave the same; pg_trgm lives in public (0012_search.sql).

CREATE TABLE address_points (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- number|street|unit|city|postcode, normalised: one row per address however often it is imported.
  address_key text NOT NULL UNIQUE,
  number text NOT NULL,
  street text NOT NULL,
  unit text NOT NULL DEFAULT '',
  city text NOT NULL DEFAULT '',
  region text NOT NULL DEFAULT '',
  postcode text NOT NULL DEFAULT '',
  -- A landmark's name ("The Portland Building"), searchable like the address.
  place_name text NOT NULL DEFAULT '',
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
  -- The label folded and normalised (suffixes, directionals, ordinals) for search.
  search_label text NOT NULL,
  location point NOT NULL,
  -- Districts containing the point, looked up from the catalog's district polygons when written.
  district_ids text[] NOT NULL DEFAULT '{}',
  source text NOT NULL,
  source_id text,
  -- Demo data placed by hand rather than surveyed.
  approximate boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX address_points_location ON address_points USING gist (location);
CREATE INDEX address_points_search ON address_points USING gin (search_label public.gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX address_points_number ON address_points (number);
