-- Reporting: data elements, disaggregations, periods, report regimes, data values and their history.

CREATE TABLE disaggregation (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One flat list of options per disaggregation (no combinations).
CREATE TABLE disaggregation_option (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  disaggregation_id integer NOT NULL REFERENCES disaggregation (id) ON DELETE CASCADE,
  code text NOT NULL,
  name_vi text NOT NULL,
  name_en text,
  sort_order integer NOT NULL DEFAULT 0,
  UNIQUE (disaggregation_id, code)
);

CREATE TABLE data_element (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  short_name text,
  description text,
  value_type text NOT NULL CHECK (value_type IN ('INTEGER', 'NUMBER', 'PERCENTAGE', 'BOOLEAN', 'TEXT')),
  aggregation_type text NOT NULL CHECK (aggregation_type IN ('SUM', 'AVERAGE', 'AVERAGE_SUM_ORG_UNIT', 'LAST', 'MIN', 'MAX', 'COUNT', 'NONE')),
  unit text,
  zero_is_significant boolean NOT NULL DEFAULT false,
  disaggregation_id integer REFERENCES disaggregation (id),
  sector_id integer REFERENCES org_unit_group (id),
  min_value double precision,
  max_value double precision,
  seasonal boolean NOT NULL DEFAULT false,
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Periods are stored once and referenced by a small integer id (values are the big table).
CREATE TABLE period (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  iso text NOT NULL UNIQUE,
  type text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL
);
CREATE INDEX period_type_start_idx ON period (type, start_date);

CREATE TABLE report_regime (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  -- Nội dung báo cáo; the legal basis (e.g. "Thông tư 03/2023/TT-BTTTT").
  content text,
  legal_basis text,
  receiving_org_unit_id integer REFERENCES org_unit (id),
  period_type text NOT NULL CHECK (period_type IN ('DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'SIXMONTHLY', 'NINEMONTHLY', 'YEARLY')),
  cutoff_rule text NOT NULL DEFAULT 'DECREE_09' CHECK (cutoff_rule IN ('CALENDAR', 'DECREE_09')),
  deadline_days integer NOT NULL DEFAULT 2 CHECK (deadline_days >= 0),
  open_future_periods integer NOT NULL DEFAULT 0 CHECK (open_future_periods >= 0),
  lock_after_days integer CHECK (lock_after_days IS NULL OR lock_after_days >= 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who reports under a regime: units by id, all units at a level, or all members of a group.
CREATE TABLE report_regime_assignment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  regime_id integer NOT NULL REFERENCES report_regime (id) ON DELETE CASCADE,
  org_unit_id integer REFERENCES org_unit (id),
  level integer,
  group_id integer REFERENCES org_unit_group (id),
  CHECK ((org_unit_id IS NOT NULL)::int + (level IS NOT NULL)::int + (group_id IS NOT NULL)::int = 1)
);
CREATE INDEX report_regime_assignment_regime_idx ON report_regime_assignment (regime_id);

CREATE TABLE report_regime_section (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  regime_id integer NOT NULL REFERENCES report_regime (id) ON DELETE CASCADE,
  code text NOT NULL,
  name_vi text NOT NULL,
  name_en text,
  sort_order integer NOT NULL DEFAULT 0,
  UNIQUE (regime_id, code)
);

CREATE TABLE report_regime_element (
  regime_id integer NOT NULL REFERENCES report_regime (id) ON DELETE CASCADE,
  data_element_id integer NOT NULL REFERENCES data_element (id),
  section_id integer REFERENCES report_regime_section (id) ON DELETE SET NULL,
  sort_order integer NOT NULL DEFAULT 0,
  is_compulsory boolean NOT NULL DEFAULT false,
  PRIMARY KEY (regime_id, data_element_id)
);
CREATE INDEX report_regime_element_de_idx ON report_regime_element (data_element_id);

-- The reported figures. option_id 0 means "no disaggregation" (keeps the key NOT NULL and compact).
-- The key leads with data element and period, the shape of every analytics question; org unit
-- stays in the key so the table can later be distributed by org unit.
CREATE TABLE data_value (
  data_element_id integer NOT NULL,
  period_id integer NOT NULL,
  org_unit_id integer NOT NULL,
  option_id integer NOT NULL DEFAULT 0,
  value double precision,
  text_value text,
  comment text,
  source text NOT NULL DEFAULT 'FORM' CHECK (source IN ('FORM', 'EXCEL', 'API', 'SEED', 'IMPORT')),
  stored_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (data_element_id, period_id, org_unit_id, option_id)
);
CREATE INDEX data_value_ou_period_idx ON data_value (org_unit_id, period_id);

-- Every change to a value: who, when, from where, old and new.
CREATE TABLE data_value_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  data_element_id integer NOT NULL,
  period_id integer NOT NULL,
  org_unit_id integer NOT NULL,
  option_id integer NOT NULL DEFAULT 0,
  change_type text NOT NULL CHECK (change_type IN ('CREATE', 'UPDATE', 'DELETE')),
  old_value text,
  new_value text,
  source text NOT NULL,
  changed_by text,
  user_id integer,
  token_id integer,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_value_history_key_idx ON data_value_history (data_element_id, period_id, org_unit_id, option_id);

-- Org unit × period × regime workflow: DRAFT → SUBMITTED → APPROVED, or RETURNED with a reason.
CREATE TABLE report_status (
  regime_id integer NOT NULL REFERENCES report_regime (id),
  period_id integer NOT NULL REFERENCES period (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED')),
  submitted_at timestamptz,
  submitted_by text,
  is_late boolean,
  approved_at timestamptz,
  approved_by text,
  returned_reason text,
  reopened_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regime_id, period_id, org_unit_id)
);
CREATE INDEX report_status_period_idx ON report_status (regime_id, period_id);

-- A retried request with the same key replays the first answer instead of applying twice.
CREATE TABLE idempotency_key (
  key text NOT NULL,
  actor text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, key)
);
