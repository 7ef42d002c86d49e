import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { orgUnitDetailSchema, orgUnitPageSchema } from '../../server/modules/org-units/schema.ts';
import { useAuth } from '../auth.tsx';
import { OrgUnitTree } from '../components/org-unit-tree.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, Notice, PageHeader, Pager } from '../components/ui.tsx';
import { useI18n, type Lang } from '../i18n/index.tsx';
import { useSearchParam } from '../router.tsx';
import { UnitActions, unitTypeLabel } from './org-unit-actions.tsx';
import { OrgUnitGroups } from './org-unit-groups.tsx';

type OrgUnitDetail = Wire<typeof orgUnitDetailSchema>;

const LIMIT = 100;

export function unitName(unit: { nameVi: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && unit.nameEn ? unit.nameEn : unit.nameVi;
}

interface ImportSummary {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  moved: number;
  lineage: number;
}

function ImportCsv({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api<ImportSummary>('/api/orgUnits/import', { method: 'POST', query: { dryRun: dryRun ? 'true' : undefined }, body: text ?? '', headers: { 'Content-Type': 'text/csv' } }),
    onSuccess: (summary) => {
      if (!summary.dryRun) void queryClient.invalidateQueries({ queryKey: ['orgUnits'] });
    },
  });
  const summary = run.data;
  return (
    <div>
      <p className="muted">{t('orgUnits.importHelp')}</p>
      <div className="field">
        <label htmlFor="org-csv">{t('orgUnits.file')}</label>
        <input
          id="org-csv"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            run.reset();
            setFileName(file?.name ?? '');
            setText(file ? await file.text() : null);
          }}
        />
      </div>
      {run.error && <FormError error={run.error} />}
      {summary && (
        <Notice kind={summary.dryRun ? 'warn' : 'ok'}>
          {summary.dryRun ? `${fileName}: ${t('orgUnits.checked')}` : t('orgUnits.importDone', { count: summary.created + summary.updated })}{' '}
          {t('orgUnits.summary', { rows: summary.rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, moved: summary.moved })}
        </Notice>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('common.close')}
        </button>
        <button type="button" className="btn" disabled={!text || run.isPending} onClick={() => run.mutate(true)}>
          {t('orgUnits.check')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!text || run.isPending || Boolean(summary && !summary.dryRun)} onClick={() => run.mutate(false)}>
          {t('orgUnits.upload')}
        </button>
      </div>
    </div>
  );
}

function UnitDetail({ code, onSelect }: { code: string; onSelect: (code: string) => void }) {
  const { t, lang, date } = useI18n();
  const { can } = useAuth();
  const [saved, setSaved] = useState(false);
  const detail = useQuery({ queryKey: ['orgUnits', 'detail', code, lang], queryFn: ({ signal }) => api<OrgUnitDetail>(`/api/orgUnits/${encodeURIComponent(code)}`, { signal }) });
  const children = useQuery({
    queryKey: ['orgUnits', 'children', code],
    queryFn: ({ signal }) => api<Wire<typeof orgUnitPageSchema>>('/api/orgUnits', { query: { parent: code, includeClosed: 'true', limit: 500 }, signal }),
  });
  return (
    <QueryView query={detail}>
      {(unit) => (
        <article className="card unit-detail" aria-live="polite">
          <nav aria-label={t('orgUnits.path')} className="breadcrumb">
            {unit.ancestors.map((a) => (
              <span key={a.id}>
                <button type="button" className="link" onClick={() => onSelect(a.code)}>
                  {a.nameVi}
                </button>{' '}
                ›{' '}
              </span>
            ))}
          </nav>
          <h2>{unitName(unit, lang)}</h2>
          {saved && <Notice>{t('orgUnits.changed')}</Notice>}
          {can('orgunit.write') && (
            <UnitActions
              unit={unit}
              onChanged={(changed) => {
                setSaved(true);
                onSelect(changed);
              }}
            />
          )}
          <dl className="props">
            <dt>{t('common.code')}</dt>
            <dd>
              <code>{unit.code}</code>
            </dd>
            <dt>{t('orgUnits.level')}</dt>
            <dd>{unit.level}</dd>
            <dt>{t('orgUnits.type')}</dt>
            <dd>{unitTypeLabel(unit.type, t)}</dd>
            <dt>{t('common.status')}</dt>
            <dd>
              {unit.closingDate ? (
                <span className="badge badge-bad">
                  {t('orgUnits.closed')} {date(unit.closingDate)}
                </span>
              ) : (
                <span className="badge badge-ok">{t('orgUnits.open')}</span>
              )}
              {unit.openingDate && <span className="muted small"> · {date(unit.openingDate)}</span>}
            </dd>
            {unit.groups.length > 0 && (
              <>
                <dt>{t('orgUnits.groups')}</dt>
                <dd>{unit.groups.map((g) => unitName(g, lang)).join(', ')}</dd>
              </>
            )}
          </dl>
          {(unit.lineage.predecessors.length > 0 || unit.lineage.successors.length > 0) && (
            <section>
              <h3>{t('orgUnits.lineage')}</h3>
              <ul className="lineage">
                {unit.lineage.successors.map((e, i) => (
                  <li key={`s${i}`}>
                    {t('orgUnits.mergedInto')}{' '}
                    <button type="button" className="link" onClick={() => onSelect(e.unit.code)}>
                      {e.unit.nameVi}
                    </button>{' '}
                    <span className="muted">
                      ({e.kind}, {t('orgUnits.effective')} {date(e.effectiveDate)})
                    </span>
                  </li>
                ))}
                {unit.lineage.predecessors.length > 0 && (
                  <li>
                    {t('orgUnits.predecessors')}:{' '}
                    {unit.lineage.predecessors.map((e, i) => (
                      <span key={`p${i}`}>
                        {i > 0 && ', '}
                        <button type="button" className="link" onClick={() => onSelect(e.unit.code)}>
                          {e.unit.nameVi}
                        </button>
                      </span>
                    ))}{' '}
                    <span className="muted">
                      ({t('orgUnits.effective')} {date(unit.lineage.predecessors[0].effectiveDate)})
                    </span>
                  </li>
                )}
              </ul>
            </section>
          )}
          <section>
            <h3>
              {t('orgUnits.children')} ({unit.childrenCount})
            </h3>
            <QueryView query={children} isEmpty={(d) => d.items.length === 0} empty={t('common.none')}>
              {(page) => (
                <ul className="child-list">
                  {page.items.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="link" onClick={() => onSelect(c.code)}>
                        {unitName(c, lang)}
                      </button>{' '}
                      <span className="muted small">{c.code}</span>
                      {c.closingDate && <span className="badge badge-bad small"> {t('orgUnits.closed')}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </QueryView>
          </section>
        </article>
      )}
    </QueryView>
  );
}

export default function OrgUnitsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useSearchParam('q');
  const [selected, setSelected] = useSearchParam('unit');
  const [includeClosed, setIncludeClosed] = useSearchParam('closed');
  const [offset, setOffset] = useState(0);
  const [importing, setImporting] = useState(false);
  const [tab, setTab] = useSearchParam('tab');
  // Without a search the hierarchy shows as a tree; a search lists the units found.
  const list = useQuery({
    queryKey: ['orgUnits', 'list', q, includeClosed, offset, lang],
    queryFn: ({ signal }) => api<Wire<typeof orgUnitPageSchema>>('/api/orgUnits', { query: { q, includeClosed: includeClosed ? 'true' : undefined, limit: LIMIT, offset }, signal }),
    placeholderData: keepPreviousData,
    enabled: Boolean(q),
  });
  // The selected unit's ancestors start open in the tree, so a unit opened by its address is in view.
  const selectedDetail = useQuery({
    queryKey: ['orgUnits', 'detail', selected, lang],
    queryFn: ({ signal }) => api<OrgUnitDetail>(`/api/orgUnits/${encodeURIComponent(selected)}`, { signal }),
    enabled: Boolean(selected),
  });
  const openPath = useMemo(() => new Set((selectedDetail.data?.ancestors ?? []).map((a) => a.code)), [selectedDetail.data]);
  return (
    <section>
      <PageHeader title={t('orgUnits.title')}>
        <a className="btn" href="/api/orgUnits/export?format=csv" download>
          {t('common.download')} CSV
        </a>
        {can('orgunit.write') && (
          <button type="button" className="btn btn-primary" onClick={() => setImporting(true)}>
            {t('orgUnits.import')}
          </button>
        )}
      </PageHeader>
      <div className="tabs" role="tablist" aria-label={t('orgUnits.title')}>
        <button type="button" role="tab" aria-selected={tab !== 'groups'} className={tab !== 'groups' ? 'active' : ''} onClick={() => setTab(null)}>
          {t('orgUnits.tab')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'groups'} className={tab === 'groups' ? 'active' : ''} onClick={() => setTab('groups')}>
          {t('groups.tab')}
        </button>
      </div>
      {tab === 'groups' ? (
        <OrgUnitGroups />
      ) : (
        <div className="split">
          <div>
            <div className="toolbar" role="search">
              <Field
                label={t('orgUnits.search')}
                hint={t('common.searchHint')}
                type="search"
                value={q}
                onChange={(e) => {
                  setQ(e.target.value);
                  setOffset(0);
                }}
              />
              <label className="check">
                <input type="checkbox" checked={Boolean(includeClosed)} onChange={(e) => setIncludeClosed(e.target.checked ? '1' : null)} /> {t('orgUnits.includeClosed')}
              </label>
            </div>
            {!q ? (
              <OrgUnitTree selected={selected || null} onSelect={setSelected} includeClosed={Boolean(includeClosed)} openPath={openPath} />
            ) : (
              <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('orgUnits.empty')}>
                {(page) => (
                  <>
                    <ul className="unit-list" aria-label={t('orgUnits.title')}>
                      {page.items.map((u) => (
                        <li key={u.id}>
                          <button type="button" className={`unit-item${selected === u.code ? ' selected' : ''}`} aria-pressed={selected === u.code} onClick={() => setSelected(u.code)}>
                            <span>{unitName(u, lang)}</span>
                            <span className="muted small">
                              {u.code} · {t('orgUnits.level')} {u.level}
                              {u.closingDate ? ` · ${t('orgUnits.closed')}` : ''}
                            </span>
                          </button>
                        </li>
                      ))}
                    </ul>
                    <Pager total={page.total} limit={LIMIT} offset={offset} onChange={setOffset} />
                  </>
                )}
              </QueryView>
            )}
          </div>
          <div>{selected ? <UnitDetail code={selected} onSelect={setSelected} /> : <div className="state state-empty">{t('orgUnits.select')}</div>}</div>
        </div>
      )}
      <Dialog title={t('orgUnits.import')} open={importing} onClose={() => setImporting(false)}>
        <ImportCsv onDone={() => setImporting(false)} />
      </Dialog>
    </section>
  );
}
