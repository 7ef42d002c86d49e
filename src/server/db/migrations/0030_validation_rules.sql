-- Validation rules (correct data): left expression, operator, right expression over one org unit × period.

CREATE TABLE validation_rule (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text,
  description text,
  left_expression text NOT NULL,
  operator text NOT NULL CHECK (operator IN ('EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'COMPULSORY_PAIR', 'EXCLUSIVE_PAIR')),
  right_expression text NOT NULL,
  importance text NOT NULL DEFAULT 'ERROR' CHECK (importance IN ('ERROR', 'WARNING')),
  -- NULL: the rule applies to every regime whose form holds all the data elements it references.
  regime_id integer REFERENCES report_regime (id),
  missing_value_strategy text NOT NULL DEFAULT 'SKIP_IF_ALL_VALUES_MISSING'
    CHECK (missing_value_strategy IN ('SKIP_IF_ANY_VALUE_MISSING', 'SKIP_IF_ALL_VALUES_MISSING', 'NEVER_SKIP')),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX validation_rule_regime_idx ON validation_rule (regime_id);

-- The data elements a rule references, kept at save time so "which rules apply to this form" is a join.
CREATE TABLE validation_rule_element (
  rule_id integer NOT NULL REFERENCES validation_rule (id) ON DELETE CASCADE,
  data_element_id integer NOT NULL REFERENCES data_element (id),
  PRIMARY KEY (rule_id, data_element_id)
);
CREATE INDEX validation_rule_element_de_idx ON validation_rule_element (data_element_id);

-- The latest outcome of each rule for each org unit × period; a new run replaces the old row.
-- Passes are kept too: the pass rate of the data quality view needs them.
CREATE TABLE validation_result (
  rule_id integer NOT NULL REFERENCES validation_rule (id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  period_id integer NOT NULL REFERENCES period (id),
  status text NOT NULL CHECK (status IN ('PASS', 'FAIL', 'SKIPPED')),
  left_value double precision,
  right_value double precision,
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, org_unit_id, period_id)
);
CREATE INDEX validation_result_ou_period_idx ON validation_result (org_unit_id, period_id);
