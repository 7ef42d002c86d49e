import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Alert, CompletenessSingle, Regime } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

/** Open alerts and late or missing reports of the last closed period, each linking to its list. */
export function OverviewCounters() {
  const { t } = useI18n();
  const { can } = useAuth();
  const alerts = useQuery({
    queryKey: ['alerts', 'open-count'],
    queryFn: ({ signal }) => api<{ total: number; items: Alert[] }>('/api/alerts', { query: { state: 'OPEN', limit: 1 }, signal }),
    refetchInterval: 60_000,
  });
  const late = useQuery({
    queryKey: ['completeness', 'late-count'],
    queryFn: async ({ signal }) => {
      const regimes = await api<Regime[]>('/api/regimes', { signal });
      const answers = await Promise.all(
        regimes.filter((r) => r.isActive).map((r) => api<CompletenessSingle>(`/api/regimes/${encodeURIComponent(r.code)}/completeness`, { signal }).catch(() => null)),
      );
      return answers.reduce((sum, a) => sum + (a ? a.totals.missing + a.totals.late : 0), 0);
    },
    enabled: can('data.read'),
    refetchInterval: 60_000,
  });
  const overdue = useQuery({
    queryKey: ['tasks', 'overdue-count'],
    queryFn: ({ signal }) => api<{ total: number }>('/api/tasks', { query: { status: 'OPEN_OVERDUE', limit: 1 }, signal }),
    enabled: can('task.read'),
    refetchInterval: 60_000,
  });
  return (
    <>
      <Link to="/alerts" className="kpi kpi-alerts">
        <span className="kpi-value">{alerts.data ? alerts.data.total : alerts.error ? '–' : '…'}</span>
        <span className="kpi-label">{t('overview.openAlerts')}</span>
      </Link>
      <Link to="/completeness" className="kpi kpi-late">
        <span className="kpi-value">{late.data ?? (late.error ? '–' : '…')}</span>
        <span className="kpi-label">{t('overview.lateReports')}</span>
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
