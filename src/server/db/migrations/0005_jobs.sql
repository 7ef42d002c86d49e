-- Long work (a big upload, an export) run after the request answered: the caller polls its progress
-- and can leave the page and come back to the result.
CREATE TABLE job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
  progress double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  message text,
  result jsonb,
  error jsonb,
  created_by_user_id int REFERENCES app_user (id) ON DELETE SET NULL,
  created_by text,
  org_unit_id int REFERENCES org_unit (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- Renewed while the job runs: a starting process fails only jobs whose heartbeat stopped, so
  -- several processes can share one database without failing each other's work.
  heartbeat_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX job_created_by_idx ON job (created_by_user_id, created_at DESC);
CREATE INDEX job_unfinished_idx ON job (status) WHERE status IN ('QUEUED', 'RUNNING');
