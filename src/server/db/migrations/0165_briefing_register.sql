-- The register of outgoing documents (sổ đăng ký văn bản đi, Decree 30/2020/NĐ-CP, Article 15 and Appendix III):
-- each issuing body numbers its documents from 01 on 1 January, one sequence per year, and the number and
-- symbol ("12/BC-BTTTT") are given when a document is registered. A number is never reused.
CREATE TABLE outgoing_document (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  year integer NOT NULL CHECK (year BETWEEN 1945 AND 9999),
  number integer NOT NULL CHECK (number >= 1),
  -- The abbreviation of the kind of document (BC: báo cáo).
  kind text NOT NULL CHECK (kind IN ('BC')),
  symbol text NOT NULL CHECK (length(symbol) BETWEEN 3 AND 100),
  subject text NOT NULL,
  issued_on date NOT NULL,
  registered_by integer REFERENCES app_user (id),
  registered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_unit_id, year, number)
);

-- A monthly briefing report as editors amend it: the draft keeps what was computed from live data
-- (generated) and the texts editors wrote over it (edits, per section key; conclusions as items). On
-- finalisation the whole document is frozen in final_content and registered: from then on the row
-- never changes (the trigger below refuses it), so its DOCX and PDF stay those that were issued.
CREATE TABLE briefing (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  figure_org_unit_id integer NOT NULL REFERENCES org_unit (id),
  month text NOT NULL CHECK (month ~ '^\d{6}$'),
  place text NOT NULL,
  state text NOT NULL DEFAULT 'DRAFT' CHECK (state IN ('DRAFT', 'FINAL')),
  generated jsonb NOT NULL,
  edits jsonb NOT NULL DEFAULT '{}',
  conclusions jsonb NOT NULL DEFAULT '[]',
  final_content jsonb,
  outgoing_document_id integer UNIQUE REFERENCES outgoing_document (id),
  based_on_id integer REFERENCES briefing (id),
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finalised_by integer REFERENCES app_user (id),
  finalised_at timestamptz,
  CHECK ((state = 'FINAL') = (final_content IS NOT NULL AND outgoing_document_id IS NOT NULL AND finalised_at IS NOT NULL))
);
CREATE INDEX briefing_org_unit_month_idx ON briefing (org_unit_id, month);

CREATE FUNCTION briefing_final_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'FINAL' THEN
    RAISE EXCEPTION 'briefing % is finalised and cannot change', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER briefing_final_immutable BEFORE UPDATE OR DELETE ON briefing FOR EACH ROW EXECUTE FUNCTION briefing_final_is_immutable();

-- The tasks a finalised briefing's conclusions became (one each, once).
CREATE TABLE briefing_conclusion_task (
  briefing_id integer NOT NULL REFERENCES briefing (id),
  item integer NOT NULL CHECK (item >= 0),
  task_id integer NOT NULL UNIQUE REFERENCES task (id),
  PRIMARY KEY (briefing_id, item)
);
