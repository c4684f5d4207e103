-- History import at bulk speed.
--
-- On a PostgreSQL server the import writes two batches at once (one per connection), so a batch
-- cannot hold the tracking counter's row lock for the whole of its write: it reserves its tracking
-- numbers first, in a short transaction of their own, and records the reservation here. The batch's
-- own transaction deletes its ranges when it commits (with its rows and its checkpoint). Ranges
-- still here belong to batches that never committed (the run was killed or failed); the run that
-- resumes uses them first, so the numbers stay gap-free per year.
CREATE TABLE import_number_ranges (
  run_id bigint NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
  -- The batch the numbers are reserved for (its last record); NULL: left by an interrupted run.
  batch integer,
  year integer NOT NULL,
  first_value integer NOT NULL,
  count integer NOT NULL CHECK (count > 0)
);
CREATE INDEX import_number_ranges_run ON import_number_ranges (run_id, year, first_value);

-- Redundant: service_requests_updated_at_id (updated_at, id) (0007) serves every query this one
-- could (the same leading column), and each index costs every insert of a request.
DROP INDEX service_requests_updated;
