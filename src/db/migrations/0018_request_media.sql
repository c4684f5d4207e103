-- Photos of service requests (issue 7, part 2): resized, re-encoded and (unless the resident chose
-- otherwise) stripped of metadata before they are stored. The bytes live in the database (bytea), so
-- a backup of the database is a backup of everything, on PGlite and on a PostgreSQL server alike.
CREATE TABLE request_media (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES service_requests (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/webp')),
  width integer NOT NULL CHECK (width BETWEEN 1 AND 1600),
  height integer NOT NULL CHECK (height BETWEEN 1 AND 1600),
  bytes integer NOT NULL CHECK (bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data bytea NOT NULL,
  -- false: staff only (e.g. a photo showing a person); the public never gets it.
  public boolean NOT NULL DEFAULT true,
  -- The uploader asked to keep the photo's EXIF data (its location included).
  keeps_exif boolean NOT NULL DEFAULT false,
  -- 'resident' or the staff actor ('staff:<email>', 'api_key:<name>').
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL
);
-- The same photo sent twice for one request (a double submit) is stored once.
CREATE UNIQUE INDEX request_media_request_sha ON request_media (request_id, sha256);
CREATE INDEX request_media_request ON request_media (request_id, id);

-- Open311's media_url: the URL a client sent with the request, else the request's first public photo
-- (a site-relative path; the presenter prefixes the public address). Same signature as in 0013.
CREATE OR REPLACE FUNCTION open311_public_request(p_tracking text, p_jurisdiction text, p_hidden_services bigint[])
RETURNS TABLE (id bigint, tracking_number text, status text, description text, address text, created_at timestamptz,
               updated_at timestamptz, due_at timestamptz, lon float8, lat float8, service_id bigint, department_id text,
               media_url text, address_id text, channel text, priority text, district_id text, attributes jsonb,
               parent_tracking_number text, support_count integer, status_notes text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT sr.id, sr.tracking_number, sr.status, sr.description, sr.address, sr.created_at, sr.updated_at, sr.due_at,
         (sr.location)[0], (sr.location)[1], sr.service_id, sr.department_id,
         coalesce(o.media_url, (SELECT '/media/' || m.id || CASE WHEN m.content_type = 'image/webp' THEN '.webp' ELSE '.jpg' END
                                  FROM request_media m WHERE m.request_id = sr.id AND m.public ORDER BY m.id LIMIT 1)),
         o.address_id, sr.channel,
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
