import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { Commitment, CommitmentList } from '../api/commitments.ts';
import type { TaskList } from '../api/tasks.ts';
import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { useAuth } from '../auth.tsx';
import { CommitmentBadge } from '../components/commitment-status.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { PersonPicker, type PersonOption } from '../components/person-picker.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, FormActions, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { matchesSearch } from '../lib/search.ts';
import { Link, navigate, useSearchParam } from '../router.tsx';

type Target = Wire<typeof targetSchema>;

interface Picked {
  id: number;
  label: string;
}

/** Picks tasks or targets by searching their names (never by typing ids): the caller's own lists, filtered as one types. */
function LinkSearch({ kind, label, picked, onChange, error }: { kind: 'task' | 'target'; label: string; picked: Picked[]; onChange: (p: Picked[]) => void; error?: string }) {
  const { t, lang, period } = useI18n();
  const [text, setText] = useState('');
  const tasks = useQuery({
    queryKey: ['tasks', 'list', 'picker'],
    queryFn: ({ signal }) => api<TaskList>('/api/tasks', { query: { limit: 5000 }, signal }),
    enabled: kind === 'task' && text.trim().length > 0,
    staleTime: 60_000,
  });
  const targets = useQuery({
    queryKey: ['targets', 'picker'],
    queryFn: ({ signal }) => api<Target[]>('/api/targets', { signal }),
    enabled: kind === 'target' && text.trim().length > 0,
    staleTime: 60_000,
  });
  const options: Picked[] =
    text.trim().length === 0
      ? []
      : kind === 'task'
        ? (tasks.data?.items ?? []).filter((x) => matchesSearch([x.title, x.sourceNumber], text)).map((x) => ({ id: x.id, label: `${x.title} (${x.leadOrgUnit.nameVi})` }))
        : (targets.data ?? [])
            .filter((x) => matchesSearch([x.indicatorNameVi, x.indicatorNameEn, x.orgUnitName, x.targetPeriod], text))
            .map((x) => ({ id: x.id, label: `${lang === 'en' && x.indicatorNameEn ? x.indicatorNameEn : x.indicatorNameVi} — ${x.orgUnitName}, ${period(x.targetPeriod)}` }));
  const shown = options.filter((o) => !picked.some((p) => p.id === o.id)).slice(0, 8);
  return (
    <div className={`field link-search${error ? ' has-error' : ''}`} data-link-kind={kind}>
      <label>
        {label}
        <input type="search" value={text} placeholder={t('commitments.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />
      </label>
      {shown.length > 0 && (
        <ul className="picker-options" role="listbox">
          {shown.map((o) => (
            <li key={o.id} role="option" aria-selected={false}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  onChange([...picked, o]);
                  setText('');
                }}
              >
                {o.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim().length > 0 && shown.length === 0 && !tasks.isFetching && !targets.isFetching && <small className="muted">{t('commitments.noMatch')}</small>}
      {picked.length > 0 && (
        <ul className="chips">
          {picked.map((p) => (
            <li key={p.id} className="chip">
              {p.label}{' '}
              <button type="button" className="chip-remove" aria-label={`${t('commitments.remove')} ${p.label}`} onClick={() => onChange(picked.filter((x) => x.id !== p.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

interface ResultDraft {
  /** The recorded result's id, when editing one. */
  id?: number;
  title: string;
  measure: string;
  reviewerJudged: boolean;
  tasks: Picked[];
  targets: Picked[];
}
const emptyResult = (): ResultDraft => ({ title: '', measure: '', reviewerJudged: false, tasks: [], targets: [] });

/** A recorded commitment as the form's drafts: its results by their place, their links with the labels shown. */
function draftOf(c: Commitment, lang: string, period: (p: string) => string) {
  return {
    fields: {
      officialName: c.officialName,
      officialPosition: c.officialPosition ?? '',
      orgUnit: c.orgUnit.code,
      title: c.title,
      startDate: c.startDate,
      endDate: c.endDate,
      sourceDocument: c.sourceDocument ?? '',
    },
    results: c.results.map((r) => ({
      id: r.id,
      title: r.title,
      measure: r.measure ?? '',
      reviewerJudged: r.reviewerJudged,
      tasks: r.tasks.map((x) => ({ id: x.id, label: `${x.title} (${x.leadOrgUnit.nameVi})` })),
      targets: r.targets.map((x) => ({ id: x.id, label: `${lang === 'en' && x.indicatorNameEn ? x.indicatorNameEn : x.indicatorNameVi} — ${x.orgUnitName}, ${period(x.targetPeriod)}` })),
    })),
  };
}

/**
 * The form recording an official's commitment: who, which unit, the period and its measurable results. Given a
 * recorded commitment it edits it (PUT): results keep their place; the server refuses rewording a judged result.
 */
export function CommitmentForm({ onDone, initial }: { onDone: (c?: Commitment) => void; initial?: Commitment }) {
  const { t, lang, period } = useI18n();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [f, setF] = useState(() =>
    initial
      ? draftOf(initial, lang, period).fields
      : { officialName: '', officialPosition: '', orgUnit: me?.scopes.find((s) => s.orgUnitCode)?.orgUnitCode ?? '', title: '', startDate: '', endDate: '', sourceDocument: '' },
  );
  const [results, setResults] = useState<ResultDraft[]>(() => (initial ? draftOf(initial, lang, period).results : [emptyResult()]));
  // The official in the staff register: found by name within the chosen unit's subtree, cleared when the unit changes.
  const [staff, setStaff] = useState<PersonOption | null>(() =>
    initial?.staffMember
      ? {
          id: initial.staffMember.id,
          fullName: initial.staffMember.fullName,
          position: initial.staffMember.position,
          username: null,
          orgUnit: { id: 0, code: '', nameVi: initial.staffMember.orgUnitName, nameEn: null },
        }
      : null,
  );
  const pickStaff = (p: PersonOption | null) => {
    setStaff(p);
    // A person chosen fills the name and position when they are still empty.
    if (p)
      setF((cur) => ({ ...cur, officialName: cur.officialName.trim() ? cur.officialName : p.fullName, officialPosition: cur.officialPosition.trim() ? cur.officialPosition : (p.position ?? '') }));
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const setResult = (i: number, patch: Partial<ResultDraft>) => setResults(results.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = useMutation({
    mutationFn: () => {
      const opt = (v: string) => (v.trim() === '' ? null : v.trim());
      return api<Commitment>(initial ? `/api/commitments/${initial.id}` : '/api/commitments', {
        method: initial ? 'PUT' : 'POST',
        body: {
          officialName: f.officialName,
          officialPosition: opt(f.officialPosition),
          orgUnit: f.orgUnit,
          title: f.title,
          startDate: f.startDate,
          endDate: f.endDate,
          sourceDocument: opt(f.sourceDocument),
          // The official must belong to the unit's subtree: the picker searches only there, and forgets its choice when the unit changes.
          staffMemberId: staff?.id ?? null,
          results: results.map((r) => ({
            ...(initial && r.id !== undefined ? { id: r.id } : {}),
            title: r.title,
            measure: opt(r.measure),
            reviewerJudged: r.reviewerJudged,
            tasks: r.tasks.map((x) => x.id),
            targets: r.targets.map((x) => x.id),
          })),
        },
      });
    },
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['commitments'] });
      onDone(c);
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="commitment-form">
      <div className="grid grid-2">
        <Field label={t('commitments.field.officialName')} value={f.officialName} onChange={set('officialName')} error={fieldError(err, 'officialName')} required />
        <Field label={t('commitments.field.officialPosition')} value={f.officialPosition} onChange={set('officialPosition')} error={fieldError(err, 'officialPosition')} />
        <OrgUnitPicker
          label={t('commitments.field.orgUnit')}
          value={f.orgUnit}
          onChange={(code) => {
            if (code !== f.orgUnit) setStaff(null);
            setF({ ...f, orgUnit: code });
          }}
          error={fieldError(err, 'orgUnit')}
          required
        />
        <Field label={t('commitments.field.sourceDocument')} value={f.sourceDocument} onChange={set('sourceDocument')} error={fieldError(err, 'sourceDocument')} />
      </div>
      {f.orgUnit ? (
        <PersonPicker
          key={f.orgUnit}
          label={t('commitments.field.staffMember')}
          value={staff}
          onChange={pickStaff}
          orgUnit={f.orgUnit}
          error={fieldError(err, 'staffMemberId')}
          hint={t('commitments.field.staffMemberHint')}
        />
      ) : (
        <p className="muted small" data-staff-picker="no-unit">
          {t('commitments.field.staffMemberHintUnit')}
        </p>
      )}
      <Field label={t('commitments.field.title')} value={f.title} onChange={set('title')} error={fieldError(err, 'title')} required />
      <div className="grid grid-2">
        <Field label={t('commitments.field.startDate')} type="date" value={f.startDate} onChange={set('startDate')} error={fieldError(err, 'startDate')} required />
        <Field label={t('commitments.field.endDate')} type="date" value={f.endDate} onChange={set('endDate')} error={fieldError(err, 'endDate')} required />
      </div>
      <h3>{t('commitments.results')}</h3>
      {fieldError(err, 'results') && <p className="field-error">{fieldError(err, 'results')}</p>}
      {results.map((r, i) => (
        <fieldset key={i} className="card result-draft" data-result={i}>
          <legend>{t('commitments.resultN', { n: i + 1 })}</legend>
          <Field label={t('commitments.field.resultTitle')} value={r.title} onChange={(e) => setResult(i, { title: e.target.value })} error={fieldError(err, `results[${i}].title`)} required />
          <Field label={t('commitments.field.measure')} value={r.measure} onChange={(e) => setResult(i, { measure: e.target.value })} />
          <label className="checkbox">
            <input type="checkbox" checked={r.reviewerJudged} onChange={(e) => setResult(i, { reviewerJudged: e.target.checked })} /> {t('commitments.field.reviewerJudged')}
          </label>
          {fieldError(err, `results[${i}].reviewerJudged`) && <p className="field-error">{fieldError(err, `results[${i}].reviewerJudged`)}</p>}
          {!r.reviewerJudged && (
            <>
              <LinkSearch
                kind="task"
                label={t('commitments.field.tasks')}
                picked={r.tasks}
                onChange={(tasks) => setResult(i, { tasks })}
                error={fieldError(err, `results[${i}].tasks`) ?? errorUnder(err, `results[${i}].tasks[`)}
              />
              <LinkSearch kind="target" label={t('commitments.field.targets')} picked={r.targets} onChange={(targets) => setResult(i, { targets })} error={errorUnder(err, `results[${i}].targets[`)} />
            </>
          )}
          {results.length > 1 && (
            <button type="button" className="btn btn-small" onClick={() => setResults(results.filter((_, j) => j !== i))}>
              {t('commitments.removeResult')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="btn" onClick={() => setResults([...results, emptyResult()])}>
        + {t('commitments.addResult')}
      </button>
      {err && <FormError error={err} />}
      <FormActions onCancel={() => onDone()} pending={save.isPending} submitLabel={initial ? t('commitments.saveEdit') : t('commitments.create')} />
    </form>
  );
}

/** The first message among fields starting with the prefix (a link's place in its list). */
function errorUnder(error: unknown, prefix: string): string | undefined {
  const details = (error as { details?: { path: string; message: string }[] } | null)?.details ?? [];
  return details.find((d) => d.path.replace(/^body\./, '').startsWith(prefix))?.message;
}

export default function CommitmentsPage() {
  const { t, lang, date } = useI18n();
  const { can } = useAuth();
  const [due, setDue] = useSearchParam('due');
  const [risk, setRisk] = useSearchParam('risk');
  const [creating, setCreating] = useState(false);
  const year = new Date().getFullYear();
  const query = useQuery({
    queryKey: ['commitments', 'list', due, risk],
    queryFn: ({ signal }) => api<CommitmentList>('/api/commitments', { query: { dueYear: due === 'all' ? undefined : due || year, atRisk: risk === 'true' ? 'true' : undefined }, signal }),
    placeholderData: keepPreviousData,
  });
  const years = [year + 1, year, year - 1, year - 2, year - 3, year - 4];
  return (
    <section>
      <PageHeader title={t('commitments.title')} intro={t('commitments.intro')}>
        {can('commitment.manage') && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            + {t('commitments.create')}
          </button>
        )}
      </PageHeader>
      <div className="toolbar" role="search">
        <SelectField label={t('commitments.dueYear')} value={due || String(year)} onChange={(e) => setDue(e.target.value === String(year) ? null : e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {t('commitments.dueIn', { year: y })}
            </option>
          ))}
          <option value="all">{t('common.all')}</option>
        </SelectField>
        <label className="checkbox">
          <input type="checkbox" checked={risk === 'true'} onChange={(e) => setRisk(e.target.checked ? 'true' : null)} /> {t('commitments.onlyAtRisk')}
        </label>
      </div>
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('commitments.empty')}>
        {(data) => (
          <>
            <p className="muted small">{t('commitments.count', { total: data.total, atRisk: data.atRisk })}</p>
            <div className="table-wrap">
              <table className="commitments-table">
                <thead>
                  <tr>
                    <th>{t('commitments.field.officialName')}</th>
                    <th>{t('commitments.field.title')}</th>
                    <th>{t('commitments.period')}</th>
                    <th>{t('commitments.outcomeOrForecast')}</th>
                    <th className="hide-phone">{t('commitments.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id} data-commitment={c.id} className={c.isAtRisk ? 'row-at-risk' : ''}>
                      <td data-label={t('commitments.field.officialName')}>
                        <strong>{c.officialName}</strong>
                        <div className="muted small">
                          {c.officialPosition ?? ''}
                          {c.officialPosition ? ' · ' : ''}
                          {lang === 'en' && c.orgUnit.nameEn ? c.orgUnit.nameEn : c.orgUnit.nameVi}
                        </div>
                      </td>
                      <td data-label={t('commitments.field.title')}>
                        <Link to={`/commitments/${c.id}`}>{c.title}</Link>
                      </td>
                      <td data-label={t('commitments.period')}>
                        {date(c.startDate)} – {date(c.endDate)}
                      </td>
                      <td data-label={t('commitments.outcomeOrForecast')}>
                        <CommitmentBadge c={c} />
                      </td>
                      <td className="hide-phone small">{lang === 'en' ? c.reasonEn : c.reasonVi}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryView>
      <Dialog title={t('commitments.create')} open={creating} onClose={() => setCreating(false)}>
        {creating && (
          <CommitmentForm
            onDone={(c) => {
              setCreating(false);
              if (c) navigate(`/commitments/${c.id}`);
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
