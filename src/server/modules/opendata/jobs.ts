import type { BackgroundJob } from '../../jobs.ts';
import { publishDueReleases } from './service.ts';

/** How often due releases are looked for: a release is public within this long after its announced time. */
export const OPEN_DATA_PUBLISH_EVERY_MS = 60 * 1000;

/** Publishes the frozen releases whose announced time has come (declared in app.ts). */
export const openDataPublishJob: BackgroundJob = {
  name: 'opendata.publish',
  everyMs: OPEN_DATA_PUBLISH_EVERY_MS,
  run: async (deps) => {
    await publishDueReleases(deps.db, new Date(), deps.log);
  },
};
