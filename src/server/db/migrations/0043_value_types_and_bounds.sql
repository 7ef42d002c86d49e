-- Value types that carry their range (DHIS2's names), hard bounds apart from the soft bounds that only flag
-- outliers, and a length for short text.
--
-- Until now min_value and max_value were read only by the outlier scan. They become hard bounds: a value
-- outside them is refused at every way in. The outlier scan reads soft_min and soft_max instead, which
-- start as copies of the old bounds so that an upgraded installation flags exactly what it flagged before.

ALTER TABLE data_element DROP CONSTRAINT data_element_value_type_check;
ALTER TABLE data_element ADD CONSTRAINT data_element_value_type_check CHECK (value_type IN (
  'INTEGER', 'INTEGER_POSITIVE', 'INTEGER_ZERO_OR_POSITIVE', 'INTEGER_NEGATIVE', 'NUMBER', 'UNIT_INTERVAL',
  'PERCENTAGE', 'BOOLEAN', 'TRUE_ONLY', 'TEXT', 'LONG_TEXT'));

ALTER TABLE data_element ADD COLUMN soft_min double precision;
ALTER TABLE data_element ADD COLUMN soft_max double precision;
ALTER TABLE data_element ADD COLUMN max_length integer CHECK (max_length IS NULL OR max_length BETWEEN 1 AND 50000);
UPDATE data_element SET soft_min = min_value, soft_max = max_value;
ALTER TABLE data_element ADD CONSTRAINT data_element_bounds_check CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value);
