-- Attribute option combos (DHIS2): a report regime (a DHIS2 data set) may declare an attribute disaggregation —
-- the funding source, the reporting enterprise — whose options are its attribute option combos. Values are then
-- keyed data element × period × org unit × option × attribute option; attribute_option_id 0 is DHIS2's default
-- combo (no attribute), the common case, and every value stored so far keeps it.
--
-- The roll-up (analytics_rollup, 0041/0044/0195) keeps its key without the attribute: the values of one unit's
-- attribute options add into the same row (sum and count), DHIS2's total across attribute options. Its
-- statement triggers read only the columns they name, so they need no change.

ALTER TABLE report_regime ADD COLUMN attribute_disaggregation_id integer REFERENCES disaggregation (id);

-- A constant default: the column is added without rewriting the table.
ALTER TABLE data_value ADD COLUMN attribute_option_id integer NOT NULL DEFAULT 0;
ALTER TABLE data_value DROP CONSTRAINT data_value_pkey;
ALTER TABLE data_value ADD PRIMARY KEY (data_element_id, period_id, org_unit_id, option_id, attribute_option_id);

ALTER TABLE data_value_history ADD COLUMN attribute_option_id integer NOT NULL DEFAULT 0;
