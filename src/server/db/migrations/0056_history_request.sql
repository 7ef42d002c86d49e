-- Each value history row and each audit entry name the transaction that wrote them
-- (pg_current_xact_id(), 64 bits, never reused), so a data value write's one audit entry leads to
-- every key its transaction changed — by COPY or by INSERT … SELECT alike, without listing the column.
-- Added without a default, then given one: existing rows keep NULL and neither table is rewritten.
ALTER TABLE data_value_history ADD COLUMN xact_id xid8;
ALTER TABLE data_value_history ALTER COLUMN xact_id SET DEFAULT pg_current_xact_id();
ALTER TABLE audit_log ADD COLUMN xact_id xid8;
ALTER TABLE audit_log ALTER COLUMN xact_id SET DEFAULT pg_current_xact_id();
CREATE INDEX data_value_history_xact_idx ON data_value_history (xact_id) WHERE xact_id IS NOT NULL;
