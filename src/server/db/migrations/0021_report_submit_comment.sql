-- The explanation a reporting officer gives with a submission (e.g. for a validation warning).
ALTER TABLE report_status ADD COLUMN submit_comment text;
