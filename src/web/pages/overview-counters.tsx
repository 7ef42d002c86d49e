import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { TaskList } from '../api/tasks.ts';
import type { completenessSingleSchema } from '../../server/modules/report-status/schema.ts';
import type { regimeSchema } from '../../server/modules/regimes/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { alertPage } from '../../server/modules/alerts/schema.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

type CompletenessSingle = Wire<typeof completenessSingleSchema>;
type Regime = Wire<typeof regimeSchema>;

export interface RegimeLateness {
  regime: Regime;
  answer: CompletenessSingle;
  /** Not received and past the due date: the reports to chase. */
  overdue: CompletenessSingle['units'];
  /** Received, but after the due date. */
  late: CompletenessSingle['units'];
}

/**
 * The latest closed period of every active regime: which reports are overdue and which arrived late. The
 * overview's counts and the lists they open read this one query, so a count always matches its list.
 */
export function useLateness() {
  const { can } = useAuth();
  return useQuery({
    queryKey: ['completeness', 'lateness'],
    queryFn: async ({ signal }): Promise<RegimeLateness[]> => {
      const regimes = await api<Regime[]>('/api/regimes', { signal });
      const answers = await Promise.all(
        regimes
          .filter((r) => r.isActive)
          .map(async (regime) => {
            const answer = await api<CompletenessSingle>(`/api/regimes/${encodeURIComponent(regime.code)}/completeness`, { signal }).catch(() => null);
            if (!answer) return null;
            return {
              regime,
              answer,
              overdue: answer.units.filter((u) => u.isOverdue === true),
              late: answer.units.filter((u) => (u.status === 'SUBMITTED' || u.status === 'APPROVED') && u.isLate === true),
            };
          }),
      );
      return answers.filter((a): a is RegimeLateness => a !== null);
    },
    enabled: can('data.read'),
    refetchInterval: 60_000,
  });
}

/** Open alerts; overdue reports and reports received late, counted apart, each linking to its own list. */
export function OverviewCounters() {
  const { t } = useI18n();
  const alerts = useQuery({
    queryKey: ['alerts', 'open-count'],
    queryFn: ({ signal }) => api<Wire<typeof alertPage>>('/api/alerts', { query: { state: 'OPEN', limit: 1 }, signal }),
    refetchInterval: 60_000,
  });
  const { can } = useAuth();
  const lateness = useLateness();
  const sum = (pick: (r: RegimeLateness) => number) => (lateness.data ? lateness.data.reduce((n, r) => n + pick(r), 0) : lateness.error ? '–' : '…');
  const overdue = useQuery({
    queryKey: ['tasks', 'overdue-count'],
    queryFn: ({ signal }) => api<TaskList>('/api/tasks', { query: { status: 'OPEN_OVERDUE', limit: 1 }, signal }),
    enabled: can('task.read'),
    refetchInterval: 60_000,
  });
  return (
    <>
      <Link to="/alerts" className="kpi kpi-alerts">
        <span className="kpi-value">{alerts.data ? alerts.data.total : alerts.error ? '–' : '…'}</span>
        <span className="kpi-label">{t('overview.openAlerts')}</span>
      </Link>
      <Link to="/completeness?view=overdue" className="kpi kpi-late" data-count="overdue">
        <span className="kpi-value">{sum((r) => r.overdue.length)}</span>
        <span className="kpi-label">{t('overview.overdueReports')}</span>
      </Link>
      <Link to="/completeness?view=late" className="kpi kpi-late-received" data-count="late">
        <span className="kpi-value">{sum((r) => r.late.length)}</span>
        <span className="kpi-label">{t('overview.lateReceived')}</span>
      </Link>
      {can('task.read') && (
        <Link to="/tasks?status=OPEN_OVERDUE" className="kpi kpi-tasks">
          <span className="kpi-value">{overdue.data ? overdue.data.total : overdue.error ? '–' : '…'}</span>
          <span className="kpi-label">{t('overview.overdueTasks')}</span>
        </Link>
      )}
    </>
  );
}
