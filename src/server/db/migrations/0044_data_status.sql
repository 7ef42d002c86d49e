-- Which data a value counts as, like DHIS2's hiding of unapproved data: 0 accepted (a draft, or values of a
-- report not yet sent), 1 submitted, 2 approved. It follows the report workflow: submitting, approving,
-- returning, withdrawing or reopening a report sets the status of the values of its form for that unit and
-- period. Analytics, targets and alerts read submitted-and-approved data unless asked for more (or less).
--
-- The roll-up keeps a row per status, so that "approved only" and "everything accepted" are both read from it.

ALTER TABLE data_value ADD COLUMN data_status smallint NOT NULL DEFAULT 0 CHECK (data_status IN (0, 1, 2));

ALTER TABLE analytics_rollup ADD COLUMN data_status smallint NOT NULL DEFAULT 0;
ALTER TABLE analytics_rollup DROP CONSTRAINT analytics_rollup_pkey;
ALTER TABLE analytics_rollup ADD PRIMARY KEY (data_element_id, period_id, org_unit_id, option_id, data_status);

CREATE OR REPLACE FUNCTION analytics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT d.data_element_id, d.period_id, analytics_rollup_anchor(u.path), d.option_id, d.data_status, sum(d.value), count(*)
      FROM new_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT c.data_element_id, c.period_id, analytics_rollup_anchor(u.path), c.option_id, c.data_status, sum(c.value), sum(c.n)::int
      FROM (SELECT data_element_id, period_id, org_unit_id, option_id, data_status, value, 1 AS n FROM new_rows WHERE value IS NOT NULL
            UNION ALL
            SELECT data_element_id, period_id, org_unit_id, option_id, data_status, -value, -1 FROM old_rows WHERE value IS NOT NULL) c
      JOIN org_unit u ON u.id = c.org_unit_id
     WHERE analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSE
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT d.data_element_id, d.period_id, analytics_rollup_anchor(u.path), d.option_id, d.data_status, -sum(d.value), -count(*)::int
      FROM old_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION analytics_rollup_follow_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_anchor integer := analytics_rollup_anchor(OLD.path);
  new_anchor integer := analytics_rollup_anchor(NEW.path);
BEGIN
  IF old_anchor IS NOT DISTINCT FROM new_anchor THEN
    RETURN NULL;
  END IF;
  INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
  SELECT c.data_element_id, c.period_id, c.anchor, c.option_id, c.data_status, sum(c.value), sum(c.n)::int
    FROM (SELECT data_element_id, period_id, new_anchor AS anchor, option_id, data_status, value, 1 AS n
            FROM data_value WHERE org_unit_id = NEW.id AND value IS NOT NULL AND new_anchor IS NOT NULL
          UNION ALL
          SELECT data_element_id, period_id, old_anchor, option_id, data_status, -value, -1
            FROM data_value WHERE org_unit_id = NEW.id AND value IS NOT NULL AND old_anchor IS NOT NULL) c
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
    DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  RETURN NULL;
END;
$$;

-- Values already stored take the status of their report (the roll-up follows through the update trigger).
UPDATE data_value dv SET data_status = s.st
  FROM (SELECT rs.org_unit_id, rs.period_id, re.data_element_id,
               max(CASE rs.status WHEN 'APPROVED' THEN 2 WHEN 'SUBMITTED' THEN 1 ELSE 0 END)::smallint AS st
          FROM report_status rs JOIN report_regime_element re ON re.regime_id = rs.regime_id
         GROUP BY 1, 2, 3) s
 WHERE dv.org_unit_id = s.org_unit_id AND dv.period_id = s.period_id AND dv.data_element_id = s.data_element_id AND s.st > 0;

-- Every submission keeps the figures as they were sent, so an approver always sees what was submitted and,
-- after a report came back and went again, what changed between the two.
CREATE TABLE report_submission (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  regime_id integer NOT NULL REFERENCES report_regime (id),
  period_id integer NOT NULL REFERENCES period (id),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  submitted_at timestamptz NOT NULL,
  submitted_by text,
  is_late boolean,
  comment text,
  -- { "CODE" or "CODE.OPTION": value as stored (number or text) }
  figures jsonb NOT NULL
);
CREATE INDEX report_submission_key_idx ON report_submission (regime_id, period_id, org_unit_id, id DESC);

-- The submitter may take back a report that nobody has approved yet.
ALTER TABLE report_status ADD COLUMN withdrawn_reason text;

-- How much of the expected data a period must hold before targets, alerts and the briefing judge it
-- (a share of the expected units, 1 = complete).
ALTER TABLE indicator ADD COLUMN min_coverage double precision NOT NULL DEFAULT 1 CHECK (min_coverage > 0 AND min_coverage <= 1);
