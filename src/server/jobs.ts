import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';

export interface BackgroundJob {
  name: string;
  /** How often the job runs, in milliseconds. */
  everyMs: number;
  run: (deps: { db: Db; config: Config; log: FastifyBaseLogger }) => Promise<void>;
}

/**
 * Runs scheduled jobs (the list app.ts declares) on their schedules, once per period across every
 * process that shares the database: a tick takes a transaction-level advisory lock named after the job
 * (so it also holds behind a transaction-pooling pgbouncer) and starts the job only when no process
 * started it within the period (job_schedule, on the database's clock). A run that fails is rolled back,
 * so the next tick, in any process, runs it again. The embedded database has a single process: it just
 * runs. The first tick comes right at start (alerts are known before the first period has passed).
 * Long work asked for by a request is not here: it is queued and run by the job runner
 * (modules/jobs/runner.ts).
 */
export async function startBackgroundJobs(deps: { db: Db; config: Config; log: FastifyBaseLogger }, jobs: readonly BackgroundJob[]) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  for (const job of jobs) {
    const key = hashKey(job.name);
    const once = async () => {
      if (deps.db.kind === 'pglite') return job.run(deps);
      await deps.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [key]);
        if (!rows[0]?.ok) return;
        // Due when the last start is at least most of a period ago (ticks of two processes drift apart).
        const due = await tx.query(
          `INSERT INTO job_schedule (name, last_started_at) VALUES ($1, now())
           ON CONFLICT (name) DO UPDATE SET last_started_at = now()
            WHERE job_schedule.last_started_at <= now() - make_interval(secs => $2::float8 / 1000)`,
          [job.name, job.everyMs * 0.9],
        );
        if (due.rowCount === 0) return;
        await job.run(deps);
      });
    };
    const tick = () => {
      const p = once().catch((err) => deps.log.error({ err, job: job.name }, 'background job failed'));
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    timers.push(setInterval(tick, job.everyMs));
    // The first run does not wait a whole period (late reports and alerts are known from the start).
    timers.push(setTimeout(tick, 0));
  }
  return {
    stop: async () => {
      timers.forEach((t) => clearInterval(t));
      await Promise.all(running);
    },
  };
}

function hashKey(name: string): number {
  let h = 7_341_003;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
