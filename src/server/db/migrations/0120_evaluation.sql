-- Đánh giá, xếp loại chất lượng: staff evaluation scored from the tasks a person is responsible for
-- (Decree 335/2025/NĐ-CP for công chức from 2026; Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP
-- for viên chức). The rules are code (src/core/evaluation.ts); an agency's settings of their configurable
-- values, the manager's marks on tasks and people, and every step to the decision and appeal are kept here.

-- An agency's values for a rule set's configurable settings (conversion factors, weights, quota…), merged
-- over the rule set's defaults and checked by the same code.
CREATE TABLE evaluation_rule_config (
  rule_set_id text PRIMARY KEY CHECK (rule_set_id IN ('DECREE_335_2025', 'DECREE_90_2020_48_2023')),
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The manager's judgement of one task as a work product: its kind (for the conversion factor), major quality
-- errors found (each loses 25 % of its quality points), and whether it was exceeded (viên chức, Decree 90/2020).
CREATE TABLE evaluation_task_mark (
  task_id integer PRIMARY KEY REFERENCES task (id),
  product_kind text,
  quality_errors integer NOT NULL DEFAULT 0 CHECK (quality_errors BETWEEN 0 AND 20),
  exceeded boolean NOT NULL DEFAULT false,
  note text,
  marked_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The general criteria (tiêu chí chung, at most 30 points) of a person for a month ('202603') or quarter
-- ('2026Q1'), scored by the manager; a score below full marks carries a comment (checked by the service).
CREATE TABLE evaluation_general_score (
  staff_id integer NOT NULL REFERENCES staff_member (id),
  period text NOT NULL CHECK (period ~ '^\d{4}(0[1-9]|1[0-2]|Q[1-4])$'),
  points numeric(5, 2) NOT NULL CHECK (points >= 0 AND points <= 100),
  comment text,
  scored_by text,
  scored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, period)
);

-- A period's computed score, stored when computed (by the manager or at a decision) with its sources: which
-- task gave which points. The live figure is always recomputed from the task records; this is the record.
CREATE TABLE evaluation_period_score (
  staff_id integer NOT NULL REFERENCES staff_member (id),
  period text NOT NULL CHECK (period ~ '^\d{4}(0[1-9]|1[0-2]|Q[1-4])$'),
  rule_set_id text NOT NULL,
  task_points numeric(6, 2),
  general_points numeric(5, 2),
  total_points numeric(6, 2),
  assigned_weight numeric(10, 2) NOT NULL DEFAULT 0,
  task_count integer NOT NULL DEFAULT 0,
  pending_count integer NOT NULL DEFAULT 0,
  sources jsonb NOT NULL DEFAULT '[]'::jsonb,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, period)
);

-- A person's year: self-assessment, the manager's assessment, the collective's comments, discipline, and the
-- decision of the competent authority (with the council's reason when it departs from the computed rating).
CREATE TABLE evaluation_year (
  staff_id integer NOT NULL REFERENCES staff_member (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  rule_set_id text NOT NULL,
  self_assessment text,
  self_rating text CHECK (self_rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  self_at timestamptz,
  manager_comment text,
  manager_rating text CHECK (manager_rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  manager_by text,
  manager_at timestamptz,
  collective_comment text,
  collective_at timestamptz,
  -- Disciplined in the year (khiển trách or heavier): rated KHTNV.
  disciplined boolean NOT NULL DEFAULT false,
  discipline_note text,
  computed_points numeric(6, 2),
  computed_rating text CHECK (computed_rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  decided_rating text CHECK (decided_rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  decision_number text,
  override_reason text,
  decided_by text,
  decided_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, year),
  CHECK (decided_rating IS NULL OR decided_at IS NOT NULL),
  CHECK (NOT disciplined OR discipline_note IS NOT NULL)
);

-- An appeal (khiếu nại) against a year's decision, and its outcome.
CREATE TABLE evaluation_appeal (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id integer NOT NULL REFERENCES staff_member (id),
  year integer NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  submitted_by text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL DEFAULT 'PENDING' CHECK (outcome IN ('PENDING', 'UPHELD', 'REJECTED')),
  outcome_rating text CHECK (outcome_rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
  outcome_note text,
  decided_by text,
  decided_at timestamptz,
  FOREIGN KEY (staff_id, year) REFERENCES evaluation_year (staff_id, year),
  CHECK (outcome = 'PENDING' OR (decided_at IS NOT NULL AND outcome_note IS NOT NULL)),
  CHECK (outcome <> 'UPHELD' OR outcome_rating IS NOT NULL)
);
CREATE INDEX evaluation_appeal_staff_idx ON evaluation_appeal (staff_id, year);
-- At most one appeal waits for an outcome per person and year.
CREATE UNIQUE INDEX evaluation_appeal_pending_idx ON evaluation_appeal (staff_id, year) WHERE outcome = 'PENDING';

-- The scoring query reads a person's tasks by due date.
CREATE INDEX task_responsible_due_idx ON task (responsible_staff_id, coalesce(extended_due_date, due_date)) WHERE responsible_staff_id IS NOT NULL;
