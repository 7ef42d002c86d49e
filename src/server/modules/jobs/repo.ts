import type { Db } from '../../db/db.ts';
import type { Actor } from '../../access.ts';
import type { Lang } from '../../http/errors.ts';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

/** A stored error, in both languages so the reader's language can be chosen when it is read. */
export interface JobError {
  code: string;
  status: number;
  messageVi: string;
  messageEn: string;
  details: { path: string; messageVi: string; messageEn: string; [key: string]: unknown }[];
}

export interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  result: unknown;
  error: JobError | null;
  attempts: number;
  maxAttempts: number;
  createdByUserId: number | null;
  /** The API token that started it (DHIS2 clients read their async imports back with it). */
  createdByTokenId: number | null;
  createdBy: string | null;
  orgUnitId: number | null;
  orgUnitPath: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What the runner needs to run a job it has just claimed. */
export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  input: Uint8Array | null;
  actor: Actor | null;
  lang: Lang;
  attempts: number;
  maxAttempts: number;
}

const JOB_COLUMNS = `j.id, j.kind, j.status, j.progress, j.message, j.result, j.error, j.attempts, j.max_attempts AS "maxAttempts",
  j.created_by_user_id AS "createdByUserId", CASE WHEN j.actor->>'kind' = 'token' THEN (j.actor->>'tokenId')::int END AS "createdByTokenId", j.created_by AS "createdBy", j.org_unit_id AS "orgUnitId", ou.path AS "orgUnitPath",
  j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;

export async function insertJob(
  db: Db,
  job: { kind: string; actor: Actor; lang: Lang; orgUnitId: number | null; payload: unknown; input: Uint8Array | null; maxAttempts: number; now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO job (kind, created_by_user_id, created_by, org_unit_id, created_at, payload, input, actor, lang, max_attempts)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10) RETURNING id`,
    [job.kind, job.actor.userId ?? null, job.actor.username ?? null, job.orgUnitId, job.now, JSON.stringify(job.payload ?? {}), job.input, JSON.stringify(job.actor), job.lang, job.maxAttempts],
  );
  return rows[0].id;
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM job j LEFT JOIN org_unit ou ON ou.id = j.org_unit_id WHERE j.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listJobsOfUser(db: Db, userId: number, limit: number): Promise<JobRow[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM job j LEFT JOIN org_unit ou ON ou.id = j.org_unit_id
      WHERE j.created_by_user_id = $1 ORDER BY j.created_at DESC, j.id LIMIT $2`,
    [userId, limit],
  );
  return rows;
}

const STALE = `j.heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)`;

/** Kinds that have a job to run now: queued and due, or running with a heartbeat that stopped. */
export async function listRunnableKinds(db: Db, staleAfterMs: number): Promise<string[]> {
  const { rows } = await db.query<{ kind: string }>(
    `SELECT DISTINCT j.kind FROM job j
      WHERE (j.status = 'QUEUED' AND j.run_after <= now()) OR (j.status = 'RUNNING' AND ${STALE})`,
    [staleAfterMs],
  );
  return rows.map((r) => r.kind);
}

/**
 * Jobs whose process stopped (heartbeat older than staleAfterMs) after their last allowed start:
 * nothing will run them again, so they fail with `error`. Returns their ids.
 */
export async function failAbandonedJobs(db: Db, staleAfterMs: number, error: JobError): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE job j SET status = 'FAILED', error = $2::jsonb, finished_at = now(), locked_by = NULL, input = NULL
      WHERE j.status = 'RUNNING' AND ${STALE} AND j.attempts >= j.max_attempts RETURNING j.id`,
    [staleAfterMs, JSON.stringify(error)],
  );
  return rows.map((r) => r.id);
}

/**
 * Claims the next job of a kind for process `owner`, unless `concurrency` jobs of that kind already
 * run (with a live heartbeat) over all processes. Call it inside a transaction: an advisory lock per
 * kind makes concurrent claimers count one after the other, and FOR UPDATE SKIP LOCKED hands each
 * job to one claimer only.
 */
export async function claimJob(tx: Db, kind: string, owner: string, concurrency: number, staleAfterMs: number): Promise<ClaimedJob | null> {
  await tx.query('SELECT pg_advisory_xact_lock(7341004, hashtext($1))', [kind]);
  const running = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM job j WHERE j.kind = $2 AND j.status = 'RUNNING' AND NOT (${STALE})`, [staleAfterMs, kind]);
  if (running.rows[0].n >= concurrency) return null;
  const { rows } = await tx.query<ClaimedJob>(
    `UPDATE job SET status = 'RUNNING', attempts = attempts + 1, locked_by = $3, heartbeat_at = now(),
            started_at = coalesce(started_at, now())
      WHERE id = (SELECT j.id FROM job j
                   WHERE j.kind = $2 AND j.attempts < j.max_attempts
                     AND ((j.status = 'QUEUED' AND j.run_after <= now()) OR (j.status = 'RUNNING' AND ${STALE}))
                   ORDER BY j.run_after, j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, input, actor, lang, attempts, max_attempts AS "maxAttempts"`,
    [staleAfterMs, kind, owner],
  );
  return rows[0] ?? null;
}

/** Renews the heartbeat; false when the job is no longer this process's (another one took it over). */
export async function touchJob(db: Db, id: string, owner: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE job SET heartbeat_at = now() WHERE id = $1 AND locked_by = $2 AND status = 'RUNNING'`, [id, owner]);
  return rowCount > 0;
}

export async function updateJobProgress(db: Db, id: string, owner: string, progress: number, message: string | null): Promise<void> {
  await db.query(`UPDATE job SET progress = $3, message = coalesce($4, message) WHERE id = $1 AND locked_by = $2 AND status = 'RUNNING'`, [id, owner, progress, message]);
}

/** Stores the outcome, if the job is still this process's; the input is dropped once it is final. */
export async function finishJob(db: Db, id: string, owner: string, outcome: { result: unknown } | { error: JobError }): Promise<boolean> {
  const { rowCount } =
    'error' in outcome
      ? await db.query(
          `UPDATE job SET status = 'FAILED', error = $3::jsonb, finished_at = now(), locked_by = NULL, input = NULL
            WHERE id = $1 AND locked_by = $2 AND status = 'RUNNING'`,
          [id, owner, JSON.stringify(outcome.error)],
        )
      : await db.query(
          `UPDATE job SET status = 'DONE', progress = 1, result = $3::jsonb, error = NULL, finished_at = now(), locked_by = NULL, input = NULL
            WHERE id = $1 AND locked_by = $2 AND status = 'RUNNING'`,
          [id, owner, JSON.stringify(outcome.result ?? null)],
        );
  return rowCount > 0;
}

/** Puts a job that failed in a retryable way back in the queue, to run again after `delayMs`. */
export async function requeueJob(db: Db, id: string, owner: string, delayMs: number, error: JobError): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE job SET status = 'QUEUED', locked_by = NULL, last_error = $4::jsonb, progress = 0,
            run_after = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = $1 AND locked_by = $2 AND status = 'RUNNING'`,
    [id, owner, delayMs, JSON.stringify(error)],
  );
  return rowCount > 0;
}

/** The starter's rights now: a token revoked or expired, or a user deactivated, has none. */
export async function currentTokenScope(db: Db, tokenId: number) {
  const { rows } = await db.query<{ role: string; orgUnitId: number; path: string }>(
    `SELECT t.role, t.org_unit_id AS "orgUnitId", ou.path FROM api_token t JOIN org_unit ou ON ou.id = t.org_unit_id
      WHERE t.id = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [tokenId],
  );
  return rows[0] ?? null;
}

export async function isUserActive(db: Db, userId: number): Promise<boolean> {
  const { rows } = await db.query<{ active: boolean }>('SELECT is_active AS active FROM app_user WHERE id = $1', [userId]);
  return rows[0]?.active === true;
}
