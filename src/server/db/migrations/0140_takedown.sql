-- Gỡ bỏ nội dung vi phạm: violation cases sent to cross-border platforms in batches (one letter each), the
-- platforms' answers, the officers' re-checks, and the thresholds at which an account is a repeat offender.

-- Cross-border platforms requests are sent to (Facebook, YouTube, TikTok…).
CREATE TABLE takedown_platform (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{1,40}$'),
  name_vi text NOT NULL,
  name_en text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The units that find and send violation cases (the monitoring units); their staff work on cases, with
-- leadership. Cases are sensitive: no other unit's staff reads them.
CREATE TABLE takedown_monitoring_unit (
  org_unit_id integer PRIMARY KEY REFERENCES org_unit (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A batch: one letter to one platform, with its number and date, sent by a monitoring unit.
CREATE TABLE takedown_batch (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  platform_id integer NOT NULL REFERENCES takedown_platform (id),
  letter_number text NOT NULL CHECK (length(letter_number) BETWEEN 1 AND 100),
  letter_date date NOT NULL,
  -- When the letter went to the platform: the 24 hours run from here unless a case says otherwise.
  sent_at timestamptz NOT NULL,
  note text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_id, letter_number),
  UNIQUE (id, platform_id)
);
CREATE INDEX takedown_batch_unit_idx ON takedown_batch (org_unit_id, sent_at);

-- A case: one item (URL) requested for removal. Platform and unit repeat the batch's (kept by the foreign key)
-- so that the figures group without a join.
CREATE TABLE takedown_case (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id integer NOT NULL,
  platform_id integer NOT NULL,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  -- The account, page or channel that posted it, as the platform names it; account_key is its folded form.
  account text,
  account_key text,
  violation_kind text NOT NULL CHECK (violation_kind IN ('ANTI_STATE', 'DEFAMATION', 'FALSE_INFORMATION', 'FRAUD', 'GAMBLING', 'OBSCENE', 'VIOLENCE', 'COPYRIGHT', 'OTHER')),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
  found_by text NOT NULL CHECK (found_by IN ('MONITORING', 'CITIZEN_REPORT', 'UNIT')),
  -- Who: the citizen's report number, the reporting unit, the monitoring system.
  found_by_detail text,
  description text,
  sent_at timestamptz NOT NULL,
  -- The judgement of src/core/takedown.ts judgeCase, stored whenever an answer or re-check is recorded, so that
  -- the figures are a GROUP BY: the counted outcome, when the platform first acted, and whether in time.
  outcome text NOT NULL DEFAULT 'NO_ANSWER' CHECK (outcome IN ('REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER', 'STILL_PRESENT')),
  acted_at timestamptz,
  within_deadline boolean NOT NULL DEFAULT false,
  confirmed_gone boolean NOT NULL DEFAULT false,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (batch_id, platform_id) REFERENCES takedown_batch (id, platform_id),
  UNIQUE (batch_id, url)
);
CREATE INDEX takedown_case_period_idx ON takedown_case (platform_id, sent_at);
CREATE INDEX takedown_case_unit_idx ON takedown_case (org_unit_id, sent_at);
CREATE INDEX takedown_case_account_idx ON takedown_case (platform_id, account_key, sent_at) WHERE account_key IS NOT NULL;

-- Evidence of a case (a screenshot, an archived copy), stored with the record; its type detected from the content.
CREATE TABLE takedown_evidence (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES takedown_case (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  username text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX takedown_evidence_case_idx ON takedown_evidence (case_id);

-- The platform's answers about a case, as they came (a refusal may later become a removal): the latest counts.
CREATE TABLE takedown_answer (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES takedown_case (id),
  outcome text NOT NULL CHECK (outcome IN ('REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER')),
  reason text,
  -- When the platform answered (for NO_ANSWER: when the list saying so was received).
  answered_at timestamptz NOT NULL,
  source text NOT NULL DEFAULT 'FORM' CHECK (source IN ('FORM', 'IMPORT')),
  recorded_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome <> 'REFUSED' OR (reason IS NOT NULL AND length(reason) > 0))
);
CREATE INDEX takedown_answer_case_idx ON takedown_answer (case_id, answered_at, id);

-- An officer's re-check of the item: still there or gone, recorded, never assumed.
CREATE TABLE takedown_recheck (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES takedown_case (id),
  checked_at timestamptz NOT NULL,
  is_present boolean NOT NULL,
  checked_by text NOT NULL,
  user_id integer REFERENCES app_user (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX takedown_recheck_case_idx ON takedown_recheck (case_id, checked_at, id);

-- Repeat-offender thresholds, versioned: an account with at least min_count cases in window_days is flagged.
CREATE TABLE takedown_threshold (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  window_days integer NOT NULL CHECK (window_days BETWEEN 1 AND 366),
  min_count integer NOT NULL CHECK (min_count >= 1),
  effective_from date NOT NULL,
  effective_to date,
  legal_basis text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
INSERT INTO takedown_threshold (window_days, min_count, effective_from, effective_to, legal_basis) VALUES
  (30, 5, '2024-12-25', NULL, 'Nghị định 147/2024/NĐ-CP, Điều 23 khoản 2: tài khoản, trang, nhóm, kênh vi phạm 05 lần trong 30 ngày'),
  (90, 10, '2024-12-25', NULL, 'Nghị định 147/2024/NĐ-CP, Điều 23 khoản 2: tài khoản, trang, nhóm, kênh vi phạm 10 lần trong 90 ngày'),
  (30, 5, '2018-01-01', '2024-12-24', 'Trước Nghị định 147/2024/NĐ-CP: ngưỡng theo dõi do Bộ áp dụng (Nghị định 72/2013/NĐ-CP không quy định)'),
  (90, 10, '2018-01-01', '2024-12-24', 'Trước Nghị định 147/2024/NĐ-CP: ngưỡng theo dõi do Bộ áp dụng (Nghị định 72/2013/NĐ-CP không quy định)');

-- Repeat offenders are flagged through the alerts.
ALTER TABLE alert_rule DROP CONSTRAINT alert_rule_type_check;
ALTER TABLE alert_rule ADD CONSTRAINT alert_rule_type_check
  CHECK (type IN ('REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE', 'TAKEDOWN_REPEAT'));

-- The takedown figures are written as data values computed from the cases.
ALTER TABLE data_value DROP CONSTRAINT data_value_source_check;
ALTER TABLE data_value ADD CONSTRAINT data_value_source_check CHECK (source IN ('FORM', 'EXCEL', 'API', 'SEED', 'IMPORT', 'CASES'));
