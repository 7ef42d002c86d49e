-- Cam kết: an official taking a post commits to named, measurable results within a period. Each result is
-- measured by the tasks or targets it links to, or judged by a reviewer with evidence; the outcome and the
-- forecast are computed (src/core/commitments.ts), never stored.

CREATE TABLE commitment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The official, as named in the commitment, and the post they took.
  official_name text NOT NULL CHECK (length(official_name) BETWEEN 1 AND 200),
  official_position text,
  -- The official's unit: who reads it (the unit and those above it) and who manages it.
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
  start_date date NOT NULL,
  end_date date NOT NULL,
  source_document text,
  created_by text,
  created_by_user_id integer REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);
CREATE INDEX commitment_unit_idx ON commitment (org_unit_id);
CREATE INDEX commitment_end_idx ON commitment (end_date);

CREATE TABLE commitment_result (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commitment_id integer NOT NULL REFERENCES commitment (id),
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
  -- How it is measured, in words (e.g. "Dự thảo Nghị định trình Chính phủ trước 30/6/2023").
  measure text,
  -- Judged by a reviewer with evidence instead of links to tasks or targets.
  reviewer_judged boolean NOT NULL DEFAULT false,
  verdict text CHECK (verdict IN ('MET', 'PARTLY_MET', 'NOT_MET')),
  verdict_note text,
  verdict_by text,
  verdict_at timestamptz,
  UNIQUE (commitment_id, position),
  CHECK (verdict IS NULL OR reviewer_judged)
);
CREATE INDEX commitment_result_commitment_idx ON commitment_result (commitment_id);

CREATE TABLE commitment_link (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  result_id integer NOT NULL REFERENCES commitment_result (id),
  task_id integer REFERENCES task (id),
  target_id integer REFERENCES target (id),
  CHECK ((task_id IS NULL) <> (target_id IS NULL))
);
CREATE INDEX commitment_link_result_idx ON commitment_link (result_id);

-- The reviewer's evidence, stored with the record (a backup keeps it); type detected from the content.
CREATE TABLE commitment_evidence (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commitment_id integer NOT NULL REFERENCES commitment (id),
  result_id integer NOT NULL REFERENCES commitment_result (id),
  -- Set once a verdict uses it.
  used_by_verdict boolean NOT NULL DEFAULT false,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  username text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitment_evidence_result_idx ON commitment_evidence (result_id);
