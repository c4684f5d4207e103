-- The SLA clock stops while a request is on hold (waiting for the resident or a third party):
-- when the hold started, so the due time can be pushed back by the time spent on hold.
ALTER TABLE service_requests ADD COLUMN hold_started_at timestamptz;
