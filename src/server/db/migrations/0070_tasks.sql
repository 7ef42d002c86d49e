-- Nhiệm vụ: tasks assigned by leadership from a source document, their progress, evidence and deadline alerts.

CREATE TABLE task (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A subtask, assigned by the parent's lead unit to a unit below it.
  parent_id integer REFERENCES task (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
  description text,
  -- The source document (văn bản): briefing conclusion, directive, decision, plan, strategy.
  source_kind text NOT NULL CHECK (source_kind IN ('BRIEFING', 'DIRECTIVE', 'DECISION', 'PLAN', 'STRATEGY', 'OTHER')),
  source_number text,
  source_date date,
  source_issuer text,
  source_title text,
  -- The leader who assigned it, as written in the document, and the unit that assigned it (who confirms).
  assigner_name text NOT NULL,
  assigner_user_id integer REFERENCES app_user (id),
  assigning_org_unit_id integer NOT NULL REFERENCES org_unit (id),
  lead_org_unit_id integer NOT NULL REFERENCES org_unit (id),
  responsible text,
  start_date date NOT NULL,
  due_date date NOT NULL,
  -- The approved new due date of an extension; results are reported against both dates.
  extended_due_date date,
  expected_product text,
  priority text NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('HIGH', 'NORMAL', 'LOW')),
  sector_id integer REFERENCES org_unit_group (id),
  progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  -- What was recorded; the status people see (on time, overdue, done late…) is computed from it and the dates.
  state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'DONE_REPORTED', 'DONE', 'CANCELLED')),
  -- The Vietnamese day the lead unit reported it done (the completion date once confirmed).
  done_on date,
  confirmed_at timestamptz,
  confirmed_by text,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (due_date >= start_date),
  CHECK (extended_due_date IS NULL OR extended_due_date > due_date),
  CHECK (state NOT IN ('DONE_REPORTED', 'DONE') OR done_on IS NOT NULL),
  CHECK (state <> 'CANCELLED' OR cancel_reason IS NOT NULL)
);
CREATE INDEX task_lead_idx ON task (lead_org_unit_id, due_date);
CREATE INDEX task_assigning_idx ON task (assigning_org_unit_id);
CREATE INDEX task_parent_idx ON task (parent_id);
CREATE INDEX task_open_due_idx ON task (coalesce(extended_due_date, due_date)) WHERE state IN ('OPEN', 'DONE_REPORTED');

-- Co-operating units (đơn vị phối hợp).
CREATE TABLE task_co_unit (
  task_id integer NOT NULL REFERENCES task (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  PRIMARY KEY (task_id, org_unit_id)
);
CREATE INDEX task_co_unit_unit_idx ON task_co_unit (org_unit_id);

-- The indicators and targets a task moves.
CREATE TABLE task_link (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id integer NOT NULL REFERENCES task (id),
  indicator_id integer REFERENCES indicator (id),
  target_id integer REFERENCES target (id),
  CHECK ((indicator_id IS NULL) <> (target_id IS NULL))
);
CREATE INDEX task_link_task_idx ON task_link (task_id);

-- The task's history: progress reports, done reports, confirmations, returns, extensions, cancellation.
CREATE TABLE task_update (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id integer NOT NULL REFERENCES task (id),
  kind text NOT NULL CHECK (kind IN ('PROGRESS', 'DONE_REPORTED', 'CONFIRMED', 'RETURNED', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED', 'CANCELLED')),
  percent integer CHECK (percent BETWEEN 0 AND 100),
  note text,
  requested_due_date date,
  -- The Vietnamese day of the update.
  on_date date NOT NULL,
  user_id integer REFERENCES app_user (id),
  username text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_update_task_idx ON task_update (task_id, id);

-- Evidence files, stored with the record (a backup keeps them); attached to an update once reported.
CREATE TABLE task_evidence (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id integer NOT NULL REFERENCES task (id),
  update_id integer REFERENCES task_update (id),
  file_name text NOT NULL,
  -- Detected from the content, never from the name.
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  username text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_evidence_task_idx ON task_evidence (task_id);

-- Deadline reminders through the alert mechanism: N days before and on the due date, and overdue.
ALTER TABLE alert_rule DROP CONSTRAINT alert_rule_type_check;
ALTER TABLE alert_rule ADD CONSTRAINT alert_rule_type_check
  CHECK (type IN ('REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE'));
