-- Who works a service request: a staff member, or nobody yet (the department's queue).
ALTER TABLE service_requests ADD COLUMN assigned_to bigint REFERENCES staff_users (id);
CREATE INDEX service_requests_assigned_to ON service_requests (assigned_to) WHERE assigned_to IS NOT NULL;
-- The staff list sorts by these, newest first, with the id as the tie-breaker for keyset paging.
CREATE INDEX service_requests_created_at_id ON service_requests (created_at, id);
CREATE INDEX service_requests_updated_at_id ON service_requests (updated_at, id);
