import type { Db } from '../../db/db.ts';

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
  createdByUserId: number | null;
  createdBy: string | null;
  orgUnitId: number | null;
  orgUnitPath: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const JOB_COLUMNS = `j.id, j.kind, j.status, j.progress, j.message, j.result, j.error,
  j.created_by_user_id AS "createdByUserId", j.created_by AS "createdBy", j.org_unit_id AS "orgUnitId", ou.path AS "orgUnitPath",
  j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;

export async function insertJob(db: Db, job: { kind: string; createdByUserId: number | null; createdBy: string | null; orgUnitId: number | null; now: Date }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO job (kind, created_by_user_id, created_by, org_unit_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [job.kind, job.createdByUserId, job.createdBy, job.orgUnitId, job.now],
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

export async function markJobRunning(db: Db, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE job SET status = 'RUNNING', started_at = $2, heartbeat_at = $2 WHERE id = $1 AND status = 'QUEUED'`, [id, now]);
}

export async function touchJob(db: Db, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE job SET heartbeat_at = $2 WHERE id = $1 AND status = 'RUNNING'`, [id, now]);
}

export async function updateJobProgress(db: Db, id: string, progress: number, message: string | null): Promise<void> {
  await db.query(`UPDATE job SET progress = $2, message = coalesce($3, message) WHERE id = $1 AND status = 'RUNNING'`, [id, progress, message]);
}

export async function finishJob(db: Db, id: string, now: Date, outcome: { result: unknown } | { error: JobError }): Promise<void> {
  if ('error' in outcome) {
    await db.query(`UPDATE job SET status = 'FAILED', error = $2::jsonb, finished_at = $3 WHERE id = $1`, [id, JSON.stringify(outcome.error), now]);
  } else {
    await db.query(`UPDATE job SET status = 'DONE', progress = 1, result = $2::jsonb, finished_at = $3 WHERE id = $1`, [id, JSON.stringify(outcome.result ?? null), now]);
  }
}

/** Unfinished jobs of a process that stopped: nothing will ever finish them. Returns how many. */
/** Fails unfinished jobs whose heartbeat (or creation, for queued ones) is older than `staleBefore`. */
export async function failUnfinishedJobs(db: Db, now: Date, staleBefore: Date, error: JobError): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE job SET status = 'FAILED', error = $1::jsonb, finished_at = $2
      WHERE status IN ('QUEUED', 'RUNNING') AND coalesce(heartbeat_at, created_at) < $3 RETURNING id`,
    [JSON.stringify(error), now, staleBefore],
  );
  return rows.length;
}
