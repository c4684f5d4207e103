-- History import and open data.
-- Where an imported request came from: the source (e.g. 'nyc311') and its id there. One row per
-- source record, so re-running an import adds nothing (NULLs never conflict: live requests have none).
ALTER TABLE service_requests ADD COLUMN source text, ADD COLUMN external_id text;
ALTER TABLE service_requests ADD CONSTRAINT service_requests_source_pair
  CHECK ((source IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX service_requests_source_external_id ON service_requests (source, external_id);

-- One import of one file: the checkpoint an interrupted import resumes from. `records_done` source
-- records were read and committed, with the counts so far; a finished run has `finished_at`.
CREATE TABLE import_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
  source text NOT NULL,
  format text NOT NULL,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  mapping_sha256 text NOT NULL,
  records_done integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
-- At most one unfinished run of the same file with the same mapping: the one to resume.
CREATE UNIQUE INDEX import_runs_unfinished ON import_runs (jurisdiction_id, source, file_sha256, mapping_sha256)
  WHERE finished_at IS NULL;

-- Open data: services whose requests are published with a coarsened location (a grid cell, no
-- address), e.g. campsite reports or civil-rights complaints. Confidential services are never published.
ALTER TABLE services ADD COLUMN coarse_public_location boolean NOT NULL DEFAULT false;
-- The export reads requests updated since a date in (updated_at, id) order: service_requests_updated_at_id (0007).
