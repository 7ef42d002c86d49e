-- The roll-up anchor (a value's level-2 ancestor) is read from the path alone: a unit whose level and
-- path disagree, or whose path is not set yet, is skipped instead of failing the write.

CREATE FUNCTION analytics_rollup_anchor(path text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NULLIF((string_to_array(path, '/'))[3], '')::int
$$;

CREATE OR REPLACE FUNCTION analytics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT d.data_element_id, d.period_id, analytics_rollup_anchor(u.path), d.option_id, sum(d.value), count(*)
      FROM new_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT c.data_element_id, c.period_id, analytics_rollup_anchor(u.path), c.option_id, sum(c.value), sum(c.n)::int
      FROM (SELECT data_element_id, period_id, org_unit_id, option_id, value, 1 AS n FROM new_rows WHERE value IS NOT NULL
            UNION ALL
            SELECT data_element_id, period_id, org_unit_id, option_id, -value, -1 FROM old_rows WHERE value IS NOT NULL) c
      JOIN org_unit u ON u.id = c.org_unit_id
     WHERE analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSE
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, sum, count)
    SELECT d.data_element_id, d.period_id, analytics_rollup_anchor(u.path), d.option_id, -sum(d.value), -count(*)::int
      FROM old_rows d JOIN org_unit u ON u.id = d.org_unit_id
     WHERE d.value IS NOT NULL AND analytics_rollup_anchor(u.path) IS NOT NULL
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id)
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

-- Paths are what the roll-up follows now, whatever the level column says.
DROP TRIGGER org_unit_moved_rollup ON org_unit;
CREATE TRIGGER org_unit_moved_rollup AFTER UPDATE OF path ON org_unit
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
  EXECUTE FUNCTION analytics_rollup_follow_move();
