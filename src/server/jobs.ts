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
 * Runs scheduled jobs (the list app.ts declares) on their schedules. Each run takes a PostgreSQL
 * advisory lock named after the job, so with several server processes only one of them runs a job at
 * a time; a failed run is logged and the next tick tries again. Long work asked for by a request is
 * not here: it is queued and run by the job runner (modules/jobs/runner.ts).
 */
export async function startBackgroundJobs(deps: { db: Db; config: Config; log: FastifyBaseLogger }, jobs: readonly BackgroundJob[]) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  for (const job of jobs) {
    const key = hashKey(job.name);
    const tick = () => {
      const p = deps.db
        .withConnection(async (conn) => {
          const { rows } = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
          if (!rows[0]?.ok) return;
          try {
            await job.run(deps);
          } finally {
            await conn.query('SELECT pg_advisory_unlock($1)', [key]);
          }
        })
        .catch((err) => deps.log.error({ err, job: job.name }, 'background job failed'));
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    timers.push(setInterval(tick, job.everyMs));
  }
  return {
    stop: async () => {
      timers.forEach(clearInterval);
      await Promise.all(running);
    },
  };
}

function hashKey(name: string): number {
  let h = 7_341_003;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
