import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { col, type RowOf } from '../../db/raw-rows.ts';
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

/**
 * What the runner needs to run a job it has just claimed: the row `claimJob`'s raw SQL returns,
 * declared here and checked against the database by `repo.test.ts`.
 */
export const claimedJobRow = z.strictObject({
  id: col.uuid,
  kind: col.text,
  payload: col.json(),
  input: col.bytes.nullable(),
  actor: col.json<Actor>((v) => typeof v === 'object' && v !== null && typeof (v as Actor).kind === 'string').nullable(),
  lang: z.enum(['vi', 'en']),
  attempts: col.int,
  maxAttempts: col.int,
});
export type ClaimedJob = RowOf<typeof claimedJobRow>;

function selectJobs(db: Db) {
  return db.kysely
    .selectFrom('job as j')
    .leftJoin('org_unit as ou', 'ou.id', 'j.org_unit_id')
    .select([
      'j.id',
      'j.kind',
      'j.status',
      'j.progress',
      'j.message',
      'j.result',
      'j.error',
      'j.attempts',
      'j.max_attempts as maxAttempts',
      'j.created_by_user_id as createdByUserId',
      sql<number | null>`CASE WHEN j.actor->>'kind' = 'token' THEN (j.actor->>'tokenId')::int END`.as('createdByTokenId'),
      'j.created_by as createdBy',
      'j.org_unit_id as orgUnitId',
      'ou.path as orgUnitPath',
      'j.created_at as createdAt',
      'j.started_at as startedAt',
      'j.finished_at as finishedAt',
    ])
    .$castTo<JobRow>();
}

export async function insertJob(
  db: Db,
  job: { kind: string; actor: Actor; lang: Lang; orgUnitId: number | null; payload: unknown; input: Uint8Array | null; maxAttempts: number; now: Date },
): Promise<string> {
  const { id } = await db.kysely
    .insertInto('job')
    .values({
      kind: job.kind,
      created_by_user_id: job.actor.userId ?? null,
      created_by: job.actor.username ?? null,
      org_unit_id: job.orgUnitId,
      created_at: job.now,
      payload: JSON.stringify(job.payload ?? {}),
      input: job.input,
      actor: JSON.stringify(job.actor),
      lang: job.lang,
      max_attempts: job.maxAttempts,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  return (await selectJobs(db).where('j.id', '=', id).executeTakeFirst()) ?? null;
}

export async function listJobsOfUser(db: Db, userId: number, limit: number): Promise<JobRow[]> {
  return selectJobs(db).where('j.created_by_user_id', '=', userId).orderBy('j.created_at', 'desc').orderBy('j.id').limit(limit).execute();
}

/** A running job's heartbeat stopped more than staleAfterMs ago. */
const isStale = (staleAfterMs: number) => sql<boolean>`j.heartbeat_at < now() - make_interval(secs => ${staleAfterMs}::double precision / 1000)`;

/** Kinds that have a job to run now: queued and due, or running with a heartbeat that stopped. */
export async function listRunnableKinds(db: Db, staleAfterMs: number): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('job as j')
    .select('j.kind')
    .distinct()
    .where((eb) => eb.or([eb.and([eb('j.status', '=', 'QUEUED'), eb('j.run_after', '<=', sql<Date>`now()`)]), eb.and([eb('j.status', '=', 'RUNNING'), isStale(staleAfterMs)])]))
    .execute();
  return rows.map((r) => r.kind);
}

/**
 * Jobs whose process stopped (heartbeat older than staleAfterMs) after their last allowed start:
 * nothing will run them again, so they fail with `error`. Returns their ids.
 */
export async function failAbandonedJobs(db: Db, staleAfterMs: number, error: JobError): Promise<string[]> {
  const rows = await db.kysely
    .updateTable('job as j')
    .set((eb) => ({ status: 'FAILED', error: JSON.stringify(error), finished_at: eb.fn<Date>('now'), locked_by: null, input: null }))
    .where('j.status', '=', 'RUNNING')
    .where(isStale(staleAfterMs))
    .whereRef('j.attempts', '>=', 'j.max_attempts')
    .returning('j.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims the next job of a kind for process `owner`, unless `concurrency` jobs of that kind already
 * run (with a live heartbeat) over all processes. Call it inside a transaction: an advisory lock per
 * kind makes concurrent claimers count one after the other, and FOR UPDATE SKIP LOCKED hands each
 * job to one claimer only.
 */
export async function claimJob(tx: Db, kind: string, owner: string, concurrency: number, staleAfterMs: number): Promise<ClaimedJob | null> {
  await sql`SELECT pg_advisory_xact_lock(7341004, hashtext(${kind}))`.execute(tx.kysely);
  const { running } = await tx.kysely
    .selectFrom('job as j')
    .select((eb) => eb.fn.countAll<number>().as('running'))
    .where('j.kind', '=', kind)
    .where('j.status', '=', 'RUNNING')
    .where((eb) => eb.not(isStale(staleAfterMs)))
    .executeTakeFirstOrThrow();
  if (running >= concurrency) return null;
  // Raw SQL: the claim (FOR UPDATE SKIP LOCKED in the subquery) reads best as one statement.
  const { rows } = await tx.query<ClaimedJob>(
    `UPDATE job SET status = 'RUNNING', attempts = attempts + 1, locked_by = $3, heartbeat_at = now(),
            started_at = coalesce(started_at, now())
      WHERE id = (SELECT j.id FROM job j
                   WHERE j.kind = $2 AND j.attempts < j.max_attempts
                     AND ((j.status = 'QUEUED' AND j.run_after <= now())
                          OR (j.status = 'RUNNING' AND j.heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)))
                   ORDER BY j.run_after, j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, input, actor, lang, attempts, max_attempts AS "maxAttempts"`,
    [staleAfterMs, kind, owner],
  );
  return rows[0] ?? null;
}

/** The job, while it is running and still `owner`'s. */
function ownRunning(db: Db, id: string, owner: string) {
  return db.kysely.updateTable('job').where('id', '=', id).where('locked_by', '=', owner).where('status', '=', 'RUNNING');
}

/** Renews the heartbeat; false when the job is no longer this process's (another one took it over). */
export async function touchJob(db: Db, id: string, owner: string): Promise<boolean> {
  const result = await ownRunning(db, id, owner)
    .set((eb) => ({ heartbeat_at: eb.fn<Date>('now') }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateJobProgress(db: Db, id: string, owner: string, progress: number, message: string | null): Promise<void> {
  await ownRunning(db, id, owner)
    .set((eb) => ({ progress, message: eb.fn.coalesce(eb.val(message), 'message') }))
    .execute();
}

/** Stores the outcome, if the job is still this process's; the input is dropped once it is final. */
export async function finishJob(db: Db, id: string, owner: string, outcome: { result: unknown } | { error: JobError }): Promise<boolean> {
  const result = await ownRunning(db, id, owner)
    .set((eb) => ({
      ...('error' in outcome ? { status: 'FAILED', error: JSON.stringify(outcome.error) } : { status: 'DONE', progress: 1, result: JSON.stringify(outcome.result ?? null), error: null }),
      finished_at: eb.fn<Date>('now'),
      locked_by: null,
      input: null,
    }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Puts a job that failed in a retryable way back in the queue, to run again after `delayMs`. */
export async function requeueJob(db: Db, id: string, owner: string, delayMs: number, error: JobError): Promise<boolean> {
  const result = await ownRunning(db, id, owner)
    .set({
      status: 'QUEUED',
      locked_by: null,
      last_error: JSON.stringify(error),
      progress: 0,
      run_after: sql<Date>`now() + make_interval(secs => ${delayMs}::double precision / 1000)`,
    })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The starter's rights now: a token revoked or expired, or a user deactivated, has none. */
export async function currentTokenScope(db: Db, tokenId: number) {
  const row = await db.kysely
    .selectFrom('api_token as t')
    .innerJoin('org_unit as ou', 'ou.id', 't.org_unit_id')
    .select(['t.role', 't.org_unit_id as orgUnitId', 'ou.path'])
    .where('t.id', '=', tokenId)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  return row ?? null;
}

export async function isUserActive(db: Db, userId: number): Promise<boolean> {
  const row = await db.kysely.selectFrom('app_user').select('is_active as active').where('id', '=', userId).executeTakeFirst();
  return row?.active === true;
}
