-- The task list is read by effective due date (an approved extension's date, else the due date), then id:
-- an index in that order lets the first page be read without sorting every task.
CREATE INDEX task_effective_due_idx ON task ((coalesce(extended_due_date, due_date)), id);
