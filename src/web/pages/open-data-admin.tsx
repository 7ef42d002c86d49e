import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import { tryParsePeriod } from '../../core/periods.ts';
import { isTextType } from '../../core/value-types.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { dataElementPage } from '../../server/modules/metadata/schema.ts';
import type { datasetListSchema, datasetSchema, releaseHistorySchema, releaseSchema } from '../../server/modules/opendata/schema.ts';
import { useAuth } from '../auth.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, FormActions, Notice, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { matchesSearch } from '../lib/search.ts';
import { useSectors } from '../lib/use-sectors.ts';
import { Link } from '../router.tsx';

// Administration of open data: the datasets (what is published, at which levels, under which licence) and their
// release calendar (announce, freeze and approve, publish, cancel). Each action needs its own permission; the
// server checks it again at the dataset's publisher.

type Dataset = Wire<typeof datasetSchema>;
type Release = Wire<typeof releaseSchema>;
type ReleaseHistory = Wire<typeof releaseHistorySchema>;
type Indicator = Wire<typeof indicatorSchema>;

const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'ODC-BY-1.0'] as const;
const PERIOD_TYPES = ['MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
/** The levels a dataset may make public, named as the hierarchy names them. */
const LEVELS: { level: number; label: MessageKey }[] = [
  { level: 1, label: 'oda.level.1' },
  { level: 2, label: 'oda.level.2' },
  { level: 3, label: 'oda.level.3' },
];
const STATE_LABEL: Record<Release['status'], MessageKey> = {
  SCHEDULED: 'oda.state.SCHEDULED',
  FROZEN: 'oda.state.FROZEN',
  PUBLISHED: 'oda.state.PUBLISHED',
  CANCELLED: 'oda.state.CANCELLED',
};

/** A date and a time typed in Hanoi time, as an ISO instant (UTC+7, no daylight saving). */
export function hanoiInstant(day: string, time: string): string {
  return `${day}T${time.length === 5 ? `${time}:00` : time}+07:00`;
}

function TextArea({ label, value, onChange, error, hint }: { label: string; value: string; onChange: (value: string) => void; error?: string; hint?: string }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={described} />
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** The first error the server gave at one of these fields (items[3] counts as items). */
function errorAtAny(error: unknown, fields: string[]): string | undefined {
  for (const f of fields) {
    const hit = fieldError(error, f);
    if (hit) return hit;
  }
  const details = (error as { details?: { path: string; message: string }[] } | null)?.details ?? [];
  return details.find((d) => fields.some((f) => d.path.replace(/^body\./, '').startsWith(`${f}[`) || d.path.replace(/^body\./, '').startsWith(`${f}.`)))?.message;
}

function DatasetForm({ dataset, onDone }: { dataset: Dataset | null; onDone: (code: string) => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const sectors = useSectors();
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }) });
  const elements = useQuery({ queryKey: ['dataElements', 'all'], queryFn: ({ signal }) => api<Wire<typeof dataElementPage>>('/api/dataElements', { query: { limit: 1000 }, signal }) });
  const [f, setF] = useState({
    code: dataset?.code ?? '',
    titleVi: dataset?.titleVi ?? '',
    titleEn: dataset?.titleEn ?? '',
    descriptionVi: dataset?.descriptionVi ?? '',
    descriptionEn: dataset?.descriptionEn ?? '',
    keywords: (dataset?.keywords ?? []).join(', '),
    sector: dataset?.sector ?? '',
    publisher: dataset?.publisher ?? '',
    licence: dataset?.licence ?? 'CC-BY-4.0',
    periodType: dataset?.periodType ?? 'MONTHLY',
    firstPeriod: dataset?.firstPeriod ?? '',
    dataStatus: dataset?.dataStatus ?? 'APPROVED',
    belowCoverage: dataset?.belowCoverage ?? 'WITHHOLD',
  });
  const [levels, setLevels] = useState<number[]>(dataset?.levels ?? [1, 2]);
  const [items, setItems] = useState<string[]>(dataset?.items.map((i) => i.code) ?? []);
  const [itemSearch, setItemSearch] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (key: keyof typeof f) => (value: string) => setF((old) => ({ ...old, [key]: value }));
  const choices = useMemo(() => {
    const name = (x: { nameVi: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.nameVi);
    return [
      ...(indicators.data ?? []).map((i) => ({ code: i.code, name: name(i), kind: t('oda.kind.INDICATOR') })),
      ...(elements.data?.items ?? []).filter((e) => !isTextType(e.valueType)).map((e) => ({ code: e.code, name: name(e), kind: t('oda.kind.DATA_ELEMENT') })),
    ];
  }, [indicators.data, elements.data, lang, t]);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        titleVi: f.titleVi.trim(),
        titleEn: f.titleEn.trim(),
        descriptionVi: f.descriptionVi.trim(),
        descriptionEn: f.descriptionEn.trim(),
        keywords: f.keywords
          .split(/[,;]/)
          .map((k) => k.trim())
          .filter(Boolean),
        sector: f.sector || null,
        publisher: f.publisher,
        licence: f.licence,
        periodType: f.periodType,
        firstPeriod: f.firstPeriod.trim(),
        levels,
        items,
        dataStatus: f.dataStatus,
        belowCoverage: f.belowCoverage,
      };
      if (dataset) return api<Dataset>(`/api/opendata/datasets/${encodeURIComponent(dataset.code)}`, { method: 'PATCH', body });
      return api<Dataset>('/api/opendata/datasets', { method: 'POST', body: { code: f.code.trim(), ...body } });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['opendata-admin'] });
      onDone(saved.code);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!dataset && !f.code.trim()) problems.code = t('oda.err.required');
    for (const key of ['titleVi', 'titleEn', 'descriptionVi', 'descriptionEn'] as const) if (!f[key].trim()) problems[key] = t('oda.err.required');
    if (!f.publisher) problems.publisher = t('oda.err.publisher');
    const first = tryParsePeriod(f.firstPeriod.trim());
    if (!first) problems.firstPeriod = t('oda.err.period');
    else if (first.type !== f.periodType) problems.firstPeriod = t('oda.err.periodType');
    if (levels.length === 0) problems.levels = t('oda.err.levels');
    if (items.length === 0) problems.items = t('oda.err.items');
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const err = save.error;
  const at = (field: string) => local[field] ?? errorAtAny(err, [field]);
  const shown = choices.filter((c) => items.includes(c.code) || matchesSearch([c.code, c.name], itemSearch));
  return (
    <form onSubmit={submit} noValidate className="od-admin-form">
      {!dataset && <Field label={t('oda.code')} hint={t('oda.codeHint')} value={f.code} onChange={(e) => set('code')(e.target.value)} error={at('code')} required />}
      <div className="grid grid-2">
        <Field label={t('oda.titleVi')} value={f.titleVi} onChange={(e) => set('titleVi')(e.target.value)} error={at('titleVi')} required />
        <Field label={t('oda.titleEn')} value={f.titleEn} onChange={(e) => set('titleEn')(e.target.value)} error={at('titleEn')} required />
        <TextArea label={t('oda.descriptionVi')} value={f.descriptionVi} onChange={set('descriptionVi')} error={at('descriptionVi')} />
        <TextArea label={t('oda.descriptionEn')} value={f.descriptionEn} onChange={set('descriptionEn')} error={at('descriptionEn')} />
      </div>
      <Field label={`${t('oda.keywords')} ${t('common.optional')}`} hint={t('oda.keywordsHint')} value={f.keywords} onChange={(e) => set('keywords')(e.target.value)} error={at('keywords')} />
      <div className="grid grid-2">
        <SelectField label={`${t('od.sector')} ${t('common.optional')}`} value={f.sector} onChange={(e) => set('sector')(e.target.value)} error={at('sector')}>
          <option value="">{t('oda.noSector')}</option>
          {sectors.list.map((s) => (
            <option key={s.code} value={s.code}>
              {lang === 'en' && s.nameEn ? s.nameEn : s.nameVi}
            </option>
          ))}
        </SelectField>
        <OrgUnitPicker label={t('od.publisher')} value={f.publisher} onChange={set('publisher')} error={at('publisher')} required />
        <SelectField label={t('od.licence')} value={f.licence} onChange={(e) => set('licence')(e.target.value)} error={at('licence')}>
          {LICENCES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('oda.periodType')} value={f.periodType} onChange={(e) => set('periodType')(e.target.value)} error={at('periodType')}>
          {PERIOD_TYPES.map((p) => (
            <option key={p} value={p}>
              {t(`oda.periodType.${p}`)}
            </option>
          ))}
        </SelectField>
        <Field label={t('oda.firstPeriod')} hint={t('oda.periodHint')} value={f.firstPeriod} onChange={(e) => set('firstPeriod')(e.target.value)} error={at('firstPeriod')} required />
        <SelectField label={t('oda.dataStatus')} value={f.dataStatus} onChange={(e) => set('dataStatus')(e.target.value)} error={at('dataStatus')}>
          <option value="APPROVED">{t('oda.dataStatus.APPROVED')}</option>
          <option value="SUBMITTED">{t('oda.dataStatus.SUBMITTED')}</option>
        </SelectField>
        <SelectField label={t('oda.belowCoverage')} value={f.belowCoverage} onChange={(e) => set('belowCoverage')(e.target.value)} error={at('belowCoverage')}>
          <option value="WITHHOLD">{t('oda.belowCoverage.WITHHOLD')}</option>
          <option value="PROVISIONAL">{t('oda.belowCoverage.PROVISIONAL')}</option>
        </SelectField>
      </div>
      <fieldset className={`field od-levels${at('levels') ? ' has-error' : ''}`} aria-describedby={at('levels') ? 'od-levels-error' : undefined}>
        <legend>{t('oda.levels')}</legend>
        {LEVELS.map((l) => (
          <label key={l.level} className="checkbox">
            <input type="checkbox" checked={levels.includes(l.level)} onChange={(e) => setLevels((old) => (e.target.checked ? [...old, l.level].sort() : old.filter((x) => x !== l.level)))} />{' '}
            {t(l.label)}
          </label>
        ))}
        {at('levels') && (
          <small id="od-levels-error" className="field-error">
            {at('levels')}
          </small>
        )}
      </fieldset>
      <fieldset className={`field od-items${at('items') ? ' has-error' : ''}`} aria-describedby={at('items') ? 'od-items-error' : undefined}>
        <legend>
          {t('oda.items')} ({items.length})
        </legend>
        <Field label={t('oda.itemSearch')} type="search" value={itemSearch} onChange={(e) => setItemSearch(e.target.value)} />
        <div className="od-item-list">
          {shown.slice(0, 60).map((c) => (
            <label key={c.code} className="checkbox">
              <input type="checkbox" checked={items.includes(c.code)} onChange={(e) => setItems((old) => (e.target.checked ? [...old, c.code] : old.filter((x) => x !== c.code)))} /> {c.name}{' '}
              <span className="muted small">
                · {c.kind} · {c.code}
              </span>
            </label>
          ))}
        </div>
        {at('items') && (
          <small id="od-items-error" className="field-error">
            {at('items')}
          </small>
        )}
      </fieldset>
      {err && <FormError error={err} />}
      <FormActions onCancel={() => onDone('')} pending={save.isPending} />
    </form>
  );
}

function ReleaseForm({ dataset, onDone }: { dataset: Dataset; onDone: () => void }) {
  const { t, period } = useI18n();
  const queryClient = useQueryClient();
  const [day, setDay] = useState('');
  const [time, setTime] = useState('09:00');
  const [lastPeriod, setLastPeriod] = useState('');
  const [noteVi, setNoteVi] = useState('');
  const [noteEn, setNoteEn] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const revising = dataset.releases.some((r) => r.status === 'PUBLISHED');
  const save = useMutation({
    mutationFn: () =>
      api<Release>(`/api/opendata/datasets/${encodeURIComponent(dataset.code)}/releases`, {
        method: 'POST',
        body: { releaseAt: hanoiInstant(day, time), lastPeriod: lastPeriod.trim(), noteVi: noteVi.trim() || null, noteEn: noteEn.trim() || null },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['opendata-admin'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) problems.releaseAt = t('oda.err.day');
    else if (!/^\d{2}:\d{2}/.test(time)) problems.releaseAt = t('oda.err.time');
    if (!tryParsePeriod(lastPeriod.trim())) problems.lastPeriod = t('oda.err.period');
    if (noteVi.trim() && !noteEn.trim()) problems.noteEn = t('oda.err.noteBoth');
    if (noteEn.trim() && !noteVi.trim()) problems.noteVi = t('oda.err.noteBoth');
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const err = save.error;
  const at = (field: string) => local[field] ?? errorAtAny(err, [field]);
  const parsed = tryParsePeriod(lastPeriod.trim());
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{t('oda.releaseIntro')}</p>
      <div className="grid grid-2">
        <Field label={t('oda.releaseDay')} type="date" value={day} onChange={(e) => setDay(e.target.value)} error={at('releaseAt')} required />
        <Field label={t('oda.releaseTime')} type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
        <Field
          label={t('od.covers')}
          hint={`${t('oda.periodHint')}${parsed ? ` · ${period(lastPeriod.trim())}` : ''}`}
          value={lastPeriod}
          onChange={(e) => setLastPeriod(e.target.value)}
          error={at('lastPeriod')}
          required
        />
      </div>
      <TextArea
        label={`${t(revising ? 'oda.revisionNoteVi' : 'oda.noteVi')} ${t('common.optional')}`}
        hint={revising ? t('oda.revisionHint') : undefined}
        value={noteVi}
        onChange={setNoteVi}
        error={at('noteVi')}
      />
      <TextArea label={`${t(revising ? 'oda.revisionNoteEn' : 'oda.noteEn')} ${t('common.optional')}`} value={noteEn} onChange={setNoteEn} error={at('noteEn')} />
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={save.isPending} submitLabel={t('oda.announce')} />
    </form>
  );
}

/** One release of the calendar with the actions the caller may take on it. */
const STEP_LABEL: Record<ReleaseHistory['steps'][number]['step'], MessageKey> = {
  SCHEDULE: 'oda.step.SCHEDULE',
  FREEZE: 'oda.step.FREEZE',
  PUBLISH: 'oda.step.PUBLISH',
  CANCEL: 'oda.step.CANCEL',
};

/** A release's audit trail (who announced, froze, published or cancelled it, when), read when it is opened. */
function ReleaseHistoryDisclosure({ release }: { release: Release }) {
  const { t, date } = useI18n();
  const [opened, setOpened] = useState(false);
  const history = useQuery({
    queryKey: ['opendata-admin', 'release-history', release.id, release.status],
    queryFn: () => api<ReleaseHistory>(`/api/opendata/releases/${release.id}/history`),
    enabled: opened,
  });
  return (
    <details className="od-release-history small" onToggle={(e) => setOpened((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('oda.history')}</summary>
      {opened && (
        <QueryView query={history}>
          {(data) =>
            data.steps.length === 0 ? (
              <p className="muted">{t('oda.historyEmpty')}</p>
            ) : (
              <ol className="od-history-steps">
                {data.steps.map((s, i) => (
                  <li key={i} data-step={s.step}>
                    <strong>{t(STEP_LABEL[s.step])}</strong> · {date(s.at, true)} · {s.bySystem ? t('oda.bySystem') : s.byName && s.byName !== s.by ? `${s.byName} (${s.by ?? '–'})` : (s.by ?? '–')}
                  </li>
                ))}
              </ol>
            )
          }
        </QueryView>
      )}
    </details>
  );
}

function ReleaseRow({ release }: { release: Release }) {
  const { t, date, period } = useI18n();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'freeze' | 'publish' | 'cancel') => api<Release>(`/api/opendata/releases/${release.id}/${action}`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['opendata-admin'] }),
  });
  const open = release.status === 'SCHEDULED' || release.status === 'FROZEN';
  return (
    <tr data-release={release.id} data-status={release.status}>
      <td data-label={t('od.releaseAt')}>{date(release.releaseAt, true)}</td>
      <td data-label={t('od.covers')}>{period(release.lastPeriod)}</td>
      <td data-label={t('common.status')}>
        <span className={`od-state od-state-${release.status.toLowerCase()}`}>{t(STATE_LABEL[release.status])}</span>
        {release.status === 'PUBLISHED' && release.version !== null && <div className="muted small">{t('od.version', { version: release.version })}</div>}
        {release.frozenAt && release.status !== 'CANCELLED' && <div className="muted small">{t('oda.frozenBy', { date: date(release.frozenAt, true), by: release.frozenBy ?? '–' })}</div>}
        {release.revisedCount > 0 && <div className="muted small">{t('od.revised', { count: release.revisedCount })}</div>}
        <ReleaseHistoryDisclosure release={release} />
      </td>
      <td data-label={t('od.note')}>
        {release.noteVi ?? ''}
        {release.noteEn ? (
          <div className="muted small" lang="en">
            {release.noteEn}
          </div>
        ) : null}
      </td>
      <td data-label={t('common.actions')}>
        <div className="od-actions">
          {open && can('opendata.approve') && (
            <button type="button" className="btn btn-small" disabled={act.isPending} onClick={() => act.mutate('freeze')}>
              {t(release.status === 'FROZEN' ? 'oda.refreeze' : 'oda.freeze')}
            </button>
          )}
          {release.status === 'FROZEN' && can('opendata.publish') && (
            <button type="button" className="btn btn-small" disabled={act.isPending} onClick={() => act.mutate('publish')}>
              {t('oda.publishNow')}
            </button>
          )}
          {open && can('opendata.schedule') && (
            <button type="button" className="btn btn-small btn-danger" disabled={act.isPending} onClick={() => window.confirm(t('oda.cancelConfirm')) && act.mutate('cancel')}>
              {t('oda.cancel')}
            </button>
          )}
        </div>
        {act.error ? <FormError error={act.error} /> : null}
      </td>
    </tr>
  );
}

function DatasetCard({ dataset, onEdit, onAnnounce }: { dataset: Dataset; onEdit: () => void; onAnnounce: () => void }) {
  const { t, lang, period } = useI18n();
  const { can } = useAuth();
  const sectors = useSectors();
  const [showAll, setShowAll] = useState(false);
  const releases = [...dataset.releases].sort((a, b) => b.releaseAt.localeCompare(a.releaseAt));
  const upcoming = releases.filter((r) => r.status === 'SCHEDULED' || r.status === 'FROZEN');
  const rest = releases.filter((r) => !(r.status === 'SCHEDULED' || r.status === 'FROZEN'));
  const shown = showAll ? [...upcoming, ...rest] : [...upcoming, ...rest.slice(0, 3)];
  const published = releases.some((r) => r.status === 'PUBLISHED');
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<null>(`/api/opendata/datasets/${encodeURIComponent(dataset.code)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['opendata-admin'] }),
  });
  return (
    <li className="card od-admin-dataset" data-dataset={dataset.code}>
      <div className="card-head">
        <h2>
          {lang === 'en' ? dataset.titleEn : dataset.titleVi} <span className="muted small">· {dataset.code}</span>
        </h2>
        <div className="od-actions">
          {can('opendata.manage') && (
            <button type="button" className="btn btn-small" onClick={onEdit}>
              {t('common.edit')}
            </button>
          )}
          {can('opendata.schedule') && (
            <button type="button" className="btn btn-small btn-primary" onClick={onAnnounce}>
              {t('oda.announce')}
            </button>
          )}
          {can('opendata.manage') && !published && (
            <button type="button" className="btn btn-small btn-danger" disabled={remove.isPending} onClick={() => window.confirm(t('oda.deleteConfirm', { code: dataset.code })) && remove.mutate()}>
              {t('oda.delete')}
            </button>
          )}
        </div>
      </div>
      {remove.error ? <FormError error={remove.error} /> : null}
      {can('opendata.manage') && published && (
        <p className="muted small" data-testid="od-no-delete">
          {t('oda.noDeletePublished')}
        </p>
      )}
      <p className="muted small">
        {t('od.publisher')}: {dataset.publisherName} · {t('od.sector')}: {sectors.nameOf(dataset.sector) ?? dataset.sector ?? '–'} · {t('od.licence')}: {dataset.licence} ·{' '}
        {t(`oda.periodType.${dataset.periodType}`)} {t('oda.from')} {period(dataset.firstPeriod)} · {t('oda.levels')}:{' '}
        {dataset.levels.map((l) => t(LEVELS.find((x) => x.level === l)?.label ?? 'oda.level.3')).join(', ')}
      </p>
      <p className="small">{dataset.items.map((i) => (lang === 'en' && i.nameEn ? i.nameEn : i.nameVi)).join(' · ')}</p>
      {releases.some((r) => r.status === 'PUBLISHED') && (
        <p className="small">
          <Link to={`/du-lieu-mo/${encodeURIComponent(dataset.code)}`}>{t('oda.publicPage')}</Link>
        </p>
      )}
      <div className="table-wrap flat">
        <table className="od-calendar-admin">
          <caption>{t('od.calendar')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('od.releaseAt')}</th>
              <th scope="col">{t('od.covers')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('od.note')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  {t('oda.noReleases')}
                </td>
              </tr>
            ) : (
              shown.map((r) => <ReleaseRow key={r.id} release={r} />)
            )}
          </tbody>
        </table>
      </div>
      {rest.length > 3 && (
        <button type="button" className="btn btn-small" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? t('oda.showLess') : t('oda.showAll', { count: releases.length })}
        </button>
      )}
    </li>
  );
}

export default function OpenDataAdminPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [editing, setEditing] = useState<Dataset | 'new' | null>(null);
  const [announcing, setAnnouncing] = useState<Dataset | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['opendata-admin', 'datasets'], queryFn: ({ signal }) => api<Wire<typeof datasetListSchema>>('/api/opendata/datasets', { signal }) });
  return (
    <section>
      <PageHeader title={t('oda.title')} intro={t('oda.intro')}>
        {can('opendata.manage') && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            + {t('oda.new')}
          </button>
        )}
      </PageHeader>
      {saved && <Notice>{saved}</Notice>}
      <QueryView query={list} isEmpty={(d) => d.datasets.length === 0} empty={t('oda.empty')}>
        {(data) => (
          <ul className="dataset-list">
            {data.datasets.map((d) => (
              <DatasetCard key={d.code} dataset={d} onEdit={() => setEditing(d)} onAnnounce={() => setAnnouncing(d)} />
            ))}
          </ul>
        )}
      </QueryView>
      <Dialog title={editing === 'new' ? t('oda.new') : t('oda.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && (
          <DatasetForm
            key={editing === 'new' ? 'new' : editing.code}
            dataset={editing === 'new' ? null : editing}
            onDone={(code) => {
              if (code) setSaved(t('oda.saved', { code }));
              setEditing(null);
            }}
          />
        )}
      </Dialog>
      <Dialog
        title={announcing ? t('oda.announceFor', { title: lang === 'en' ? announcing.titleEn : announcing.titleVi }) : t('oda.announce')}
        open={announcing !== null}
        onClose={() => setAnnouncing(null)}
      >
        {announcing && <ReleaseForm key={announcing.code} dataset={announcing} onDone={() => setAnnouncing(null)} />}
      </Dialog>
    </section>
  );
}
