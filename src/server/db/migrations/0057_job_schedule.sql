-- When each periodic job last started, on the database's clock: with several server processes a
-- job starts once per period, in whichever process ticks first.
CREATE TABLE job_schedule (
  name text PRIMARY KEY,
  last_started_at timestamptz NOT NULL
);
