-- Open data: datasets (published views of indicators), their release calendar, and the frozen figures of each release.

CREATE TABLE open_dataset (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  title_vi text NOT NULL,
  title_en text NOT NULL,
  description_vi text NOT NULL,
  description_en text NOT NULL,
  keywords text[] NOT NULL DEFAULT '{}',
  sector_id integer REFERENCES org_unit_group (id),
  -- The agency that publishes it: the scope in which it is managed, scheduled, approved and published.
  publisher_org_unit_id integer NOT NULL REFERENCES org_unit (id),
  licence text NOT NULL DEFAULT 'CC-BY-4.0',
  period_type text NOT NULL CHECK (period_type IN ('MONTHLY', 'QUARTERLY', 'YEARLY')),
  first_period text NOT NULL,
  -- The org unit levels that are public (e.g. {1,2}: the country and the provinces, never enterprises).
  levels integer[] NOT NULL CHECK (cardinality(levels) BETWEEN 1 AND 6),
  -- Which data counts: approved only, unless the publication explicitly says submitted.
  data_status text NOT NULL DEFAULT 'APPROVED' CHECK (data_status IN ('APPROVED', 'SUBMITTED')),
  -- A figure below its indicator's coverage threshold: withheld (published as missing) or published as provisional.
  below_coverage text NOT NULL DEFAULT 'WITHHOLD' CHECK (below_coverage IN ('WITHHOLD', 'PROVISIONAL')),
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE open_dataset_item (
  dataset_id integer NOT NULL REFERENCES open_dataset (id) ON DELETE CASCADE,
  position integer NOT NULL,
  indicator_id integer REFERENCES indicator (id),
  data_element_id integer REFERENCES data_element (id),
  PRIMARY KEY (dataset_id, position),
  CHECK (num_nonnulls(indicator_id, data_element_id) = 1)
);

-- A release announced in advance: frozen (its figures computed and approved) before its time, embargoed until it,
-- published at it by the job runner. Published releases are numbered 1, 2, … per dataset: the version.
CREATE TABLE open_release (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset_id integer NOT NULL REFERENCES open_dataset (id),
  release_at timestamptz NOT NULL,
  -- The release covers the dataset's periods from its first period to this one.
  last_period text NOT NULL,
  status text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'FROZEN', 'PUBLISHED', 'CANCELLED')),
  note_vi text,
  note_en text,
  version integer,
  frozen_at timestamptz,
  frozen_by text,
  published_at timestamptz,
  revised_count integer NOT NULL DEFAULT 0,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dataset_id, version),
  CHECK ((status = 'PUBLISHED') = (version IS NOT NULL AND published_at IS NOT NULL)),
  CHECK (status NOT IN ('FROZEN', 'PUBLISHED') OR frozen_at IS NOT NULL)
);
CREATE INDEX open_release_due_idx ON open_release (status, release_at);
CREATE INDEX open_release_dataset_idx ON open_release (dataset_id, release_at);

-- The frozen figures of a release. obs_status as SDMX: A normal, P provisional (below the coverage threshold),
-- M missing (withheld: below the threshold, or nothing counted). previous_value: the figure of the previous version
-- when this release revised it.
CREATE TABLE open_observation (
  release_id integer NOT NULL REFERENCES open_release (id) ON DELETE CASCADE,
  dx text NOT NULL,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  period text NOT NULL,
  value double precision,
  obs_status text NOT NULL CHECK (obs_status IN ('A', 'P', 'M')),
  coverage_reported integer,
  coverage_expected integer,
  is_revised boolean NOT NULL DEFAULT false,
  previous_value double precision,
  PRIMARY KEY (release_id, dx, org_unit_id, period),
  CHECK ((obs_status = 'M') = (value IS NULL))
);
