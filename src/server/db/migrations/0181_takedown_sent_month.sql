-- The Vietnamese month (UTC+7) a takedown request was sent in, stored with the case as YYYYMM (202304), so that
-- the platform scorecard, the published figures and the cases list filtered by period group and filter by an
-- indexed integer instead of converting every row's time (docs/takedown.md). A stored generated column: every
-- write path (form, import by INSERT or COPY, demo) gets it from sent_at, and adding it fills the existing rows.
-- AT TIME ZONE with an interval is immutable (Vietnam keeps UTC+7, no daylight saving).
ALTER TABLE takedown_case ADD COLUMN sent_month integer NOT NULL GENERATED ALWAYS AS (
  (extract(year FROM sent_at AT TIME ZONE INTERVAL '+07:00') * 100 + extract(month FROM sent_at AT TIME ZONE INTERVAL '+07:00'))::integer
) STORED;

-- The scorecard and the figures: one range of months, grouped by platform (and unit), counting the stored
-- judgement; covered by the index, so the counts come from it alone once the table is vacuumed.
CREATE INDEX takedown_case_month_idx ON takedown_case (sent_month, platform_id) INCLUDE (org_unit_id, outcome, within_deadline);
