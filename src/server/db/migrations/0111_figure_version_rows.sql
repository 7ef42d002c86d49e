-- figure_version (0045) moves only when a statement changed rows: statement triggers fire even when a statement
-- touched none (an INSERT … ON CONFLICT DO NOTHING, an UPDATE matching nothing), and each such move emptied every
-- process's analytics cache. The transition tables tell whether it did.
-- report_status no longer moves it: a report submitted, approved, returned or withdrawn changes the status of its
-- values, and that moves the counter through data_value's triggers (0045); which reports are in is work_version's
-- (0110).

CREATE FUNCTION figure_version_bump_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  -- Each branch names only the transition table its event has (a statement naming a missing one fails).
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

DROP TRIGGER report_status_figure_version ON report_status;
DROP TRIGGER period_figure_version ON period;

-- Metadata: what a figure is (indicators, data elements, periods), who is expected to report it (regimes,
-- their forms and units, org units, groups, lineage) and what is judged against it (targets). A trigger with
-- transition tables serves one event, hence three a table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['target', 'indicator', 'data_element', 'period', 'report_regime', 'report_regime_element',
                           'report_regime_assignment', 'org_unit', 'org_unit_group_member', 'org_unit_lineage'] LOOP
    IF t <> 'period' THEN
      EXECUTE format('DROP TRIGGER %I ON %I', t || '_figure_version', t);
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_version_bump_rows()', t || '_figure_version_delete', t);
  END LOOP;
END;
$$;

DROP FUNCTION figure_version_bump();
