// A server process that takes a job and dies in the middle of it (SIGKILL: no clean-up of any kind),
// for the take-over test in jobs.test.ts. Usage: crash-worker.ts <database url> <kind>
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from '../../../config.ts';
import { openDb } from '../../../db/db.ts';
import { JobRunner } from '../runner.ts';

const [url, kind] = process.argv.slice(2);
const noop = () => undefined;
const log = { info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, child: () => log, level: 'silent', silent: noop } as unknown as FastifyBaseLogger;
const db = await openDb({ databaseUrl: url, poolSize: 2 });
const runner = new JobRunner({
  db,
  config: loadConfig({ LOG_LEVEL: 'silent' }),
  log,
  pollMs: 20,
  heartbeatMs: 40,
  staleAfterMs: 300,
  kinds: [
    {
      kind,
      concurrency: 1,
      maxAttempts: 3,
      run: async (_ctx, job) => {
        await db.query(`UPDATE job SET message = 'started by the process that dies' WHERE id = $1`, [job.id]);
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined);
      },
    },
  ],
});
runner.start();
