import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { completenessHeatmapSchema } from '../../server/modules/report-status/schema.ts';
import type { regimePeriodSchema, regimeSchema } from '../../server/modules/regimes/schema.ts';
import { FormError, QueryView } from '../components/states.tsx';
import { Notice, PageHeader, SelectField } from '../components/ui.tsx';
import { useAuth } from '../auth.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { classifyCell, type CellKind } from '../lib/completeness.ts';
import { Link, useSearchParam } from '../router.tsx';
import { statusBadge } from './data-entry.tsx';
import { useLateness } from './overview-counters.tsx';

type CompletenessHeatmap = Wire<typeof completenessHeatmapSchema>;
type PeriodView = Wire<typeof regimePeriodSchema>;
type Regime = Wire<typeof regimeSchema>;

interface RemindResult {
  reminded: { orgUnit: { code: string; nameVi: string }; notified: number }[];
  skipped: { orgUnit: { code: string; nameVi: string }; code: string; message: string }[];
}

/** Reminds the overdue units of one regime and period, in the app and by e-mail (through their overdue-report alert). */
function RemindButton({ regime, period, units }: { regime: string; period: string; units: string[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const remind = useMutation({
    mutationFn: () => api<RemindResult>(`/api/regimes/${encodeURIComponent(regime)}/remind`, { method: 'POST', body: { period, orgUnits: units } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
    },
  });
  const result = remind.data;
  const people = result ? result.reminded.reduce((n, r) => n + r.notified, 0) : 0;
  return (
    <div className="remind" data-remind={regime}>
      <button type="button" className="btn btn-small" disabled={remind.isPending} onClick={() => remind.mutate()}>
        {remind.isPending ? t('common.loading') : t('remind.action', { count: units.length })}
      </button>
      {result && (
        <Notice>
          <span data-reminded={result.reminded.length}>{t('remind.done', { units: result.reminded.length, people })}</span>
          {result.reminded.some((r) => r.notified === 0) && (
            <span className="small">
              {' '}
              {t('remind.nobody', {
                units: result.reminded
                  .filter((r) => r.notified === 0)
                  .map((r) => r.orgUnit.nameVi)
                  .join(', '),
              })}
            </span>
          )}
          {result.skipped.length > 0 && <span className="small"> {result.skipped.map((s) => s.message).join('; ')}</span>}
        </Notice>
      )}
      {remind.error && <FormError error={remind.error} />}
    </div>
  );
}

/** The reports behind the overview's counts: overdue (not received after the due date) or received late, per regime. */
function LatenessList({ view }: { view: 'overdue' | 'late' }) {
  const { t, lang, date, period } = useI18n();
  const { can } = useAuth();
  const lateness = useLateness();
  return (
    <QueryView query={lateness}>
      {(list) => {
        const groups = list.map((r) => ({ ...r, units: view === 'overdue' ? r.overdue : r.late })).filter((r) => r.units.length > 0);
        const total = groups.reduce((n, r) => n + r.units.length, 0);
        return (
          <section className="card lateness" data-view={view} data-total={total}>
            <h2>
              {view === 'overdue' ? t('completeness.overdue') : t('completeness.lateReceived')} ({total})
            </h2>
            {groups.length === 0 && <p>{t('completeness.allDone')}</p>}
            {groups.map((r) => (
              <div key={r.regime.code} className="lateness-regime">
                <h3>
                  {lang === 'en' && r.regime.nameEn ? r.regime.nameEn : r.regime.nameVi} · {period(r.answer.period)}
                  {r.answer.dueDate && (
                    <span className="muted small">
                      {' '}
                      · {t('entry.due')} {date(r.answer.dueDate)}
                    </span>
                  )}
                </h3>
                <ul className="child-list">
                  {r.units.map((u) => (
                    <li key={u.id} data-unit={u.code}>
                      <Link to={`/data-entry?regime=${encodeURIComponent(r.regime.code)}&period=${r.answer.period}&orgUnit=${encodeURIComponent(u.code)}`}>{u.nameVi}</Link>{' '}
                      {view === 'late' ? <span className="small muted">· {date(u.submittedAt, true)}</span> : statusBadge(u.status === 'NOT_STARTED' ? 'MISSING' : u.status, u.isLate, t)}
                    </li>
                  ))}
                </ul>
                {view === 'overdue' && can('alert.act') && <RemindButton regime={r.regime.code} period={r.answer.period} units={r.units.map((u) => u.code)} />}
              </div>
            ))}
          </section>
        );
      }}
    </QueryView>
  );
}

const KINDS: CellKind[] = ['approved', 'on-time', 'late', 'returned', 'missing', 'not-due'];
const SYMBOL: Record<CellKind, string> = { approved: '✔', 'on-time': '●', late: '◐', returned: '↩', missing: '✕', 'not-due': '·' };

export default function CompletenessPage() {
  const { t, lang, num, date } = useI18n();
  const [regime, setRegime] = useSearchParam('regime');
  const [count, setCount] = useSearchParam('n');
  const [parent, setParent] = useSearchParam('parent');
  const [view, setView] = useSearchParam('view');
  const n = Number(count) || 6;
  const regimes = useQuery({ queryKey: ['regimes', lang], queryFn: ({ signal }) => api<Regime[]>('/api/regimes', { signal }) });
  useEffect(() => {
    if (!regime && regimes.data?.length) setRegime(regimes.data[0].code);
  }, [regime, regimes.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const periods = useQuery({
    queryKey: ['regimes', regime, 'periods', n],
    queryFn: ({ signal }) => api<{ today: string; items: PeriodView[] }>(`/api/regimes/${encodeURIComponent(regime)}/periods`, { query: { past: n }, signal }),
    enabled: Boolean(regime),
  });
  const shown = (periods.data?.items ?? []).slice(-n);
  const heatmap = useQuery({
    queryKey: ['completeness', regime, shown.map((p) => p.id).join(';'), parent],
    queryFn: ({ signal }) =>
      api<CompletenessHeatmap>(`/api/regimes/${encodeURIComponent(regime)}/completeness`, { query: { periods: shown.map((p) => p.id).join(';'), parent: parent || undefined }, signal }),
    enabled: shown.length > 0,
    placeholderData: keepPreviousData,
  });
  const today = periods.data?.today ?? new Date().toISOString().slice(0, 10);
  const dueOf = new Map(shown.map((p) => [p.id, p.dueDate]));
  const label = (p: PeriodView) => (lang === 'vi' ? p.labelVi : p.labelEn);
  // Who to remind: units whose latest overdue period is still not received.
  const lastDue = [...shown].reverse().find((p) => p.dueDate !== null && p.dueDate < today);
  return (
    <section>
      <PageHeader title={t('completeness.title')} intro={t('completeness.intro')} />
      {(view === 'overdue' || view === 'late') && (
        <>
          <LatenessList view={view} />
          <p>
            <button type="button" className="link" onClick={() => setView(null)}>
              {t('common.close')}
            </button>
          </p>
        </>
      )}
      <div className="toolbar">
        <SelectField label={t('entry.regime')} value={regime} onChange={(e) => setRegime(e.target.value)}>
          {regimes.data?.map((r) => (
            <option key={r.code} value={r.code}>
              {lang === 'en' && r.nameEn ? r.nameEn : r.nameVi}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('completeness.periods')} value={String(n)} onChange={(e) => setCount(e.target.value)}>
          {[3, 6, 12, 24].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
        <OrgUnitPicker label={t('completeness.subtree')} allowNone value={parent} onChange={(code) => setParent(code || null)} />
      </div>
      <QueryView query={heatmap} isEmpty={(d) => d.units.length === 0} empty={t('completeness.noUnits')}>
        {(data) => {
          const remind = lastDue ? data.units.filter((u) => ['missing', 'returned'].includes(classifyCell(u.cells[lastDue.id]?.status, u.cells[lastDue.id]?.isLate, lastDue.dueDate, today))) : [];
          return (
            <>
              <div className="legend" aria-label={t('completeness.legend')}>
                {KINDS.map((k) => (
                  <span key={k} className="legend-item">
                    <span className={`hm-cell hm-${k}`} aria-hidden="true">
                      {SYMBOL[k]}
                    </span>
                    {t(`cell.${k}` as MessageKey)}
                  </span>
                ))}
              </div>
              <div className="table-wrap heatmap-wrap">
                <table className="heatmap">
                  <thead>
                    <tr>
                      <th scope="col">{t('indicator.orgUnit')}</th>
                      {shown.map((p) => (
                        <th key={p.id} scope="col" className="hm-head">
                          {label(p)}
                          {p.dueDate && <div className="muted small">{date(p.dueDate)}</div>}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.units.map((u) => (
                      <tr key={u.id}>
                        <th scope="row" className="hm-unit">
                          {u.nameVi} <span className="muted small">{u.code}</span>
                        </th>
                        {shown.map((p) => {
                          const c = u.cells[p.id];
                          if (!c) return <td key={p.id} className="hm-none" />;
                          const kind = classifyCell(c.status, c.isLate, dueOf.get(p.id) ?? null, today);
                          const text = `${u.nameVi}, ${label(p)}: ${t(`cell.${kind}` as MessageKey)}`;
                          return (
                            <td key={p.id} className="hm-td">
                              <Link
                                to={`/data-entry?regime=${encodeURIComponent(regime)}&period=${p.id}&orgUnit=${encodeURIComponent(u.code)}`}
                                className={`hm-cell hm-${kind}`}
                                title={text}
                                aria-label={text}
                              >
                                {SYMBOL[kind]}
                              </Link>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('completeness.rate')}</th>
                      {shown.map((p) => {
                        const totals = data.periods.find((x) => x.period === p.id)?.totals;
                        return (
                          <td key={p.id} className="num small">
                            {totals ? (
                              <>
                                <strong>{totals.completenessRate === null ? '–' : `${num(totals.completenessRate, 0)} %`}</strong>
                                <div className="muted">
                                  {totals.received}/{totals.expected} · {t('completeness.lateReceived')} {totals.late}
                                </div>
                                {totals.overdue > 0 && (
                                  <div className="muted">
                                    {t('completeness.overdue')} {totals.overdue}
                                  </div>
                                )}
                              </>
                            ) : (
                              '–'
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  </tfoot>
                </table>
              </div>
              {lastDue && (
                <section className="card remind">
                  <h2>
                    {t('completeness.remind')} · {label(lastDue)} ({remind.length})
                  </h2>
                  {remind.length === 0 ? (
                    <p>{t('completeness.allDone')}</p>
                  ) : (
                    <ul className="child-list">
                      {remind.map((u) => (
                        <li key={u.id}>
                          {u.nameVi} <span className="muted small">({u.code})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
