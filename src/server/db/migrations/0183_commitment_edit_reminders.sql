-- Commitments: the official as a person of the staff register (the name as written stays for documents that
-- name someone outside it), and their reminders through the alerts — a commitment nearing its end or at risk
-- is reminded once per stage, whatever happens to the alert afterwards.

ALTER TABLE commitment ADD COLUMN staff_member_id integer REFERENCES staff_member (id);
CREATE INDEX commitment_staff_idx ON commitment (staff_member_id) WHERE staff_member_id IS NOT NULL;

CREATE TABLE commitment_reminder (
  commitment_id integer NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
  -- DUE_SOON: the period ends within the rule's days; AT_RISK: forecast not to be met.
  stage text NOT NULL CHECK (stage IN ('DUE_SOON', 'AT_RISK')),
  alert_id integer REFERENCES alert (id),
  reminded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commitment_id, stage)
);

ALTER TABLE alert_rule DROP CONSTRAINT alert_rule_type_check;
ALTER TABLE alert_rule ADD CONSTRAINT alert_rule_type_check
  CHECK (type IN ('REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE', 'TAKEDOWN_REPEAT', 'COMMITMENT_DUE', 'COMMITMENT_AT_RISK'));
