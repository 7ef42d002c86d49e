-- Long work becomes a queue that any process can run and resume: a job keeps what it needs to run again
-- (its kind's payload, an uploaded file, who started it and in which language), how many times it was
-- started and may be, when it may run next (a retry waits its back-off), and which process holds it
-- (that process renews heartbeat_at; a job whose heartbeat stopped is taken over by another process).

-- 0005_jobs.sql was edited after it had been applied: a database that ran its first version lacks this column.
ALTER TABLE job ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz;

ALTER TABLE job
  ADD COLUMN payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN input bytea,
  ADD COLUMN actor jsonb,
  ADD COLUMN lang text NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
  ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  ADD COLUMN max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts >= 1),
  ADD COLUMN run_after timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN locked_by text,
  ADD COLUMN last_error jsonb;

-- Jobs accepted before this version held their input in the memory of the process that took them: none
-- can run again, so they end as interrupted (as the previous version did at start-up).
UPDATE job
   SET status = 'FAILED', finished_at = now(),
       error = '{"code":"JOB_INTERRUPTED","status":500,"messageVi":"Công việc bị gián đoạn do máy chủ khởi động lại; hãy thực hiện lại","messageEn":"The job was interrupted by a server restart; please run it again","details":[]}'::jsonb
 WHERE status IN ('QUEUED', 'RUNNING');

CREATE INDEX job_runnable_idx ON job (run_after) WHERE status = 'QUEUED';
CREATE INDEX job_running_idx ON job (kind, heartbeat_at) WHERE status = 'RUNNING';
