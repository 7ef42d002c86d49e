-- Indicators (formulas over data elements), targets with their source documents, alert rules and alerts.

CREATE TABLE indicator (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  short_name text,
  description text,
  sector_id integer REFERENCES org_unit_group (id),
  unit text,
  decimals integer NOT NULL DEFAULT 1 CHECK (decimals BETWEEN 0 AND 6),
  direction text NOT NULL DEFAULT 'HIGHER_IS_BETTER' CHECK (direction IN ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')),
  numerator text NOT NULL,
  denominator text NOT NULL DEFAULT '1',
  factor double precision NOT NULL DEFAULT 1,
  is_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_sector_idx ON indicator (sector_id);

-- Mục tiêu: indicator × org unit × target period, from a source document.
CREATE TABLE target (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  target_period text NOT NULL,
  baseline_value double precision,
  baseline_period text,
  target_value double precision NOT NULL,
  -- [{ "period": "2024", "value": 40 }]: interim milestones, oldest first.
  milestones jsonb NOT NULL DEFAULT '[]'::jsonb,
  source_document text,
  owner_org_unit_id integer REFERENCES org_unit (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, org_unit_id, target_period)
);

CREATE TABLE alert_rule (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  type text NOT NULL CHECK (type IN ('REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD')),
  severity text NOT NULL DEFAULT 'WARNING' CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
  -- The subtree the rule watches; NULL: everything.
  org_unit_id integer REFERENCES org_unit (id),
  indicator_id integer REFERENCES indicator (id),
  data_element_id integer REFERENCES data_element (id),
  regime_id integer REFERENCES report_regime (id),
  operator text CHECK (operator IN ('<', '<=', '>', '>=', '=', '<>')),
  threshold double precision,
  -- THRESHOLD rules look at units of this level inside the subtree (NULL: the subtree root only).
  level integer,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (type <> 'THRESHOLD' OR (indicator_id IS NOT NULL AND operator IS NOT NULL AND threshold IS NOT NULL))
);

CREATE TABLE alert (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id integer NOT NULL REFERENCES alert_rule (id),
  type text NOT NULL,
  severity text NOT NULL,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  period text NOT NULL,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  value double precision,
  evidence_url text,
  state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  note text,
  -- One alert per rule, unit and period: evaluating again refreshes it instead of repeating it.
  UNIQUE (rule_id, org_unit_id, period)
);
CREATE INDEX alert_state_idx ON alert (state, raised_at DESC);
CREATE INDEX alert_org_unit_idx ON alert (org_unit_id);

-- In-app notification of an alert to one user; emailed_at is set once mail went out.
CREATE TABLE alert_notification (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id integer NOT NULL REFERENCES alert (id),
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  emailed_at timestamptz,
  UNIQUE (alert_id, user_id)
);
CREATE INDEX alert_notification_user_idx ON alert_notification (user_id, created_at DESC);
