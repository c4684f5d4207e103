-- Analytics (issue 9): coarser levels above the hourly rollups of migration 0022, so a tile over a
-- year reads a dozen months instead of 8,760 hours. Kept from the hourly level by
-- src/modules/analytics/levels.ts at the end of every refresh and rebuild; read rules in
-- docs/metrics.md ("Levels").
--
-- period: the first local day of the day or month, in the jurisdiction's time zone (recorded in
-- analytics_levels_zone; when the zone changes, the levels are rebuilt and read only once rebuilt).
-- mask: which dimensions a row keeps — 1 service, 2 department, 4 district, 8 channel (15: all
-- four). A dimension a row does not keep holds "every value" (service 0, text '*'), so one table
-- holds the whole day or month both per cell and already summed across cells: a tile reads the
-- smallest mask that has the dimensions it filters or groups by.

CREATE TABLE analytics_request_levels (
  level text NOT NULL CHECK (level IN ('day', 'month')),
  mask smallint NOT NULL CHECK (mask BETWEEN 0 AND 15),
  period date NOT NULL,
  service_id bigint NOT NULL,
  district_id text NOT NULL,
  channel text NOT NULL,
  department_id text NOT NULL,
  opened integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  first_responses integer NOT NULL DEFAULT 0,
  first_response_seconds double precision NOT NULL DEFAULT 0,
  resolutions integer NOT NULL DEFAULT 0,
  resolution_seconds double precision NOT NULL DEFAULT 0,
  sla_met integer NOT NULL DEFAULT 0,
  sla_breached integer NOT NULL DEFAULT 0,
  reopens integer NOT NULL DEFAULT 0,
  surveys integer NOT NULL DEFAULT 0,
  survey_rating_sum integer NOT NULL DEFAULT 0,
  surveys_satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (level, mask, period, service_id, district_id, channel, department_id)
);

-- Duration histograms by day and month (same bins as analytics_duration_bins). No mask 15 here: per
-- cell and day they would be nearly as many rows as the hourly bins; a filter needing more than
-- the kept combinations reads the hourly bins.
CREATE TABLE analytics_duration_levels (
  level text NOT NULL CHECK (level IN ('day', 'month')),
  mask smallint NOT NULL CHECK (mask BETWEEN 0 AND 15),
  period date NOT NULL,
  measure text NOT NULL CHECK (measure IN ('first_response', 'resolution')),
  service_id bigint NOT NULL,
  district_id text NOT NULL,
  channel text NOT NULL,
  department_id text NOT NULL,
  bin smallint NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, mask, period, measure, service_id, district_id, channel, department_id, bin)
);

-- The time zone the levels' days are in. Empty until the first refresh or rebuild fills the levels
-- (readers then use the hourly rollups alone).
CREATE TABLE analytics_levels_zone (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  time_zone text NOT NULL
);
