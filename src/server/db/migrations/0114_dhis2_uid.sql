-- DHIS2 identifiers: every metadata object a DHIS2 client names (data elements, their disaggregation options
-- as category option combos, org units, org unit groups, report regimes as data sets, indicators) carries an
-- 11-character UID — a letter, then ten letters or digits — so a client sending DHIS2's default idScheme=UID
-- connects unchanged. Existing rows get a fresh UID; an administrator may replace it with the one the object
-- has in an existing DHIS2 instance.

CREATE FUNCTION dhis2_uid() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT substr('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 1 + floor(random() * 52)::int, 1)
      || string_agg(substr('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 1 + floor(random() * 62)::int, 1), '')
    FROM generate_series(1, 10)
$$;

ALTER TABLE data_element ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT data_element_uid_key UNIQUE
  CONSTRAINT data_element_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
ALTER TABLE disaggregation_option ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT disaggregation_option_uid_key UNIQUE
  CONSTRAINT disaggregation_option_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
ALTER TABLE org_unit ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT org_unit_uid_key UNIQUE
  CONSTRAINT org_unit_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
ALTER TABLE org_unit_group ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT org_unit_group_uid_key UNIQUE
  CONSTRAINT org_unit_group_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
ALTER TABLE report_regime ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT report_regime_uid_key UNIQUE
  CONSTRAINT report_regime_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
ALTER TABLE indicator ADD COLUMN uid text NOT NULL DEFAULT dhis2_uid() CONSTRAINT indicator_uid_key UNIQUE
  CONSTRAINT indicator_uid_check CHECK (uid ~ '^[A-Za-z][A-Za-z0-9]{10}$');
