import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { AppError, notFound, unauthenticated, type Lang } from '../../http/errors.ts';
import type { Actor } from '../../access.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { JobError, JobRow } from './repo.ts';

/** Progress is written at most this often: a tight loop must not turn into a write per row. */
export const PROGRESS_INTERVAL_MS = 250;
const HEARTBEAT_MS = 30_000;
/** A job whose heartbeat is older than this was left by a process that stopped. */
const STALE_AFTER_MS = 2 * 60_000;
const MINE_LIMIT = 20;

export type ReportProgress = (progress: number, message?: string) => Promise<void>;

/** A job as its reader sees it: the error in the reader's language, both languages kept. */
export interface JobView {
  id: string;
  kind: string;
  status: repo.JobStatus;
  progress: number;
  message: string | null;
  result: unknown;
  error: (JobError & { message: string; details: (JobError['details'][number] & { message: string })[] }) | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

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
    createdBy: job.createdBy,
    createdAt: iso(job.createdAt) as string,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

/** Any thrown value as a stored bilingual error; unknown failures keep their text out of the answer. */
export function toJobError(err: unknown): JobError {
  if (err instanceof AppError) return { code: err.code, status: err.status, messageVi: err.messageVi, messageEn: err.messageEn, details: err.details };
  const domain = err as { code?: unknown; messageVi?: unknown; messageEn?: unknown; status?: unknown } | null;
  if (domain && typeof domain.messageVi === 'string' && typeof domain.messageEn === 'string') {
    return { code: typeof domain.code === 'string' ? domain.code : 'ERROR', status: typeof domain.status === 'number' ? domain.status : 400, messageVi: domain.messageVi, messageEn: domain.messageEn, details: [] };
  }
  return { code: 'INTERNAL_ERROR', status: 500, messageVi: 'Lỗi hệ thống khi xử lý công việc', messageEn: 'Internal error while processing the job', details: [] };
}

/** Jobs are read only by whom started them, or by an administrator whose scope covers the job's unit. */
function canRead(actor: Actor, job: JobRow): boolean {
  if (actor.userId !== undefined && job.createdByUserId === actor.userId) return true;
  return actor.scopes.some((s) => s.role === 'ADMIN' && (s.path === null || (job.orgUnitPath !== null && job.orgUnitPath.startsWith(s.path))));
}

/**
 * Creates the job and answers its id at once; `run` starts after the current request has been
 * answered, in this process. Its result or its error is stored; nothing escapes as an unhandled
 * rejection. Returns also a promise of the end, for callers (tests, scripts) that want to wait.
 */
export async function startJob<T>(
  ctx: ServiceContext,
  kind: string,
  orgUnitId: number | null,
  run: (report: ReportProgress) => Promise<T>,
): Promise<{ id: string; finished: Promise<void> }> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const id = await ctx.db.transaction(async (tx) => {
    const jobId = await repo.insertJob(tx, { kind, createdByUserId: ctx.actor.userId ?? null, createdBy: ctx.actor.username ?? null, orgUnitId, now: ctx.clock() });
    await recordAudit(tx, ctx.actor, { action: 'job.start', objectType: 'job', objectId: jobId, orgUnitId, after: { kind } });
    return jobId;
  });
  const finished = new Promise<void>((resolve) => {
    setImmediate(() => {
      void runJob(ctx, id, run).finally(resolve);
    });
  });
  return { id, finished };
}

async function runJob<T>(ctx: ServiceContext, id: string, run: (report: ReportProgress) => Promise<T>): Promise<void> {
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const report: ReportProgress = async (progress, message) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_INTERVAL_MS) return;
    lastWrite = now;
    const share = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
    writing = repo.updateJobProgress(ctx.db, id, share, message ?? null).catch((err: unknown) => ctx.log.warn({ err, jobId: id }, 'job progress not stored'));
    await writing;
  };
  // The heartbeat tells other processes starting up that this job is still being worked on.
  const heartbeat = setInterval(() => {
    repo.touchJob(ctx.db, id, ctx.clock()).catch((err: unknown) => ctx.log.warn({ err, jobId: id }, 'job heartbeat not stored'));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await repo.markJobRunning(ctx.db, id, ctx.clock());
    const result = await run(report);
    await writing;
    await repo.finishJob(ctx.db, id, ctx.clock(), { result });
  } catch (err) {
    if (!(err instanceof AppError)) ctx.log.error({ err, jobId: id }, 'job failed');
    try {
      await writing;
      await repo.finishJob(ctx.db, id, ctx.clock(), { error: toJobError(err) });
    } catch (storeErr) {
      ctx.log.error({ err: storeErr, jobId: id }, 'job failure not stored');
    }
  } finally {
    clearInterval(heartbeat);
  }
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

/** At start-up: jobs left unfinished by a process that stopped are failed, so no reader waits forever. */
export async function failInterruptedJobs(db: Db, now: Date): Promise<number> {
  return repo.failUnfinishedJobs(db, now, new Date(now.getTime() - STALE_AFTER_MS), {
    code: 'JOB_INTERRUPTED',
    status: 500,
    messageVi: 'Công việc bị gián đoạn do máy chủ khởi động lại; hãy thực hiện lại',
    messageEn: 'The job was interrupted by a server restart; please run it again',
    details: [],
  });
}
