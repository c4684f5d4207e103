-- Open311 GeoReport v2: what a submission carries beyond the request itself, partner updates, and
-- the indexes the public list filters are served from.

-- One row per request submitted through Open311: the token the client may poll (tokens/{token}),
-- the media URL and address id it sent, and the submitter's device and account ids. Device and
-- account ids are personal data: they are kept for the city's records and never served.
CREATE TABLE open311_submissions (
  request_id bigint PRIMARY KEY REFERENCES service_requests (id),
  token text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{16,64}$'),
  media_url text CHECK (char_length(media_url) <= 2000),
  address_id text CHECK (char_length(address_id) <= 200),
  device_id text CHECK (char_length(device_id) <= 200),
  account_id text CHECK (char_length(account_id) <= 200),
  api_key_id bigint REFERENCES api_keys (id),
  created_at timestamptz NOT NULL
);

-- Updates posted by partner systems (mySociety's POST servicerequestupdates): the timeline entry
-- they made, the partner's own update id (a repeated POST returns the first one) and a media URL.
CREATE TABLE open311_update_links (
  event_id bigint PRIMARY KEY REFERENCES request_events (id),
  api_key_id bigint NOT NULL REFERENCES api_keys (id),
  external_update_id text CHECK (char_length(external_update_id) <= 200),
  media_url text CHECK (char_length(media_url) <= 2000),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX open311_update_links_external ON open311_update_links (api_key_id, external_update_id)
  WHERE external_update_id IS NOT NULL;

-- GET requests: newest first within a jurisdiction, public requests only (the default window and paging).
CREATE INDEX service_requests_o311_created ON service_requests (jurisdiction_id, created_at DESC, id DESC)
  WHERE NOT confidential;
-- GET requests?service_code=…&status=open (the commonest filtered page): newest open requests of a service.
CREATE INDEX service_requests_o311_open_service ON service_requests (service_id, created_at DESC, id DESC)
  WHERE NOT confidential AND status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
-- … and of every service (status=open without service_code).
CREATE INDEX service_requests_o311_open ON service_requests (jurisdiction_id, created_at DESC, id DESC)
  WHERE NOT confidential AND status IN ('new', 'acknowledged', 'in_progress', 'on_hold', 'reopened');
-- GET requests with updated_after / updated_before (incremental sync), oldest change first.
CREATE INDEX service_requests_o311_updated ON service_requests (jurisdiction_id, updated_at, id)
  WHERE NOT confidential;
-- GET requests with lat/long/radius or bbox: every status, public requests only.
CREATE INDEX service_requests_o311_location ON service_requests USING gist (location)
  WHERE NOT confidential AND location IS NOT NULL;
-- GET servicerequestupdates: public timeline entries (public notes, status changes, merges) by time.
CREATE INDEX request_events_o311_public ON request_events (at, id)
  WHERE public_note IS NOT NULL OR kind IN ('status_changed', 'merged_into');

-- GET requests/{id}: the hottest public read. In a PL/pgSQL function its plan is prepared once per
-- connection and reused; sent as SQL, parsing and planning the joins cost four times the execution
-- (pgbench, 16 clients, 1M requests: 3,800 calls/s as plain SQL, 13,500/s through the function).
CREATE FUNCTION open311_public_request(p_tracking text, p_jurisdiction text, p_hidden_services bigint[])
RETURNS TABLE (id bigint, tracking_number text, status text, description text, address text, created_at timestamptz,
               updated_at timestamptz, due_at timestamptz, lon float8, lat float8, service_id bigint, department_id text,
               media_url text, address_id text, channel text, priority text, district_id text, attributes jsonb,
               parent_tracking_number text, support_count integer, status_notes text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT sr.id, sr.tracking_number, sr.status, sr.description, sr.address, sr.created_at, sr.updated_at, sr.due_at,
         (sr.location)[0], (sr.location)[1], sr.service_id, sr.department_id, o.media_url, o.address_id, sr.channel,
         sr.priority, sr.district_id, sr.attributes, p.tracking_number, sr.support_count,
         (SELECT e.public_note FROM request_events e
           WHERE e.request_id = sr.id AND e.public_note IS NOT NULL ORDER BY e.id DESC LIMIT 1)
    FROM service_requests sr
    LEFT JOIN service_requests p ON p.id = sr.parent_id
    LEFT JOIN open311_submissions o ON o.request_id = sr.id
   WHERE sr.tracking_number = p_tracking AND sr.jurisdiction_id = p_jurisdiction AND NOT sr.confidential
     AND sr.service_id <> ALL(p_hidden_services);
END
$$;
