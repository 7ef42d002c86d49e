import { vietnamDate } from '../../../core/periods.ts';
import type { BackgroundJob } from '../../jobs.ts';
import { evaluateAllAlertRules } from './evaluate.ts';
import { sendPendingMails } from './service.ts';

/** How often every alert rule is evaluated in the background (values arriving trigger their own run). */
export const ALERT_EVALUATION_EVERY_MS = 10 * 60 * 1000;

/** The scheduled evaluation of every alert rule, then the e-mail of pending notifications (declared in app.ts). */
export const alertEvaluationJob: BackgroundJob = {
  name: 'alerts.evaluate',
  everyMs: ALERT_EVALUATION_EVERY_MS,
  run: async (deps) => {
    const summary = await evaluateAllAlertRules(deps.db, vietnamDate(new Date()));
    if (summary.raised || summary.resolved) deps.log.info({ ...summary, newAlertIds: undefined }, 'alerts evaluated');
    await sendPendingMails(deps);
  },
};
