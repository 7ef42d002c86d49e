-- Evaluations of targets kept current as data arrives, instead of recomputed on every request.
--
-- figure_version is one counter that every change a judged figure depends on moves forward: a value that
-- counts (submitted or approved) written, changed or removed — which is also what a report changing status
-- does to its values — and the metadata that decides what a figure is and who is expected to report it
-- (indicators, targets, data elements, periods, regimes and their forms and units, org units, their groups
-- and lineage). Drafts (data_status 0) never move it, so imports of drafts do not touch this row; report
-- workflow changes and metadata edits are rare enough for one row.
-- A stored evaluation holds for one counter value and one Vietnamese day (forecasts look ahead from today).

CREATE TABLE figure_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO figure_version (id, version) VALUES (true, 1);

-- Statement triggers fire even when a statement touched no row (an INSERT … ON CONFLICT DO NOTHING, an UPDATE
-- matching nothing): the transition tables tell whether it did. Each branch names only the transition table
-- its event has (a statement naming a missing one fails), and a trigger with transition tables serves one event.
CREATE FUNCTION figure_version_bump_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := EXISTS (SELECT 1 FROM old_rows);
  ELSE
    changed := EXISTS (SELECT 1 FROM new_rows);
  END IF;
  IF changed THEN
    UPDATE figure_version SET version = version + 1;
  END IF;
  RETURN NULL;
END;
$$;

-- Values: only statements that touch counted (submitted or approved) values; the status of values follows
-- their report's, so a report submitted, approved, returned or withdrawn moves the counter through here.
CREATE FUNCTION figure_version_bump_values() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted boolean := false;
BEGIN
  IF TG_OP = 'INSERT' THEN
    counted := EXISTS (SELECT 1 FROM new_rows WHERE data_status > 0);
  ELSIF TG_OP = 'DELETE' THEN
    counted := EXISTS (SELECT 1 FROM old_rows WHERE data_status > 0);
  ELSE
    counted := EXISTS (SELECT 1 FROM new_rows WHERE data_status > 0) OR EXISTS (SELECT 1 FROM old_rows WHERE data_status > 0);
  END IF;
  IF counted THEN
    UPDATE figure_version SET version = version + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER data_value_figure_version_insert AFTER INSERT ON data_value
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_values();
CREATE TRIGGER data_value_figure_version_update AFTER UPDATE ON data_value
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_values();
CREATE TRIGGER data_value_figure_version_delete AFTER DELETE ON data_value
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_values();

-- Metadata: what a figure is (indicators, data elements, periods), who is expected to report it (regimes,
-- their forms and units, org units, groups, lineage) and what is judged against it (targets).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['target', 'indicator', 'data_element', 'period', 'report_regime', 'report_regime_element',
                           'report_regime_assignment', 'org_unit', 'org_unit_group_member', 'org_unit_lineage'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_delete', t);
  END LOOP;
END;
$$;

CREATE TABLE target_evaluation (
  target_id integer PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
  -- The Vietnamese day and the figure_version the evaluation holds for.
  evaluated_for date NOT NULL,
  figure_version bigint NOT NULL,
  evaluation jsonb NOT NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
