-- What stands to be done (which reports are in, which alerts are open) is cached in each process like the
-- figures are (0045), checked against a third counter read in the same query once per request: work_version
-- moves forward whenever a statement changes rows of report_status (submitted, returned, approved, withdrawn,
-- reopened) or of alert (raised, acknowledged, resolved). Completeness and the alert lists are kept per
-- work_version and figure_version (the units and regimes expected), and per Vietnamese day (what is overdue).

CREATE TABLE work_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO work_version (id, version) VALUES (true, 1);

CREATE FUNCTION work_version_bump_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN UPDATE work_version SET version = version + 1; END IF;
  ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
    UPDATE work_version SET version = version + 1;
  END IF;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['report_status', 'alert'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_version_bump_rows()', t || '_work_version_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_version_bump_rows()', t || '_work_version_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_version_bump_rows()', t || '_work_version_delete', t);
  END LOOP;
END;
$$;
