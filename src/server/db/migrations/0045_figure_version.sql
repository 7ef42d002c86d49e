-- Evaluations of targets kept current as data arrives, instead of recomputed on every request.
--
-- figure_version is one counter that every change a judged figure depends on moves forward: a value that
-- counts (submitted or approved) written or removed, a report changing status, and the metadata that decides
-- what a figure is and who is expected to report it (indicators, targets, data elements, regimes and their
-- forms and units, org units, their groups and lineage). Drafts (data_status 0) never move it, so imports of
-- drafts do not touch this row; report workflow changes and metadata edits are rare enough for one row.
-- A stored evaluation holds for one counter value and one Vietnamese day (forecasts look ahead from today).

CREATE TABLE figure_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO figure_version (id, version) VALUES (true, 1);

CREATE FUNCTION figure_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figure_version SET version = version + 1;
  RETURN NULL;
END;
$$;

-- Values: only statements that touch counted (submitted or approved) values.
-- Each branch names only the transition tables its trigger has (a statement naming a missing one fails).
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

CREATE TRIGGER report_status_figure_version AFTER INSERT OR UPDATE OR DELETE ON report_status FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER target_figure_version AFTER INSERT OR UPDATE OR DELETE ON target FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER indicator_figure_version AFTER INSERT OR UPDATE OR DELETE ON indicator FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER data_element_figure_version AFTER INSERT OR UPDATE OR DELETE ON data_element FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER report_regime_figure_version AFTER INSERT OR UPDATE OR DELETE ON report_regime FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER report_regime_element_figure_version AFTER INSERT OR UPDATE OR DELETE ON report_regime_element FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER report_regime_assignment_figure_version AFTER INSERT OR UPDATE OR DELETE ON report_regime_assignment FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER org_unit_figure_version AFTER INSERT OR UPDATE OR DELETE ON org_unit FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER org_unit_group_member_figure_version AFTER INSERT OR UPDATE OR DELETE ON org_unit_group_member FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();
CREATE TRIGGER org_unit_lineage_figure_version AFTER INSERT OR UPDATE OR DELETE ON org_unit_lineage FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump();

CREATE TABLE target_evaluation (
  target_id integer PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
  -- The Vietnamese day and the figure_version the evaluation holds for.
  evaluated_for date NOT NULL,
  figure_version bigint NOT NULL,
  evaluation jsonb NOT NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
