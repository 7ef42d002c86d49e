import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { CommitmentList } from '../api/commitments.ts';
import type { TaskList } from '../api/tasks.ts';
import { useAuth } from '../auth.tsx';
import { CommitmentBadge } from '../components/commitment-status.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

const SHOWN = 5;

/** Leadership's block: the overdue tasks and the commitments falling due this year that are at risk, each linking to its page. */
export function OverviewWatchlist() {
  const { t, lang, date } = useI18n();
  const { can } = useAuth();
  const year = new Date().getFullYear();
  const tasks = useQuery({
    queryKey: ['tasks', 'overdue-list'],
    queryFn: ({ signal }) => api<TaskList>('/api/tasks', { query: { status: 'OPEN_OVERDUE', limit: SHOWN }, signal }),
    enabled: can('task.read'),
    refetchInterval: 60_000,
  });
  const commitments = useQuery({
    queryKey: ['commitments', 'at-risk', year],
    queryFn: ({ signal }) => api<CommitmentList>('/api/commitments', { query: { dueYear: year, atRisk: 'true' }, signal }),
    enabled: can('commitment.read'),
    refetchInterval: 60_000,
  });
  if (!can('task.read') && !can('commitment.read')) return null;
  return (
    <section className="card watchlist" aria-labelledby="watchlist-title" data-block="watchlist">
      <h2 id="watchlist-title">{t('overview.watchlist')}</h2>
      <div className="grid grid-2">
        {can('task.read') && (
          <div data-watch="tasks">
            <h3>
              <Link to="/tasks?status=OPEN_OVERDUE">
                {t('overview.overdueTasks')} ({tasks.data?.total ?? '…'})
              </Link>
            </h3>
            {tasks.data && tasks.data.items.length === 0 && <p className="muted">{t('overview.noOverdueTasks')}</p>}
            <ul className="watch-list">
              {tasks.data?.items.map((x) => (
                <li key={x.id}>
                  <Link to={`/tasks/${x.id}`}>{x.title}</Link>
                  <div className="muted small">
                    {lang === 'en' && x.leadOrgUnit.nameEn ? x.leadOrgUnit.nameEn : x.leadOrgUnit.nameVi} · {t('tasks.col.due')} {date(x.effectiveDueDate)}
                    {x.daysLeft !== null && x.daysLeft < 0 && (
                      <>
                        {' '}
                        · <strong className="delta-bad">{t('tasks.daysOver', { n: -x.daysLeft })}</strong>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        )}
        {can('commitment.read') && (
          <div data-watch="commitments">
            <h3>
              <Link to="/commitments?risk=true">
                {t('overview.commitmentsAtRisk', { year })} ({commitments.data?.total ?? '…'})
              </Link>
            </h3>
            {commitments.data && commitments.data.items.length === 0 && <p className="muted">{t('overview.noCommitmentsAtRisk')}</p>}
            <ul className="watch-list">
              {commitments.data?.items.slice(0, SHOWN).map((c) => (
                <li key={c.id}>
                  <Link to={`/commitments/${c.id}`}>{c.officialName}</Link> — {c.title} <CommitmentBadge c={c} />
                  <div className="muted small">
                    {t('commitments.period')}: {date(c.startDate)} – {date(c.endDate)} · {lang === 'en' ? c.reasonEn : c.reasonVi}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
