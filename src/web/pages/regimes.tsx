import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { regimePeriodSchema, regimeSchema } from '../../server/modules/regimes/schema.ts';
import { QueryView } from '../components/states.tsx';
import { PageHeader } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, useSearchParam } from '../router.tsx';

type PeriodView = Wire<typeof regimePeriodSchema>;
type Regime = Wire<typeof regimeSchema>;

/** Who reports: levels and groups in words, units by code; a long list is cut with its count. */
function assignmentText(regime: Regime, t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  const items = (regime.assignments ?? []).map((a) => (a.orgUnit ? a.orgUnit : a.level !== null ? t('regimes.level', { level: a.level }) : t('regimes.group', { group: a.group ?? '' })));
  if (items.length === 0) return '–';
  return items.length > 12 ? `${items.slice(0, 12).join(', ')} … (${items.length})` : items.join(', ');
}

function RegimeDetail({ regime }: { regime: Regime }) {
  const { t, lang, date } = useI18n();
  const periods = useQuery({
    queryKey: ['regimes', regime.code, 'periods', 6],
    queryFn: ({ signal }) => api<{ today: string; items: PeriodView[] }>(`/api/regimes/${encodeURIComponent(regime.code)}/periods`, { query: { past: 6 }, signal }),
  });
  const name = (x: { nameVi: string; nameEn?: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.nameVi);
  return (
    <article className="card">
      <h2>{name(regime)}</h2>
      <dl className="props">
        <dt>{t('common.code')}</dt>
        <dd>
          <code>{regime.code}</code>
        </dd>
        {regime.legalBasis && (
          <>
            <dt>{t('regimes.legalBasis')}</dt>
            <dd>{regime.legalBasis}</dd>
          </>
        )}
        {regime.content && (
          <>
            <dt>{t('regimes.content')}</dt>
            <dd>{regime.content}</dd>
          </>
        )}
        <dt>{t('regimes.frequency')}</dt>
        <dd>{t(`period.${regime.periodType}` as MessageKey)}</dd>
        <dt>{t('regimes.cutoff')}</dt>
        <dd>{t(`regimes.cutoff.${regime.cutoffRule}` as MessageKey)}</dd>
        <dt>{t('regimes.deadline')}</dt>
        <dd>{t('regimes.deadlineDays', { days: regime.deadlineDays })}</dd>
        <dt>{t('regimes.lock')}</dt>
        <dd>{regime.lockAfterDays === null ? t('regimes.never') : t('regimes.lockDays', { days: regime.lockAfterDays })}</dd>
        <dt>{t('regimes.receiver')}</dt>
        <dd>{regime.receivingOrgUnit?.nameVi ?? '–'}</dd>
        <dt>{t('regimes.reporters')}</dt>
        <dd>{assignmentText(regime, t)}</dd>
      </dl>
      <section>
        <h3>{t('regimes.preview')}</h3>
        <QueryView query={periods}>
          {(data) => (
            <ul className="period-preview">
              {[...data.items].reverse().map((p) => (
                <li key={p.id}>
                  {p.window
                    ? t('regimes.previewLine', { period: lang === 'vi' ? p.labelVi : p.labelEn, start: date(p.window.startDate), end: date(p.window.endDate), due: p.dueDate ? date(p.dueDate) : '–' })
                    : lang === 'vi'
                      ? p.labelVi
                      : p.labelEn}
                  {p.isCurrent && <span className="badge badge-info"> {t('regimes.current')}</span>}
                  {p.isLocked && <span className="badge"> {t('regimes.locked')}</span>}
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
      <section>
        <h3>{t('regimes.form')}</h3>
        {regime.sections.map((s) => (
          <div key={s.code} className="form-section-preview">
            <strong>{name(s)}</strong>
            <ul>
              {s.elements.map((e) => (
                <li key={e.code}>
                  {name(e)}{' '}
                  <span className="muted small">
                    ({e.code}
                    {e.unit ? ` · ${e.unit}` : ''})
                  </span>
                  {e.isCompulsory && <span className="req"> *</span>}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      <p>
        <Link to={`/data-entry?regime=${encodeURIComponent(regime.code)}`} className="btn">
          {t('nav.dataEntry')}
        </Link>{' '}
        <Link to={`/completeness?regime=${encodeURIComponent(regime.code)}`} className="btn">
          {t('nav.completeness')}
        </Link>
      </p>
    </article>
  );
}

export default function RegimesPage() {
  const { t, lang } = useI18n();
  const [selected, setSelected] = useSearchParam('regime');
  const regimes = useQuery({ queryKey: ['regimes', lang], queryFn: ({ signal }) => api<Regime[]>('/api/regimes', { signal }) });
  return (
    <section>
      <PageHeader title={t('regimes.title')} intro={t('regimes.intro')} />
      <QueryView query={regimes} isEmpty={(d) => d.length === 0}>
        {(list) => {
          const current = list.find((r) => r.code === selected) ?? list[0];
          return (
            <div className="split">
              <ul className="unit-list" aria-label={t('regimes.title')}>
                {list.map((r) => (
                  <li key={r.code}>
                    <button type="button" className={`unit-item${current.code === r.code ? ' selected' : ''}`} aria-pressed={current.code === r.code} onClick={() => setSelected(r.code)}>
                      <span>{lang === 'en' && r.nameEn ? r.nameEn : r.nameVi}</span>
                      <span className="muted small">
                        {r.code} · {t(`period.${r.periodType}` as MessageKey)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              <RegimeDetail key={current.code} regime={current} />
            </div>
          );
        }}
      </QueryView>
    </section>
  );
}
