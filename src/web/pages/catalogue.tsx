import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { Wire } from '../../core/contract.ts';
import { isTextType } from '../../core/value-types.ts';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { Field, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { catalogueLink, groupCatalogue, type CatalogueEntry } from '../lib/catalogue.ts';
import { useSectors } from '../lib/use-sectors.ts';
import { Link, useSearchParam } from '../router.tsx';
import type { dataElementPage } from '../../server/modules/metadata/schema.ts';

type Indicator = Wire<typeof indicatorSchema>;

/** Every indicator and data element, by sector, searchable without diacritics, each leading to its figures. */
export default function CataloguePage() {
  const { t, lang } = useI18n();
  const [q, setQ] = useSearchParam('q');
  const sectors = useSectors();
  const indicators = useQuery({ queryKey: ['indicators', 'all'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }) });
  const elements = useQuery({ queryKey: ['dataElements', 'all'], queryFn: ({ signal }) => api<Wire<typeof dataElementPage>>('/api/dataElements', { query: { limit: 1000 }, signal }) });
  const textCodes = useMemo(() => new Set((elements.data?.items ?? []).filter((e) => isTextType(e.valueType)).map((e) => e.code)), [elements.data]);
  const entries = useMemo<CatalogueEntry[]>(
    () => [
      ...(indicators.data ?? []).map((i) => ({ kind: 'INDICATOR' as const, code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, sectorCode: i.sectorCode, unit: i.unit, extra: i.description })),
      ...(elements.data?.items ?? []).map((e) => ({ kind: 'ELEMENT' as const, code: e.code, nameVi: e.nameVi, nameEn: e.nameEn, sectorCode: e.sectorCode, unit: e.unit })),
    ],
    [indicators.data, elements.data],
  );
  const groups = useMemo(() => groupCatalogue(entries, q, sectors.nameOf, t('catalogue.noSector'), lang), [entries, q, sectors.nameOf, t, lang]);
  const count = groups.reduce((n, g) => n + g.entries.length, 0);
  const error = indicators.error ?? elements.error;
  return (
    <section className="catalogue">
      <PageHeader title={t('catalogue.title')} intro={t('catalogue.intro')}>
        <Link className="btn btn-primary" to="/analysis">
          {t('analysis.open')}
        </Link>
      </PageHeader>
      <div className="toolbar" role="search">
        <Field label={t('catalogue.search')} hint={t('common.searchHint')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <p className="muted small" aria-live="polite" data-catalogue-count={count}>
          {t('catalogue.count', { count })}
        </p>
      </div>
      {error ? (
        <ErrorState error={error} />
      ) : indicators.isLoading || elements.isLoading ? (
        <Loading />
      ) : count === 0 ? (
        <EmptyState>{t('catalogue.none')}</EmptyState>
      ) : (
        groups.map((g) => (
          <section key={g.sectorCode ?? '-'} className="card catalogue-sector" aria-labelledby={`sector-${g.sectorCode ?? 'none'}`}>
            <h2 id={`sector-${g.sectorCode ?? 'none'}`}>{g.name}</h2>
            <ul className="catalogue-list">
              {g.entries.map((e) => {
                const name = lang === 'en' && e.nameEn ? e.nameEn : e.nameVi;
                const isText = e.kind === 'ELEMENT' && textCodes.has(e.code);
                return (
                  <li key={`${e.kind}:${e.code}`} data-entry={e.code} data-kind={e.kind}>
                    <span className={`badge ${e.kind === 'INDICATOR' ? 'badge-info' : ''}`}>{t(e.kind === 'INDICATOR' ? 'catalogue.indicator' : 'catalogue.element')}</span>{' '}
                    {isText ? <span>{name}</span> : <Link to={catalogueLink(e)}>{name}</Link>}
                    {e.unit && <span className="muted small"> · {e.unit}</span>}
                    {isText ? (
                      <span className="muted small"> · {t('catalogue.textNote')}</span>
                    ) : (
                      e.kind === 'INDICATOR' && (
                        <>
                          {' '}
                          <Link className="small catalogue-analyse" to={`/analysis?dx=${encodeURIComponent(e.code)}`} aria-label={`${t('catalogue.analyse')}: ${name}`}>
                            {t('catalogue.analyse')}
                          </Link>
                        </>
                      )
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}
