import { useQuery } from '@tanstack/react-query';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { useEffect } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { regimePeriodSchema, regimeSchema } from '../../server/modules/regimes/schema.ts';
import { useAuth } from '../auth.tsx';
import { QueryView } from '../components/states.tsx';
import { PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSearchParam } from '../router.tsx';

type PeriodView = Wire<typeof regimePeriodSchema>;
type Regime = Wire<typeof regimeSchema>;

interface Quality {
  correct: { score: number | null; evaluated: number; passed: number; failed: number };
  complete: { score: number | null; expected: number; received: number; missing: number };
  clean: { score: number | null; values: number; outliers: number; duplicates: number; clean: number };
  live: { score: number | null; expected: number; onTime: number; late: number; latestValueAt: string | null; latestValueAgeDays: number | null };
}

interface QualityAnswer {
  regime: string;
  orgUnit: { code: string; name: string };
  periods: string[];
  quality: Quality;
  children?: { orgUnit: { code: string; name: string }; quality: Quality }[];
}

interface OutlierAnswer {
  checked: number;
  flagged: number;
  items: {
    dataElement: { code: string; name: string };
    option: { code: string; name: string } | null;
    orgUnit: { code: string; name: string };
    period: string;
    value: number;
    reasons: { code: string; message: string }[];
    expectedLow: number | null;
    expectedHigh: number | null;
  }[];
}

const QUALITIES = ['correct', 'complete', 'clean', 'live'] as const;

function tone(score: number | null): string {
  if (score === null) return 'no-data';
  if (score >= 90) return 'on-track';
  if (score >= 70) return 'at-risk';
  return 'off-track';
}

function helpOf(q: Quality, key: (typeof QUALITIES)[number], t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  switch (key) {
    case 'correct':
      return t('quality.correctHelp', { passed: q.correct.passed, evaluated: q.correct.evaluated });
    case 'complete':
      return t('quality.completeHelp', { received: q.complete.received, expected: q.complete.expected });
    case 'clean':
      return t('quality.cleanHelp', { outliers: q.clean.outliers, duplicates: q.clean.duplicates, values: q.clean.values });
    case 'live':
      return t('quality.liveHelp', { onTime: q.live.onTime, expected: q.live.expected, age: q.live.latestValueAgeDays ?? '–' });
  }
}

export default function DataQualityPage() {
  const { t, lang, num, period } = useI18n();
  const { me } = useAuth();
  const [regime, setRegime] = useSearchParam('regime');
  const [unitParam, setUnit] = useSearchParam('orgUnit');
  const [count, setCount] = useSearchParam('n');
  const n = Number(count) || 3;
  const defaultUnit = me?.scopes.some((s) => s.orgUnitId === null) ? 'VN' : (me?.scopes.find((s) => s.orgUnitCode)?.orgUnitCode ?? 'VN');
  const orgUnit = unitParam || defaultUnit;
  const regimes = useQuery({ queryKey: ['regimes', lang], queryFn: ({ signal }) => api<Regime[]>('/api/regimes', { signal }) });
  useEffect(() => {
    if (!regime && regimes.data?.length) setRegime(regimes.data[0].code);
  }, [regime, regimes.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const periods = useQuery({
    queryKey: ['regimes', regime, 'periods', n],
    queryFn: ({ signal }) => api<{ items: PeriodView[] }>(`/api/regimes/${encodeURIComponent(regime)}/periods`, { query: { past: n }, signal }),
    enabled: Boolean(regime),
  });
  const ids = (periods.data?.items ?? [])
    .slice(-n)
    .map((p) => p.id)
    .join(',');
  const quality = useQuery({
    queryKey: ['quality', regime, orgUnit, ids, lang],
    queryFn: ({ signal }) => api<QualityAnswer>('/api/data-quality', { query: { regime, orgUnit, periods: ids, byChild: 'true' }, signal }),
    enabled: Boolean(regime && ids),
  });
  const outliers = useQuery({
    queryKey: ['quality', 'outliers', regime, orgUnit, ids, lang],
    queryFn: ({ signal }) => api<OutlierAnswer>('/api/outliers', { query: { regime, orgUnit, periods: ids }, signal }),
    enabled: Boolean(regime && ids),
  });
  const score = (s: number | null) => (s === null ? '–' : num(s, 0));
  return (
    <section>
      <PageHeader title={t('quality.title')} intro={t('quality.intro')} />
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <SelectField label={t('entry.regime')} value={regime} onChange={(e) => setRegime(e.target.value)}>
          {regimes.data?.map((r) => (
            <option key={r.code} value={r.code}>
              {lang === 'en' && r.nameEn ? r.nameEn : r.nameVi}
            </option>
          ))}
        </SelectField>
        <OrgUnitPicker label={t('quality.orgUnit')} value={orgUnit} onChange={(code) => setUnit(code || null)} />
        <SelectField label={t('completeness.periods')} value={String(n)} onChange={(e) => setCount(e.target.value)}>
          {[1, 3, 6, 12].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
      </form>
      <QueryView query={quality}>
        {(data) => (
          <>
            <p className="muted small">
              {data.orgUnit.name} · {data.periods.map((p) => period(p)).join(', ')}
            </p>
            <div className="quality-cards">
              {QUALITIES.map((key) => (
                <div key={key} className={`quality-card q-${tone(data.quality[key].score)}`}>
                  <span className="quality-name">{t(`quality.${key}` as MessageKey)}</span>
                  <span className="quality-score">{score(data.quality[key].score)}</span>
                  <span className="small muted">{helpOf(data.quality, key, t)}</span>
                </div>
              ))}
            </div>
            {data.children && data.children.length > 0 && (
              <section className="card">
                <h2>{t('quality.byChild')}</h2>
                <div className="table-wrap flat">
                  <table>
                    <thead>
                      <tr>
                        <th>{t('indicator.orgUnit')}</th>
                        {QUALITIES.map((k) => (
                          <th key={k} className="num">
                            {t(`quality.${k}` as MessageKey)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {data.children.map((c) => (
                        <tr key={c.orgUnit.code}>
                          <td>
                            <button type="button" className="link" onClick={() => setUnit(c.orgUnit.code)}>
                              {c.orgUnit.name}
                            </button>{' '}
                            <span className="muted small">({c.orgUnit.code})</span>
                          </td>
                          {QUALITIES.map((k) => (
                            <td key={k} className={`num q-text-${tone(c.quality[k].score)}`}>
                              {score(c.quality[k].score)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
          </>
        )}
      </QueryView>
      <section className="card">
        <h2>{t('quality.outliers')}</h2>
        <QueryView query={outliers} isEmpty={(d) => d.items.length === 0} empty={t('quality.noOutliers')}>
          {(data) => (
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th>{t('entry.dataElement')}</th>
                    <th>{t('indicator.orgUnit')}</th>
                    <th>{t('indicator.period')}</th>
                    <th className="num">{t('indicator.value')}</th>
                    <th className="num">{t('quality.expected')}</th>
                    <th>{t('quality.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((o, i) => (
                    <tr key={i}>
                      <td>
                        {o.dataElement.name}
                        {o.option && <span className="muted small"> · {o.option.name}</span>}
                      </td>
                      <td>{o.orgUnit.name}</td>
                      <td>{period(o.period)}</td>
                      <td className="num">
                        <strong>{num(o.value)}</strong>
                      </td>
                      <td className="num">{o.expectedLow === null && o.expectedHigh === null ? '–' : `${num(o.expectedLow)} – ${num(o.expectedHigh)}`}</td>
                      <td className="small">{o.reasons.map((r) => r.message).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
    </section>
  );
}
