-- Catalog administration from the staff console.
--
-- services.version: bumped by every change staff make to a service (settings or questions), so an
-- editor that loaded version N is told (409) when someone else saved in between.
--
-- service_attributes.retired_at: a question staff remove is retired, not deleted. Stored requests
-- keep their answers under the question's code (service_requests.attributes is jsonb keyed by code),
-- and the retired definition still says what that code meant (its wording, datatype and list values);
-- new requests no longer see or accept it. Bringing the code back restores the definition; the code
-- cannot be reused for a different datatype, so old answers never change meaning.
ALTER TABLE services ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE service_attributes ADD COLUMN retired_at timestamptz;
