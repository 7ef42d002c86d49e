import type { BackgroundJob } from '../../jobs.ts';
import type { Db } from '../../db/db.ts';
import { SYSTEM_ACTOR } from '../../access.ts';
import { recordAudit } from '../audit/service.ts';
import { writeFigures } from './figures.ts';
import { hasCasesIn } from './repo.ts';
import { rangeOfPeriod } from './service.ts';

/** How often the takedown figures are written again from the cases. */
export const TAKEDOWN_FIGURES_EVERY_MS = 60 * 60_000;

/**
 * Keeps the takedown figures current: every hour, the counts of this year and the last (answers to last year's
 * December requests arrive in January) are written again from the cases; an unchanged value is left alone.
 * Nothing is created where no case was ever recorded.
 */
export const takedownFiguresJob: BackgroundJob = {
  name: 'takedown.figures',
  everyMs: TAKEDOWN_FIGURES_EVERY_MS,
  run: async (deps) => {
    await refreshTakedownFigures(deps.db, new Date());
  },
};

/** Writes this year's and last year's figures from the cases (years without a case are skipped); returns the years written. */
export async function refreshTakedownFigures(db: Db, now: Date): Promise<number[]> {
  const year = new Date(now.getTime() + 7 * 3_600_000).getUTCFullYear();
  const written: number[] = [];
  for (const y of [year - 1, year]) {
    if (!(await hasCasesIn(db, rangeOfPeriod(String(y))))) continue;
    await db.transaction(async (tx) => {
      const summary = await writeFigures(tx, y, 'system', now);
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'takedown.figures_publish', objectType: 'takedown_figures', objectId: y, after: summary });
    });
    written.push(y);
  }
  return written;
}
