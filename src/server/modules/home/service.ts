import type { z } from 'zod';
import type { homeChangesSchema } from './schema.ts';
import type { ServiceContext } from '../../http/context.ts';
import { permittedPaths } from '../../access.ts';
import { unauthenticated } from '../../http/errors.ts';
import { formatPeriod, parsePeriod } from '../../../core/periods.ts';
import { findPreviousSignIn, listEventsSince } from '../audit/service.ts';
import { listAlertsRaisedSince } from '../alerts/service.ts';
import { listRegimes } from '../regimes/service.ts';

/** Without a previous sign-in (a first visit), the list covers this many days. */
const FIRST_VISIT_DAYS = 7;
const CHANGES_LIMIT = 50;

const REPORT_ACTIONS = { 'report.submit': 'SUBMITTED', 'report.approve': 'APPROVED', 'report.return': 'RETURNED' } as const;

export type ChangeKind = (typeof REPORT_ACTIONS)[keyof typeof REPORT_ACTIONS] | 'ALERT';

function periodLabels(iso: string): { labelVi: string; labelEn: string } {
  try {
    parsePeriod(iso);
    return { labelVi: formatPeriod(iso, 'vi'), labelEn: formatPeriod(iso, 'en') };
  } catch {
    return { labelVi: iso, labelEn: iso };
  }
}

/**
 * What changed since the caller's previous sign-in, on units it may read: reports submitted, approved or
 * returned by others, and alerts raised. A first visit looks back seven days.
 */
export async function changesSinceLastVisit(ctx: ServiceContext): Promise<z.infer<typeof homeChangesSchema>> {
  if (ctx.actor.kind !== 'user' || ctx.actor.userId === undefined) throw unauthenticated();
  const now = ctx.clock();
  const previous = await findPreviousSignIn(ctx.db, ctx.actor.userId);
  const since = previous ?? new Date(now.getTime() - FIRST_VISIT_DAYS * 86_400_000);
  const scope = permittedPaths(ctx.actor, 'data.read');
  const [events, alerts, regimes] = await Promise.all([
    listEventsSince(ctx.db, { since, actions: Object.keys(REPORT_ACTIONS), scopePaths: scope, excludeUserId: ctx.actor.userId, limit: CHANGES_LIMIT }),
    listAlertsRaisedSince(ctx, since, CHANGES_LIMIT),
    listRegimes(ctx),
  ]);
  const regimeNames = new Map(regimes.map((r) => [r.code, { code: r.code, nameVi: r.nameVi, nameEn: r.nameEn }]));
  const items = [
    ...events.map((e) => {
      // The report's audit object is "REGIME/PERIOD/UNIT".
      const [regimeCode = '', period = ''] = (e.objectId ?? '').split('/');
      return {
        kind: REPORT_ACTIONS[e.action as keyof typeof REPORT_ACTIONS] as ChangeKind,
        at: new Date(e.at).toISOString(),
        by: e.username,
        orgUnit: { code: e.orgUnitCode, nameVi: e.orgUnitName },
        regime: regimeNames.get(regimeCode) ?? { code: regimeCode, nameVi: regimeCode, nameEn: null },
        period: { id: period, ...periodLabels(period) },
        reason: e.action === 'report.return' ? e.reason : null,
        alert: null,
      };
    }),
    ...alerts.map((a) => ({
      kind: 'ALERT' as ChangeKind,
      at: new Date(a.raisedAt).toISOString(),
      by: null,
      orgUnit: { code: a.orgUnitCode, nameVi: a.orgUnitName },
      regime: null,
      period: { id: a.period, ...periodLabels(a.period) },
      reason: null,
      alert: { id: a.id, severity: a.severity, title: a.title, state: a.state },
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { since: since.toISOString(), isFirstVisit: previous === null, items: items.slice(0, CHANGES_LIMIT) };
}
