import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import type { Actor, Role } from '../../access.ts';
import { loadUserScopes } from '../../http/auth.ts';
import type { ServiceContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import * as repo from './repo.ts';
import type { ClaimedJob, JobError } from './repo.ts';

/** Progress is written at most this often: a tight loop must not turn into a write per row. */
export const PROGRESS_INTERVAL_MS = 250;

export type ReportProgress = (progress: number, message?: string) => Promise<void>;

/** What a kind's `run` receives besides the service context of the job's starter. */
export interface JobRun<P> {
  id: string;
  payload: P;
  /** The bytes stored with the job (an uploaded file), or null. */
  input: Buffer | null;
  /** 1 for the first start, 2 after one retry or one take-over, … */
  attempt: number;
  report: ReportProgress;
  /** Aborted when this process lost the job: another process took it over after its heartbeat stopped. */
  signal: AbortSignal;
}

/**
 * A kind of long work. `run` must be safe to run again from the start: a retry or a take-over after
 * a crash runs it anew (write in one transaction, or write idempotently).
 */
export interface JobKind<P = unknown> {
  kind: string;
  /** At most this many jobs of the kind run at once, over all processes sharing the database. */
  concurrency: number;
  /** Starts allowed, the first included; a retryable failure or a take-over after a crash uses one. */
  maxAttempts: number;
  /** Wait before the next start after a retryable failure: baseMs, doubled each time, at most maxMs. */
  backoff?: { baseMs: number; maxMs: number };
  run: (ctx: ServiceContext, job: JobRun<P>) => Promise<unknown>;
}

/** A failure worth another try (a lost connection, a deadlock): thrown by a kind's run, or recognised below. */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

// PostgreSQL error classes that say "try again": connection exception (08), transaction rollback such as a
// serialisation failure or a deadlock (40), insufficient resources (53), server shutting down (57P01-57P03).
const RETRYABLE_SQLSTATE = /^(08...|40...|53...|57P0[123])$/;
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Whether a failure is transient. An AppError (a wrong cell, a refused right) never is: it would fail again. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AppError) return false;
  if (err instanceof RetryableError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_NETWORK.has(code))) return true;
  return err instanceof Error && /Connection terminated/.test(err.message);
}

export function backoffDelay(kind: Pick<JobKind, 'backoff'>, attempt: number): number {
  const { baseMs, maxMs } = kind.backoff ?? { baseMs: 5_000, maxMs: 5 * 60_000 };
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Any thrown value as a stored bilingual error; unknown failures keep their text out of the answer. */
export function toJobError(err: unknown): JobError {
  if (err instanceof AppError) return { code: err.code, status: err.status, messageVi: err.messageVi, messageEn: err.messageEn, details: err.details };
  const domain = err as { code?: unknown; messageVi?: unknown; messageEn?: unknown; status?: unknown } | null;
  if (domain && typeof domain.messageVi === 'string' && typeof domain.messageEn === 'string') {
    return {
      code: typeof domain.code === 'string' ? domain.code : 'ERROR',
      status: typeof domain.status === 'number' ? domain.status : 400,
      messageVi: domain.messageVi,
      messageEn: domain.messageEn,
      details: [],
    };
  }
  return { code: 'INTERNAL_ERROR', status: 500, messageVi: 'Lỗi hệ thống khi xử lý công việc', messageEn: 'Internal error while processing the job', details: [] };
}

export const JOB_INTERRUPTED: JobError = {
  code: 'JOB_INTERRUPTED',
  status: 500,
  messageVi: 'Công việc bị gián đoạn do máy chủ dừng nhiều lần khi đang chạy nó; hãy thực hiện lại',
  messageEn: 'The job was interrupted: the server stopped while running it, too many times; please run it again',
  details: [],
};

const STARTER_WITHOUT_RIGHTS = new AppError(
  'JOB_STARTER_REVOKED',
  403,
  'Người tạo công việc không còn quyền (tài khoản bị khoá hoặc mã truy cập đã thu hồi, hết hạn) nên công việc không được chạy',
  'The job was not run: its starter no longer has access (account deactivated, or API token revoked or expired)',
);

export interface JobRunnerOptions {
  db: Db;
  config: Config;
  log: FastifyBaseLogger;
  clock?: () => Date;
  kinds?: readonly JobKind<never>[];
  /** How often to look for work when nothing woke the runner. */
  pollMs?: number;
  /** How often a running job's heartbeat is renewed. */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this belongs to a process that stopped. */
  staleAfterMs?: number;
}

/** What a service needs of the runner: to know a kind, and to wake it when a job was queued. */
export interface JobQueue {
  has(kind: string): boolean;
  wake(): void;
}

/**
 * Runs queued jobs in this process. Any number of processes may run one over the same database:
 * a job is claimed by one of them (FOR UPDATE SKIP LOCKED), which renews its heartbeat while it runs;
 * a job whose heartbeat stopped (its process died) is claimed again by another process, or by this
 * one after a restart. Each kind declares its concurrency over all processes, its allowed starts and
 * its back-off between retries of transient failures.
 */
export class JobRunner implements JobQueue {
  /** This process's name on the jobs it holds. */
  readonly owner = randomUUID();
  private readonly kinds = new Map<string, JobKind<never>>();
  private readonly running = new Map<string, { done: Promise<void>; abort: AbortController; heartbeat: NodeJS.Timeout }>();
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopping = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.pollMs = options.pollMs ?? 1_000;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    if (this.staleAfterMs < 2 * this.heartbeatMs) throw new Error('staleAfterMs must be at least twice heartbeatMs');
    for (const kind of options.kinds ?? []) this.define(kind);
  }

  /** Declares a kind of job this process runs. */
  define<P>(kind: JobKind<P>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`job kind ${kind.kind} is defined twice`);
    if (!(Number.isInteger(kind.concurrency) && kind.concurrency >= 1)) throw new Error(`job kind ${kind.kind}: concurrency must be a positive integer`);
    if (!(Number.isInteger(kind.maxAttempts) && kind.maxAttempts >= 1)) throw new Error(`job kind ${kind.kind}: maxAttempts must be a positive integer`);
    this.kinds.set(kind.kind, kind as unknown as JobKind<never>);
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  /** Jobs this process runs now. */
  get runningCount(): number {
    return this.running.size;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Looks for work now (a job was just queued, or one just ended). */
  wake(): void {
    if (!this.started || this.stopping) return;
    this.schedule(0);
  }

  /** Stops looking for work and waits for the jobs running here to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /**
   * Stops at once as a killed process would: no more heartbeats, nothing stored. For tests of the
   * take-over; the jobs' own promises are left to end unobserved.
   */
  abandonForTest(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    for (const r of this.running.values()) {
      clearInterval(r.heartbeat);
      r.abort.abort();
    }
    this.running.clear();
    this.finishAbandoned = true;
  }
  private finishAbandoned = false;

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.polling = this.poll()
        .catch((err: unknown) => this.options.log.error({ err }, 'job runner: looking for work failed'))
        .finally(() => {
          this.polling = null;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const { db, log } = this.options;
    const failed = await repo.failAbandonedJobs(db, this.staleAfterMs, JOB_INTERRUPTED);
    if (failed.length > 0) log.warn({ jobIds: failed }, 'jobs of a stopped process failed: no start left');
    const kinds = (await repo.listRunnableKinds(db, this.staleAfterMs)).filter((k) => this.kinds.has(k));
    for (const name of kinds) {
      const kind = this.kinds.get(name) as JobKind<never>;
      while (!this.stopping) {
        const job = await db.transaction((tx) => repo.claimJob(tx, name, this.owner, kind.concurrency, this.staleAfterMs));
        if (!job) break;
        this.launch(kind, job);
      }
    }
  }

  private launch(kind: JobKind<never>, job: ClaimedJob): void {
    const abort = new AbortController();
    const heartbeat = setInterval(() => {
      repo
        .touchJob(this.options.db, job.id, this.owner)
        .then((mine) => {
          if (!mine) abort.abort(new Error('job taken over by another process'));
        })
        .catch((err: unknown) => this.options.log.warn({ err, jobId: job.id }, 'job heartbeat not stored'));
    }, this.heartbeatMs);
    heartbeat.unref();
    const done = this.execute(kind, job, abort.signal).finally(() => {
      clearInterval(heartbeat);
      if (this.finishAbandoned) return;
      this.running.delete(job.id);
      this.wake();
    });
    this.running.set(job.id, { done, abort, heartbeat });
  }

  private async execute(kind: JobKind<never>, job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const { db, log } = this.options;
    const jobLog = log.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempts });
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const report: ReportProgress = async (progress, message) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = now;
      const share = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
      writing = repo.updateJobProgress(db, job.id, this.owner, share, message ?? null).catch((err: unknown) => jobLog.warn({ err }, 'job progress not stored'));
      await writing;
    };
    const settle = async (store: () => Promise<boolean>) => {
      if (this.finishAbandoned) return; // a killed process stores nothing
      await writing;
      if (!(await store())) jobLog.warn('job outcome not stored: another process took the job over');
    };
    try {
      const actor = await this.currentActor(job.actor);
      const ctx: ServiceContext = { db, actor, log: jobLog, clock: this.options.clock ?? (() => new Date()), config: this.options.config, lang: job.lang, jobs: this };
      const input = job.input === null ? null : Buffer.from(job.input.buffer, job.input.byteOffset, job.input.byteLength);
      const result = await kind.run(ctx, { id: job.id, payload: job.payload as never, input, attempt: job.attempts, report, signal });
      await settle(() => repo.finishJob(db, job.id, this.owner, { result }));
    } catch (err) {
      const error = toJobError(err);
      if (isRetryable(err) && job.attempts < job.maxAttempts) {
        const delayMs = backoffDelay(kind, job.attempts);
        jobLog.warn({ err, delayMs }, 'job failed, will be tried again');
        await settle(() => repo.requeueJob(db, job.id, this.owner, delayMs, error)).catch((storeErr: unknown) => jobLog.error({ err: storeErr }, 'job retry not stored'));
        return;
      }
      if (!(err instanceof AppError)) jobLog.error({ err }, 'job failed');
      await settle(() => repo.finishJob(db, job.id, this.owner, { error })).catch((storeErr: unknown) => jobLog.error({ err: storeErr }, 'job failure not stored'));
    }
  }

  /** The starter as they are now: their roles are read again, and a revoked starter runs nothing. */
  private async currentActor(stored: Actor | null): Promise<Actor> {
    const { db } = this.options;
    if (!stored) throw STARTER_WITHOUT_RIGHTS;
    if (stored.kind === 'user' && stored.userId !== undefined) {
      if (!(await repo.isUserActive(db, stored.userId))) throw STARTER_WITHOUT_RIGHTS;
      return { ...stored, scopes: await loadUserScopes(db, stored.userId) };
    }
    if (stored.kind === 'token' && stored.tokenId !== undefined) {
      const scope = await repo.currentTokenScope(db, stored.tokenId);
      if (!scope) throw STARTER_WITHOUT_RIGHTS;
      return { ...stored, scopes: [{ role: scope.role as Role, orgUnitId: scope.orgUnitId, path: scope.path }] };
    }
    if (stored.kind === 'system') return stored;
    throw STARTER_WITHOUT_RIGHTS;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The queue of long work run by this process (see modules/jobs/runner.ts). */
    jobs: JobRunner;
  }
}
