import type { ServiceContext } from '../../http/context.ts';
import { notFound, unauthenticated, type Lang } from '../../http/errors.ts';
import type { Actor } from '../../access.ts';
import { recordAudit } from '../audit/service.ts';
import type { z } from 'zod';
import * as repo from './repo.ts';
import type { jobSchema } from './schema.ts';
import type { JobRow } from './repo.ts';
import type { JobKind } from './runner.ts';

export type { ReportProgress } from './runner.ts';

const MINE_LIMIT = 20;

/** A job as its reader sees it (the response schema of the jobs routes). */
export type JobView = z.output<typeof jobSchema>;

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

function toView(job: JobRow, lang: Lang): JobView {
  const pick = (m: { messageVi: string; messageEn: string }) => (lang === 'vi' ? m.messageVi : m.messageEn);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    message: job.message,
    result: job.result,
    error: job.error ? { ...job.error, message: pick(job.error), details: job.error.details.map((d) => ({ ...d, message: pick(d) })) } : null,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    createdBy: job.createdBy,
    createdAt: iso(job.createdAt) as string,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

/** Jobs are read only by whom started them, or by an administrator whose scope covers the job's unit. */
function canRead(actor: Actor, job: JobRow): boolean {
  if (actor.userId !== undefined && job.createdByUserId === actor.userId) return true;
  if (actor.kind === 'token' && actor.tokenId !== undefined && job.createdByTokenId === actor.tokenId) return true;
  return actor.scopes.some((s) => s.role === 'ADMIN' && (s.path === null || (job.orgUnitPath !== null && job.orgUnitPath.startsWith(s.path))));
}

/**
 * Queues a job of `kind` and answers its id at once. The job runner of this process (woken here) or of
 * any other process sharing the database runs it, as the starter, in the starter's language; its
 * result or its bilingual error is stored for the starter to read. What `run` needs is stored with
 * the job: `payload` (JSON) and `input` (bytes, such as an uploaded file, dropped once the job ends).
 */
export async function startJob<P>(ctx: ServiceContext, kind: JobKind<P>, job: { orgUnitId?: number | null; payload: P; input?: Uint8Array | null }): Promise<{ id: string }> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const orgUnitId = job.orgUnitId ?? null;
  const id = await ctx.db.transaction(async (tx) => {
    const jobId = await repo.insertJob(tx, {
      kind: kind.kind,
      actor: ctx.actor,
      lang: ctx.lang,
      orgUnitId,
      payload: job.payload,
      input: job.input ?? null,
      maxAttempts: kind.maxAttempts,
      now: ctx.clock(),
    });
    await recordAudit(tx, ctx.actor, { action: 'job.start', objectType: 'job', objectId: jobId, orgUnitId, after: { kind: kind.kind } });
    return jobId;
  });
  ctx.jobs?.wake();
  return { id };
}

export async function getJob(ctx: ServiceContext, id: string): Promise<JobView> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const job = await repo.findJob(ctx.db, id);
  // Someone else's job answers like a missing one: its existence is not the reader's business.
  if (!job || !canRead(ctx.actor, job)) throw notFound('công việc', 'Job', id);
  return toView(job, ctx.lang);
}

/** The caller's latest jobs, newest first. */
export async function listMyJobs(ctx: ServiceContext): Promise<JobView[]> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  if (ctx.actor.userId === undefined) return [];
  const jobs = await repo.listJobsOfUser(ctx.db, ctx.actor.userId, MINE_LIMIT);
  return jobs.map((j) => toView(j, ctx.lang));
}
