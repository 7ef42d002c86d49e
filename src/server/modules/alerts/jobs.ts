import { vietnamDate } from '../../../core/periods.ts';
import { BACKGROUND_JOBS } from '../../jobs.ts';
import { evaluateAllAlertRules } from './evaluate.ts';
import { sendPendingMails } from './service.ts';

/** How often every alert rule is evaluated in the background (values arriving trigger their own run). */
export const ALERT_EVALUATION_EVERY_MS = 10 * 60 * 1000;

/** Registers the scheduled evaluation with the shared job runner (one process at a time, by advisory lock). */
export function registerAlertJobs(): void {
  if (BACKGROUND_JOBS.some((j) => j.name === 'alerts.evaluate')) return;
  BACKGROUND_JOBS.push({
    name: 'alerts.evaluate',
    everyMs: ALERT_EVALUATION_EVERY_MS,
    run: async (deps) => {
      const summary = await evaluateAllAlertRules(deps.db, vietnamDate(new Date()));
      if (summary.raised || summary.resolved) deps.log.info({ ...summary, newAlertIds: undefined }, 'alerts evaluated');
      await sendPendingMails(deps);
    },
  });
}
