-- Versions of the evaluation rule sets' values (Decree 335/2025/NĐ-CP for công chức, Decree 90/2020/NĐ-CP as
-- amended by Decree 48/2023/NĐ-CP for viên chức): the conversion factors per kind of product, the losses for a
-- delay or a quality error, the rating thresholds, the HTXSNV quota — each version with the document that sets it
-- (e.g. a province's decision) and the period it is in force. The decrees' own values are code
-- (src/core/evaluation.ts) and count as each rule set's first version; versions are only added, never changed.
CREATE TABLE evaluation_rule_version (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_set_id text NOT NULL CHECK (rule_set_id IN ('DECREE_335_2025', 'DECREE_90_2020_48_2023')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 4000),
  effective_from date NOT NULL,
  effective_to date,
  -- Values over the rule set's defaults, checked by the same code before they are kept.
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from),
  UNIQUE (rule_set_id, effective_from)
);

-- Settings saved before there were versions become a version in force from the rule set's own first day.
INSERT INTO evaluation_rule_version (rule_set_id, name, legal_basis, effective_from, config, created_by, created_at)
SELECT rule_set_id, 'Thiết lập của cơ quan', 'Thiết lập của cơ quan (trước khi có phiên bản)',
       CASE rule_set_id WHEN 'DECREE_335_2025' THEN DATE '2026-01-01' ELSE DATE '2020-08-13' END, config, updated_by, updated_at
FROM evaluation_rule_config WHERE config <> '{}'::jsonb;

DROP TABLE evaluation_rule_config;
