-- A value's comment is written, changed and removed like its value: each history row keeps the comment
-- before and after the write, so who wrote a comment and when (shown to the approver) is read from the
-- same append-only record as the value's own changes. Nullable, no default: the table is not rewritten,
-- and earlier rows (whose comment changes went unrecorded) keep NULL in both.
ALTER TABLE data_value_history ADD COLUMN old_comment text;
ALTER TABLE data_value_history ADD COLUMN new_comment text;
