-- Each value history row names the request that wrote it, so the request's one audit entry
-- (audit_log.request_id) leads to every key it changed. The product tags its transactions with the
-- request id (set_config('tiendo.request_id', …, true)); the column's default reads it, so every
-- way in — INSERT … SELECT and COPY alike — records it without listing it. Existing rows keep NULL
-- (a stable default is evaluated once here: no rewrite of the table).
ALTER TABLE data_value_history
  ADD COLUMN request_id text DEFAULT nullif(current_setting('tiendo.request_id', true), '');
CREATE INDEX data_value_history_request_idx ON data_value_history (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX audit_log_request_idx ON audit_log (request_id) WHERE request_id IS NOT NULL;
