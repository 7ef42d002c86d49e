import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { CASE_OUTCOMES, VIOLATION_KINDS, type CaseOutcome, type TakedownBatch, type TakedownCase, type TakedownScore, type TakedownScorecard } from '../api/takedown.ts';
import { QueryView } from '../components/states.tsx';
import { PageHeader, Pager, SelectField } from '../components/ui.tsx';
import { useAuth } from '../auth.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate, useSearchParam } from '../router.tsx';
import { BatchDialog, usePlatforms } from './takedown-forms.tsx';
import { TakedownImport } from './takedown-import.tsx';
import { TakedownOffenders } from './takedown-offenders.tsx';

const LIMIT = 50;

export function OutcomeBadge({ outcome, withinDeadline }: { outcome: CaseOutcome; withinDeadline?: boolean }) {
  const { t } = useI18n();
  const kind = outcome === 'REMOVED' || outcome === 'GEO_BLOCKED' ? 'ok' : outcome === 'NO_ANSWER' ? 'muted' : 'warn';
  return (
    <>
      <span className={`badge badge-${kind}`}>{t(`takedown.outcome.${outcome}` as MessageKey)}</span>
      {withinDeadline === false && (outcome === 'REMOVED' || outcome === 'GEO_BLOCKED') && <small className="muted"> ({t('takedown.late')})</small>}
    </>
  );
}

function Cases() {
  const { t, date } = useI18n();
  const [platform, setPlatform] = useSearchParam('platform');
  const [period, setPeriod] = useSearchParam('period');
  const [outcome, setOutcome] = useSearchParam('outcome');
  const [kind, setKind] = useSearchParam('kind');
  const [q, setQ] = useSearchParam('q');
  const [account, setAccount] = useSearchParam('account');
  const [offset, setOffset] = useSearchParam('offset');
  const platforms = usePlatforms();
  const query = useQuery({
    queryKey: ['takedown', 'cases', platform, period, outcome, kind, q, account, offset],
    queryFn: ({ signal }) =>
      api<{ total: number; items: TakedownCase[] }>('/api/takedown/cases', { query: { platform, period, outcome, violationKind: kind, q, account, limit: LIMIT, offset: offset || 0 }, signal }),
    placeholderData: keepPreviousData,
  });
  const year = new Date().getFullYear();
  const periods = [year, year - 1, year - 2, year - 3].flatMap((y) => [String(y), ...[1, 2, 3, 4].map((n) => `${y}Q${n}`)]);
  const { period: periodLabel } = useI18n();
  return (
    <>
      <div className="toolbar" role="search">
        <SelectField
          label={t('takedown.platform')}
          value={platform}
          onChange={(e) => {
            setPlatform(e.target.value || null);
            setOffset(null);
          }}
        >
          <option value="">{t('common.all')}</option>
          {platforms.data?.map((p) => (
            <option key={p.code} value={p.code}>
              {p.nameVi}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('takedown.period')}
          value={period}
          onChange={(e) => {
            setPeriod(e.target.value || null);
            setOffset(null);
          }}
        >
          <option value="">{t('common.all')}</option>
          {periods.map((p) => (
            <option key={p} value={p}>
              {periodLabel(p)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('takedown.outcome')}
          value={outcome}
          onChange={(e) => {
            setOutcome(e.target.value || null);
            setOffset(null);
          }}
        >
          <option value="">{t('common.all')}</option>
          {CASE_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`takedown.outcome.${o}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('takedown.kind')}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value || null);
            setOffset(null);
          }}
        >
          <option value="">{t('common.all')}</option>
          {VIOLATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`takedown.kind.${k}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label htmlFor="takedown-q">{t('takedown.search')}</label>
          <input
            id="takedown-q"
            type="search"
            defaultValue={q}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                setQ((e.target as HTMLInputElement).value || null);
                setOffset(null);
              }
            }}
          />
        </div>
      </div>
      {account && (
        <p className="filter-chip">
          {t('takedown.accountFilter', { account })}{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setAccount(null);
              setOffset(null);
            }}
          >
            {t('takedown.clearFilter')}
          </button>
        </p>
      )}
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('takedown.empty')}>
        {(data) => (
          <>
            <p className="muted">{t('takedown.count', { n: data.total })}</p>
            <div className="table-wrap">
              <table className="takedown-cases">
                <thead>
                  <tr>
                    <th>{t('takedown.url')}</th>
                    <th>{t('takedown.platform')}</th>
                    <th className="hide-phone">{t('takedown.account')}</th>
                    <th className="hide-phone">{t('takedown.kind')}</th>
                    <th>{t('takedown.sentAt')}</th>
                    <th>{t('takedown.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id} data-case={c.id}>
                      <td className="url-cell">
                        <Link to={`/takedown/batches/${c.batchId}?case=${c.id}`}>{c.url.replace(/^https?:\/\/(www\.)?/, '')}</Link>
                      </td>
                      <td>{c.platformName}</td>
                      <td className="hide-phone">{c.account ?? '–'}</td>
                      <td className="hide-phone">{t(`takedown.kind.${c.violationKind}` as MessageKey)}</td>
                      <td>{date(c.sentAt, true)}</td>
                      <td>
                        <OutcomeBadge outcome={c.outcome} withinDeadline={c.withinDeadline} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={LIMIT} offset={Number(offset || 0)} onChange={(o) => setOffset(o ? String(o) : null)} />
          </>
        )}
      </QueryView>
    </>
  );
}

function Batches() {
  const { t, date } = useI18n();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const [platform, setPlatform] = useSearchParam('platform');
  const platforms = usePlatforms();
  const query = useQuery({
    queryKey: ['takedown', 'batches', platform],
    queryFn: ({ signal }) => api<{ items: TakedownBatch[] }>('/api/takedown/batches', { query: { platform, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
  const { num } = useI18n();
  return (
    <>
      <div className="toolbar">
        <SelectField label={t('takedown.platform')} value={platform} onChange={(e) => setPlatform(e.target.value || null)}>
          <option value="">{t('common.all')}</option>
          {platforms.data?.map((p) => (
            <option key={p.code} value={p.code}>
              {p.nameVi}
            </option>
          ))}
        </SelectField>
        {can('takedown.write') && (
          <div className="toolbar-end">
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              + {t('takedown.newBatch')}
            </button>
          </div>
        )}
      </div>
      {creating && <BatchDialog onClose={() => setCreating(false)} onCreated={(b) => navigate(`/takedown/batches/${b.id}`)} />}
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('takedown.empty')}>
        {(data) => (
          <div className="table-wrap">
            <table className="takedown-batches">
              <thead>
                <tr>
                  <th>{t('takedown.letter')}</th>
                  <th>{t('takedown.platform')}</th>
                  <th>{t('takedown.sentAt')}</th>
                  <th className="num">{t('takedown.items')}</th>
                  <th className="num">{t('takedown.rate.removed')}</th>
                  <th className="num hide-phone">{t('takedown.rate.withinDeadline')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/takedown/batches/${b.id}`}>{b.letterNumber}</Link>
                    </td>
                    <td>{b.platform.nameVi}</td>
                    <td>{date(b.sentAt, true)}</td>
                    <td className="num">{num(b.score.requests)}</td>
                    <td className="num">{b.score.rates.removed === null ? '–' : `${num(b.score.rates.removed, 1)} %`}</td>
                    <td className="num hide-phone">{b.score.rates.withinDeadline === null ? '–' : `${num(b.score.rates.withinDeadline, 1)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}

function Scorecard() {
  const { t, num, period } = useI18n();
  const [yearParam, setYear] = useSearchParam('year');
  const [by, setBy] = useSearchParam('by');
  const year = yearParam || String(new Date().getFullYear() - 1);
  const query = useQuery({
    queryKey: ['takedown', 'scorecard', year, by],
    queryFn: ({ signal }) => api<TakedownScorecard>('/api/takedown/scorecard', { query: { year, by: by || 'QUARTER' }, signal }),
    placeholderData: keepPreviousData,
  });
  const pct = (v: number | null) => (v === null ? '–' : `${num(v, 1)} %`);
  const cells = (s: TakedownScore) => (
    <>
      <td className="num">{num(s.requests)}</td>
      <td className="num strong">{pct(s.rates.removed)}</td>
      <td className="num">{pct(s.rates.geoBlocked)}</td>
      <td className="num">{pct(s.rates.refused)}</td>
      <td className="num">{pct(s.rates.noAnswer)}</td>
      <td className="num">{pct(s.rates.withinDeadline)}</td>
    </>
  );
  const thisYear = new Date().getFullYear();
  return (
    <>
      <div className="toolbar">
        <SelectField label={t('takedown.year')} value={year} onChange={(e) => setYear(e.target.value)}>
          {Array.from({ length: 6 }, (_, i) => String(thisYear - i)).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('takedown.by')} value={by || 'QUARTER'} onChange={(e) => setBy(e.target.value === 'QUARTER' ? null : e.target.value)}>
          <option value="QUARTER">{t('takedown.by.QUARTER')}</option>
          <option value="MONTH">{t('takedown.by.MONTH')}</option>
        </SelectField>
      </div>
      <p className="muted">{t('takedown.scorecard.help')}</p>
      <QueryView query={query} isEmpty={(d) => d.platforms.length === 0} empty={t('takedown.empty')}>
        {(data) => (
          <div className="table-wrap">
            <table className="scorecard takedown-scorecard">
              <thead>
                <tr>
                  <th>{t('takedown.platform')}</th>
                  <th>{t('takedown.period')}</th>
                  <th className="num">{t('takedown.items')}</th>
                  <th className="num">{t('takedown.rate.removed')}</th>
                  <th className="num">{t('takedown.rate.geoBlocked')}</th>
                  <th className="num">{t('takedown.rate.refused')}</th>
                  <th className="num">{t('takedown.rate.noAnswer')}</th>
                  <th className="num">{t('takedown.rate.withinDeadline')}</th>
                </tr>
              </thead>
              {data.platforms.map((p) => (
                <tbody key={p.code} data-platform={p.code}>
                  {p.periods
                    .filter((x) => x.requests > 0)
                    .map((x) => (
                      <tr key={x.period}>
                        <th scope="row">{p.nameVi}</th>
                        <td>
                          <Link to={`/takedown?platform=${p.code}&period=${x.period}`}>{period(x.period)}</Link>
                        </td>
                        {cells(x)}
                      </tr>
                    ))}
                  <tr className="subtotal">
                    <th scope="row">{p.nameVi}</th>
                    <td>{t('takedown.yearTotal', { year: data.year })}</td>
                    {cells(p.year)}
                  </tr>
                </tbody>
              ))}
              <tfoot>
                <tr>
                  <th scope="row">{t('takedown.allPlatforms')}</th>
                  <td>{t('takedown.yearTotal', { year: data.year })}</td>
                  {cells(data.total.year)}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}

export default function TakedownPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [tab, setTab] = useSearchParam('tab');
  const tabs = [
    { key: null, label: t('takedown.tab.cases') },
    { key: 'batches', label: t('takedown.tab.batches') },
    { key: 'scorecard', label: t('takedown.tab.scorecard') },
    { key: 'offenders', label: t('takedown.tab.offenders') },
    ...(can('takedown.write') ? [{ key: 'import', label: t('takedown.tab.import') }] : []),
  ];
  const current = tab || null;
  return (
    <section>
      <PageHeader title={t('takedown.title')} intro={t('takedown.intro')} />
      <div className="tabs takedown-tabs" role="tablist">
        {tabs.map((x) => (
          <button key={x.key ?? 'cases'} type="button" role="tab" aria-selected={current === x.key} className={current === x.key ? 'active' : ''} onClick={() => setTab(x.key)}>
            {x.label}
          </button>
        ))}
      </div>
      {current === 'scorecard' ? (
        <Scorecard />
      ) : current === 'batches' ? (
        <Batches />
      ) : current === 'offenders' ? (
        <TakedownOffenders />
      ) : current === 'import' && can('takedown.write') ? (
        <TakedownImport />
      ) : (
        <Cases />
      )}
    </section>
  );
}
