import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { myReportSchema, myReportsSchema } from '../../server/modules/report-status/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { homeChangesSchema } from '../../server/modules/home/schema.ts';

type HomeChanges = Wire<typeof homeChangesSchema>;
import { useAuth } from '../auth.tsx';
import { QueryView } from '../components/states.tsx';
import { PageHeader } from '../components/ui.tsx';
import { useI18n, type Lang, type MessageKey } from '../i18n/index.tsx';
import { daysBetween, homeKindOf, isOverviewHome, type HomeKind } from '../lib/home.ts';
import { Link } from '../router.tsx';
import OverviewPage from './overview.tsx';
import { statusBadge } from './data-entry.tsx';

type MyReport = Wire<typeof myReportSchema>;
type MyReports = Wire<typeof myReportsSchema>;

const nameOf = (item: { nameVi: string; nameEn?: string | null }, lang: Lang) => (lang === 'en' && item.nameEn ? item.nameEn : item.nameVi);

export const formLink = (r: { regime: { code: string }; period: { id: string }; orgUnit: { code: string } }) =>
  `/data-entry?regime=${encodeURIComponent(r.regime.code)}&period=${encodeURIComponent(r.period.id)}&orgUnit=${encodeURIComponent(r.orgUnit.code)}`;

/** How far the due date is: "còn 3 ngày", "hạn hôm nay", "quá hạn 14 ngày". */
function DueWhen({ today, due }: { today: string; due: string }) {
  const { t } = useI18n();
  const days = daysBetween(today, due);
  if (days > 0) return <span className="muted">{t('home.dueIn', { days })}</span>;
  if (days === 0) return <strong className="delta-bad">{t('home.dueToday')}</strong>;
  return <strong className="delta-bad">{t('home.overdueBy', { days: -days })}</strong>;
}

function ReportRow({ item, today }: { item: MyReport; today: string }) {
  const { t, lang, date } = useI18n();
  const periodLabel = lang === 'vi' ? item.period.labelVi : item.period.labelEn;
  const action: MessageKey = item.kind === 'TO_APPROVE' ? 'home.openToApprove' : item.kind === 'RETURNED' ? 'home.openToCorrect' : 'home.openForm';
  return (
    <li className={`work-item work-${item.kind.toLowerCase()}`} data-work={item.kind} data-regime={item.regime.code} data-period={item.period.id} data-unit={item.orgUnit.code}>
      <div className="work-main">
        <strong>{nameOf(item.regime, lang)}</strong> · {periodLabel} · {item.orgUnit.nameVi}
        <div className="small">
          {statusBadge(item.status, item.isLate, t)}{' '}
          {item.kind === 'TO_APPROVE' ? (
            item.submittedAt && <span className="muted">{t('home.sentOn', { date: date(item.submittedAt, true) })}</span>
          ) : (
            <>
              {t('home.dueDate')}: <strong>{date(item.period.dueDate)}</strong> <span className="muted">({t('home.decree09')})</span> · <DueWhen today={today} due={item.period.dueDate} />
              {item.period.lockDate && <span className="muted"> · {t('home.lockOn', { date: date(item.period.lockDate) })}</span>}
            </>
          )}
        </div>
        {item.returnedReason && (
          <div className="small returned-reason">
            {t('home.returnedReason')}: {item.returnedReason}
          </div>
        )}
      </div>
      <Link to={formLink(item)} className="btn btn-small">
        {t(action)}
        <span className="sr-only">
          {' '}
          {nameOf(item.regime, lang)} {periodLabel} {item.orgUnit.nameVi}
        </span>
      </Link>
    </li>
  );
}

const SECTIONS: { kind: HomeKind; title: MessageKey; empty: MessageKey }[] = [
  { kind: 'TO_APPROVE', title: 'home.toApprove', empty: 'home.toApproveEmpty' },
  { kind: 'RETURNED', title: 'home.returned', empty: 'home.returnedEmpty' },
  { kind: 'LATE', title: 'home.late', empty: 'home.lateEmpty' },
  { kind: 'DUE', title: 'home.due', empty: 'home.dueEmpty' },
];

/** The reports the caller must act on, in the order of urgency; `kinds` picks the lists a role sees. */
export function MyReportsPanel({ kinds }: { kinds: HomeKind[] }) {
  const { t } = useI18n();
  const reports = useQuery({ queryKey: ['completeness', 'mine'], queryFn: ({ signal }) => api<MyReports>('/api/reports/mine', { signal }), refetchInterval: 60_000 });
  return (
    <QueryView query={reports}>
      {(data) => (
        <>
          <div className="kpis" role="group" aria-label={t('home.work')}>
            {SECTIONS.filter((s) => kinds.includes(s.kind)).map((s) => (
              <a key={s.kind} href={`#work-${s.kind.toLowerCase()}`} className={`kpi kpi-work-${s.kind.toLowerCase()}`} data-count={s.kind}>
                <span className="kpi-value">{data.totals[s.kind]}</span>
                <span className="kpi-label">{t(s.title)}</span>
              </a>
            ))}
          </div>
          {SECTIONS.filter((s) => kinds.includes(s.kind)).map((s) => {
            const items = data.items.filter((i) => homeKindOf(i) === s.kind);
            return (
              <section key={s.kind} className="card work-list" id={`work-${s.kind.toLowerCase()}`} aria-labelledby={`work-${s.kind.toLowerCase()}-h`}>
                <h2 id={`work-${s.kind.toLowerCase()}-h`}>
                  {t(s.title)} <span className="muted">({data.totals[s.kind]})</span>
                </h2>
                {items.length === 0 ? (
                  <p className="muted small">{t(s.empty)}</p>
                ) : (
                  <ul className="work-items">
                    {items.map((i) => (
                      <ReportRow key={`${i.regime.code}|${i.period.id}|${i.orgUnit.code}`} item={i} today={data.today} />
                    ))}
                  </ul>
                )}
                {data.totals[s.kind] > items.length && <p className="small muted">{t('home.more', { count: data.totals[s.kind] - items.length })}</p>}
              </section>
            );
          })}
        </>
      )}
    </QueryView>
  );
}

const CHANGE_WORD: Record<HomeChanges['items'][number]['kind'], MessageKey> = {
  SUBMITTED: 'home.change.SUBMITTED',
  APPROVED: 'home.change.APPROVED',
  RETURNED: 'home.change.RETURNED',
  ALERT: 'home.change.ALERT',
};

/** News since the previous sign-in: reports sent, approved or returned by others, alerts raised. */
export function SinceLastVisit() {
  const { t, lang, date } = useI18n();
  const changes = useQuery({ queryKey: ['home', 'changes', lang], queryFn: ({ signal }) => api<HomeChanges>('/api/home/changes', { signal }), staleTime: 60_000 });
  return (
    <section className="card since-last-visit" aria-labelledby="since-h">
      <h2 id="since-h">{t('home.since')}</h2>
      <QueryView query={changes}>
        {(data) => (
          <>
            <p className="muted small">{data.isFirstVisit ? t('home.sinceFirst', { date: date(data.since, true) }) : t('home.sincePrevious', { date: date(data.since, true) })}</p>
            {data.items.length === 0 ? (
              <p className="muted small" data-empty="changes">
                {t('home.sinceEmpty')}
              </p>
            ) : (
              <ul className="change-items">
                {data.items.map((c, i) => (
                  <li key={i} data-change={c.kind}>
                    <span className="muted small num">{date(c.at, true)}</span>{' '}
                    {c.kind === 'ALERT' && c.alert ? (
                      <>
                        <span className={`badge ${c.alert.severity === 'CRITICAL' ? 'badge-bad' : 'badge-warn'}`}>{t(CHANGE_WORD.ALERT)}</span>{' '}
                        <Link to={`/alerts?id=${c.alert.id}`}>{c.alert.title}</Link> · {c.orgUnit.nameVi}
                      </>
                    ) : (
                      <>
                        <span className={`badge ${c.kind === 'RETURNED' ? 'badge-bad' : c.kind === 'APPROVED' ? 'badge-ok' : 'badge-info'}`}>{t(CHANGE_WORD[c.kind])}</span>{' '}
                        {c.regime && (
                          <Link to={formLink({ regime: c.regime, period: c.period, orgUnit: c.orgUnit })}>
                            {nameOf(c.regime, lang)} · {lang === 'vi' ? c.period.labelVi : c.period.labelEn} · {c.orgUnit.nameVi}
                          </Link>
                        )}
                        {c.by && <span className="muted small"> · {c.by}</span>}
                        {c.reason && (
                          <div className="small">
                            {t('home.returnedReason')}: {c.reason}
                          </div>
                        )}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/**
 * The first screen after signing in, per role: leadership and administrators the overview; a unit manager
 * the reports to approve, the unit's own reports and its figures; a reporting officer the reports due,
 * overdue and returned. Everybody sees what changed since the last visit.
 */
export default function HomePage() {
  const { t } = useI18n();
  const { me, can } = useAuth();
  if (isOverviewHome(me?.scopes.map((s) => s.role) ?? [], can('data.write'))) {
    return (
      <>
        <OverviewPage />
        {me?.kind === 'user' && <SinceLastVisit />}
      </>
    );
  }
  const isManager = can('data.approve');
  const unitNames = [...new Set(me?.scopes.map((s) => s.orgUnitName).filter(Boolean))].join(', ');
  return (
    <section className="home" data-home={isManager ? 'manager' : 'officer'}>
      <PageHeader title={t(isManager ? 'home.managerTitle' : 'home.officerTitle')} intro={unitNames ? t('home.unitsIntro', { units: unitNames }) : undefined}>
        {isManager && (
          <Link to="/overview" className="btn">
            {t('home.unitFigures')}
          </Link>
        )}
      </PageHeader>
      <MyReportsPanel kinds={isManager ? ['TO_APPROVE', 'RETURNED', 'LATE', 'DUE'] : ['RETURNED', 'LATE', 'DUE']} />
      {me?.kind === 'user' && <SinceLastVisit />}
    </section>
  );
}
