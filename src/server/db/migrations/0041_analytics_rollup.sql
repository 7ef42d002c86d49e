-- A live roll-up of data values per province-level subtree, kept by statement-level triggers.
--
-- analytics_rollup holds, for every level-2 unit (a province or a ministry department) and every
-- (data element, period, option), the sum and the count of the values in its subtree. Every write
-- path (form, Excel, API, seed, COPY) goes through data_value, so the triggers keep it exact inside
-- the writing transaction: a value accepted is in the next query. A statement's rows are aggregated
-- first, so a 10,000-value import touches each roll-up key once. There is deliberately no row for
-- the root: every write would then queue on the same row; the country is the sum of its level-2 rows.
-- Only SUM and COUNT can be kept this way (LAST, AVERAGE, MIN and MAX read data_value).

CREATE TABLE analytics_rollup (
  data_element_id integer NOT NULL,
  period_id integer NOT NULL,
  org_unit_id integer NOT NULL,
  option_id integer NOT NULL,
  sum double precision NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (data_element_id, period_id, org_unit_id, option_id)
);

CREATE FUNCTION analytics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT d.data_element_id, d.period_id, (string_to_array(u.path, '/'))[3]::int, d.option_id, sum(d.value), count(*)
      FROM new_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND u.level >= 2
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT c.data_element_id, c.period_id, (string_to_array(u.path, '/'))[3]::int, c.option_id, sum(c.value), sum(c.n)::int
      FROM (SELECT data_element_id, period_id, org_unit_id, option_id, value, 1 AS n FROM new_rows WHERE value IS NOT NULL
            UNION ALL
            SELECT data_element_id, period_id, org_unit_id, option_id, -value, -1 FROM old_rows WHERE value IS NOT NULL) c
      JOIN org_unit u ON u.id = c.org_unit_id
     WHERE u.level >= 2
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSE
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT d.data_element_id, d.period_id, (string_to_array(u.path, '/'))[3]::int, d.option_id, -sum(d.value), -count(*)::int
      FROM old_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND u.level >= 2
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER data_value_rollup_insert AFTER INSERT ON data_value
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollup_apply();
CREATE TRIGGER data_value_rollup_update AFTER UPDATE ON data_value
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollup_apply();
CREATE TRIGGER data_value_rollup_delete AFTER DELETE ON data_value
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollup_apply();

-- A unit that moves to another province takes its own values along (each moved descendant's row
-- fires this too, so a whole subtree follows). Inserting a unit and then setting its path is a move from nowhere.
CREATE FUNCTION analytics_rollup_follow_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_anchor integer := CASE WHEN OLD.level >= 2 AND OLD.path <> '' THEN (string_to_array(OLD.path, '/'))[3]::int END;
  new_anchor integer := CASE WHEN NEW.level >= 2 AND NEW.path <> '' THEN (string_to_array(NEW.path, '/'))[3]::int END;
BEGIN
  IF old_anchor IS NOT DISTINCT FROM new_anchor THEN
    RETURN NULL;
  END IF;
  INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
  SELECT c.data_element_id, c.period_id, c.anchor, c.option_id, sum(c.value), sum(c.n)::int
    FROM (SELECT data_element_id, period_id, new_anchor AS anchor, option_id, value, 1 AS n
            FROM data_value WHERE org_unit_id = NEW.id AND value IS NOT NULL AND new_anchor IS NOT NULL
          UNION ALL
          SELECT data_element_id, period_id, old_anchor, option_id, -value, -1
            FROM data_value WHERE org_unit_id = NEW.id AND value IS NOT NULL AND old_anchor IS NOT NULL) c
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
    DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  RETURN NULL;
END;
$$;
CREATE TRIGGER org_unit_moved_rollup AFTER UPDATE OF path, level ON org_unit
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.level IS DISTINCT FROM NEW.level)
  EXECUTE FUNCTION analytics_rollup_follow_move();

-- Values already stored (an upgraded installation) are rolled up once here.
INSERT INTO analytics_rollup (data_element_id, period_id, org_unit_id, option_id, sum, count)
SELECT d.data_element_id, d.period_id, (string_to_array(u.path, '/'))[3]::int, d.option_id, sum(d.value), count(*)
  FROM data_value d JOIN org_unit u ON u.id = d.org_unit_id
 WHERE d.value IS NOT NULL AND u.level >= 2
 GROUP BY 1, 2, 3, 4;
