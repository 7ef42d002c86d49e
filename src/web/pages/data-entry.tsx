import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { formElementSchema, formSchema, regimePeriodSchema, regimeSchema, saveFormSchema } from '../../server/modules/regimes/schema.ts';
import { useAuth } from '../auth.tsx';
import { ErrorState, FormError, Loading, QueryView } from '../components/states.tsx';
import { Notice, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type Lang, type MessageKey } from '../i18n/index.tsx';
import { displayNumberInput } from '../lib/number-input.ts';
import { checkFieldValue, isNumberField, missingCompulsory, rangeHint, sumValidCells, valueToSend } from '../lib/form-validation.ts';
import { comparisonPeriods, splitPeriods, valuesByPeriod, type ExportedValue } from '../lib/form-context.ts';
import { ReadOnlyBadge } from '../components/lock-icon.tsx';
import { MAX_COMMENT, ValueComment } from '../components/value-comment.tsx';
import { useSearchParam } from '../router.tsx';
import { ExcelPanel, ReviewPanel, ValueHistory, WorkflowActions } from './data-entry-actions.tsx';

type FormView = Wire<typeof formSchema>;
type PeriodView = Wire<typeof regimePeriodSchema>;
type Regime = Wire<typeof regimeSchema>;
type RegimeElement = Wire<typeof formElementSchema>;
type SaveFormResult = Wire<typeof saveFormSchema>;

type Values = Record<string, string>;
/** Field key → the draft's comment ('' for none). */
type Comments = Record<string, string>;

/** The values of the previous period and of the same period last year, keyed like the form's fields. */
interface Comparison {
  previous: { period: string; values: Map<string, string> } | null;
  lastYear: { period: string; values: Map<string, string> } | null;
}

const fieldId = (key: string) => `f-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function nameOf(item: { nameVi: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.nameVi;
}

export function statusBadge(status: string, isLate: boolean | null | undefined, t: (k: MessageKey) => string) {
  const key = (status === 'SUBMITTED' && isLate ? 'report.SUBMITTED_LATE' : `report.${status}`) as MessageKey;
  const tone = status === 'APPROVED' ? 'ok' : status === 'SUBMITTED' ? (isLate ? 'warn' : 'info') : status === 'RETURNED' ? 'bad' : '';
  return <span className={`badge ${tone ? `badge-${tone}` : ''}`}>{t(key)}</span>;
}

function initialValues(form: FormView, lang: Lang): Values {
  const out: Values = {};
  const elements = new Map<string, RegimeElement>();
  for (const s of form.sections) for (const e of s.elements) elements.set(e.code, e);
  for (const [key, value] of Object.entries(form.values)) {
    const element = elements.get(key.split('.')[0]);
    out[key] = element && isNumberField(element) ? displayNumberInput(value, lang) : value === null ? '' : String(value);
  }
  return out;
}

function FieldInput({
  element,
  fieldKey,
  label,
  value,
  error,
  disabled,
  onChange,
  onBlur,
  comparison,
  comment,
  commentEditable,
  onComment,
}: {
  element: RegimeElement;
  fieldKey: string;
  label: string;
  value: string;
  error?: string;
  disabled: boolean;
  onChange: (key: string, value: string) => void;
  onBlur?: (key: string, next: EventTarget | null) => void;
  comparison?: Comparison;
  comment: string;
  commentEditable: boolean;
  onComment: (key: string, comment: string) => void;
}) {
  const { t, period, num } = useI18n();
  const id = fieldId(fieldKey);
  const show = (raw: string | undefined) => (raw === undefined ? '–' : isNumberField(element) && Number.isFinite(Number(raw)) ? num(Number(raw)) : raw);
  const context =
    comparison && (comparison.previous || comparison.lastYear) ? (
      <small id={`${id}-ctx`} className="field-context" data-context={fieldKey}>
        {comparison.previous && t('entry.previousValue', { period: period(comparison.previous.period), value: show(comparison.previous.values.get(fieldKey)) })}
        {comparison.previous && comparison.lastYear && ' · '}
        {comparison.lastYear && t('entry.lastYearValue', { period: period(comparison.lastYear.period), value: show(comparison.lastYear.values.get(fieldKey)) })}
      </small>
    ) : null;
  const describedBy = [error ? `${id}-err` : null, context ? `${id}-ctx` : null].filter(Boolean).join(' ');
  const common = {
    id,
    name: fieldKey,
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    disabled,
    'data-field': fieldKey,
  } as const;
  return (
    <div className={`cell-input${error ? ' has-error' : ''}`}>
      <div className="cell-line">
        {element.valueType === 'BOOLEAN' ? (
          <select {...common} value={value} onChange={(e) => onChange(fieldKey, e.target.value)}>
            <option value="">–</option>
            <option value="true">{t('common.yes')}</option>
            <option value="false">{t('common.no')}</option>
          </select>
        ) : (
          <input
            {...common}
            type="text"
            inputMode={isNumberField(element) ? 'decimal' : 'text'}
            className={isNumberField(element) ? 'num' : ''}
            value={value}
            onChange={(e) => onChange(fieldKey, e.target.value)}
            onBlur={(e) => onBlur?.(fieldKey, e.relatedTarget)}
            autoComplete="off"
          />
        )}
        <ValueComment fieldKey={fieldKey} label={label} comment={comment} editable={commentEditable} onChange={onComment} />
      </div>
      {error && (
        <small id={`${id}-err`} className="field-error">
          {error}
        </small>
      )}
      {context}
    </div>
  );
}

function DataForm({ form, regime, period, orgUnit, comparison }: { form: FormView; regime: string; period: string; orgUnit: string; comparison?: Comparison }) {
  const { t, lang, num, date } = useI18n();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => initialValues(form, lang));
  const [comments, setComments] = useState<Comments>(() => ({ ...form.comments }));
  const [dirty, setDirty] = useState(false);
  const [fieldErrors, setFieldErrorsState] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  // Set when a save was tried and refused (here or by the server): the form says it is not saved, and why.
  const [saveFailed, setSaveFailed] = useState(false);
  // Each new list of errors moves the focus to the summary at the top, so the person hears and sees it.
  const summary = useRef<HTMLDivElement>(null);
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (focusTick > 0) summary.current?.focus();
  }, [focusTick]);
  // The summary appears after a save or a submission was tried; a field checked on leaving it shows its error
  // beside it only (a summary appearing then would shift the form under the pointer).
  const [attempted, setAttempted] = useState(false);
  const setFieldErrors = (errs: Record<string, string> | ((prev: Record<string, string>) => Record<string, string>), announce = false) => {
    setFieldErrorsState(errs);
    if (announce) setAttempted(true);
    if (announce && typeof errs === 'object' && Object.keys(errs).length > 0) setFocusTick((n) => n + 1);
  };
  const elements = useMemo(() => {
    const m = new Map<string, RegimeElement>();
    for (const s of form.sections) for (const e of s.elements) m.set(e.code, e);
    return m;
  }, [form]);
  // People read field names, not codes, in the list of errors.
  const labels = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of form.sections) {
      for (const e of s.elements) {
        m.set(e.code, nameOf(e, lang));
        for (const o of e.options ?? []) m.set(`${e.code}.${o.code}`, `${nameOf(e, lang)} – ${nameOf(o, lang)}`);
      }
    }
    return m;
  }, [form, lang]);
  // A fresh form from the server (after save, upload or a status change) replaces the local copy
  // unless the person has unsaved edits.
  const lastForm = useRef(form);
  useEffect(() => {
    if (lastForm.current !== form && !dirty) {
      setValues(initialValues(form, lang));
      setComments({ ...form.comments });
    }
    lastForm.current = form;
  }, [form, dirty, lang]);

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, string | null> = {};
      const original = initialValues(form, lang);
      const keys = new Set([...Object.keys(values), ...Object.keys(original)]);
      for (const key of keys) {
        const raw = values[key] ?? '';
        if (raw === (original[key] ?? '')) continue;
        const element = elements.get(key.split('.')[0]);
        body[key] = element ? valueToSend(element, raw, lang) : raw.trim() || null;
      }
      // Comments go with the same save: text replaces, null removes; a comment alone goes with the field's stored value.
      const commentBody: Record<string, string | null> = {};
      for (const key of changedCommentKeys()) commentBody[key] = (comments[key] ?? '').trim() === '' ? null : comments[key];
      return api<SaveFormResult>(`/api/regimes/${encodeURIComponent(regime)}/form`, {
        method: 'PUT',
        query: { orgUnit, period },
        body: { values: body, ...(Object.keys(commentBody).length > 0 ? { comments: commentBody } : {}) },
      });
    },
    onSuccess: (result) => {
      const errs: Record<string, string> = {};
      for (const e of result.errors) errs[e.field] = e.message;
      setFieldErrors(errs, true);
      setDirty(Object.keys(errs).length > 0);
      setSaveFailed(result.errors.length > 0);
      setMessage(result.errors.length === 0 ? t('entry.saved') : null);
      void queryClient.invalidateQueries({ queryKey: ['form'] });
      // Figures are live: every view built on values refreshes after a save.
      void queryClient.invalidateQueries({ queryKey: ['analytics'] });
      void queryClient.invalidateQueries({ queryKey: ['overview'] });
      void queryClient.invalidateQueries({ queryKey: ['completeness'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const errs: Record<string, string> = {};
        for (const d of error.details) errs[d.path] = d.message;
        setFieldErrors(errs, true);
      }
      setSaveFailed(true);
      setMessage(null);
    },
  });

  const change = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setDirty(true);
    setMessage(null);
    if (fieldErrors[key]) setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };
  const changeComment = (key: string, comment: string) => {
    setComments((c) => ({ ...c, [key]: comment }));
    setDirty(true);
    setMessage(null);
    if (fieldErrors[key]) setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };
  // Which comments differ from what the server holds (blank and none are the same).
  const changedCommentKeys = () => {
    const norm = (c: string | undefined) => (c === undefined || c.trim() === '' ? '' : c);
    return [...new Set([...Object.keys(comments), ...Object.keys(form.comments)])].filter((k) => norm(comments[k]) !== norm(form.comments[k]));
  };
  // Which fields differ from what the server holds.
  const changedKeys = () => {
    const original = initialValues(form, lang);
    return [...new Set([...Object.keys(values), ...Object.keys(original)])].filter((k) => (values[k] ?? '') !== (original[k] ?? ''));
  };
  // Leaving a field checks it at once, by the same rule the server applies.
  const blur = (key: string, next: EventTarget | null) => {
    // Leaving the field for a button of the form's actions: the save checks every field itself, and a message
    // appearing now would move the button away from under the pointer before the click lands.
    if (next instanceof HTMLElement && next.closest('.form-actions')) return;
    const element = elements.get(key.split('.')[0]);
    const message = element ? checkFieldValue(element, values[key] ?? '', lang) : null;
    if (message) setFieldErrors((errs) => ({ ...errs, [key]: message }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The server's rules for each value, run here first: a wrong value is named beside its field and nothing is sent.
    const errs: Record<string, string> = {};
    for (const key of changedKeys()) {
      const element = elements.get(key.split('.')[0]);
      const message = element ? checkFieldValue(element, values[key] ?? '', lang) : null;
      if (message) errs[key] = message;
    }
    // A comment explains a value: a field left empty cannot carry one (the server says the same).
    for (const key of changedCommentKeys()) {
      const text = comments[key] ?? '';
      if (errs[key] || text.trim() === '') continue;
      if (text.length > MAX_COMMENT) errs[key] = t('comment.tooLong', { count: num(text.length), max: num(MAX_COMMENT) });
      else if ((values[key] ?? '').trim() === '') errs[key] = t('comment.needsValue');
    }
    setFieldErrors(errs, true);
    setMessage(null);
    if (Object.keys(errs).length > 0) {
      setSaveFailed(true);
      return;
    }
    save.mutate();
  };
  /** Before sending the report: the compulsory fields it would be refused for, named beside each field. */
  const checkBeforeSubmit = (): boolean => {
    const missing = missingCompulsory(form.sections, form.values);
    if (missing.length === 0) return true;
    const errs: Record<string, string> = {};
    for (const e of missing) errs[e.options && e.options.length > 0 ? `${e.code}.${e.options[0].code}` : e.code] = t('entry.compulsoryMissing');
    setFieldErrors(errs, true);
    setMessage(null);
    return false;
  };
  /** Messages the server gave per field (a refused submission names the fields it refused). */
  const showServerFieldErrors = (details: { path: string; message: string }[]) => {
    const errs: Record<string, string> = {};
    for (const d of details) {
      const key = d.path.replace(/^(body\.values\.|values\.)/, '');
      if (elements.has(key.split('.')[0])) errs[key] = d.message;
    }
    if (Object.keys(errs).length > 0) setFieldErrors(errs, true);
  };
  const goToField = (event: MouseEvent<HTMLAnchorElement>, key: string) => {
    event.preventDefault();
    const field = document.getElementById(fieldId(key));
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  };
  const errorCount = Object.keys(fieldErrors).length;
  const disabled = !form.editable || save.isPending;
  const p = form.period;
  const reason = form.notEditableReason;
  return (
    <form onSubmit={submit} noValidate className={`data-form${form.editable ? '' : ' is-readonly'}`}>
      <div className="card form-head">
        <div>
          <h2>
            {nameOf(form.orgUnit, lang)} · {lang === 'vi' ? p.labelVi : p.labelEn}
          </h2>
          <p className="muted small">
            {p.window && (
              <>
                {t('entry.window')}: {date(p.window.startDate)} – {date(p.window.endDate)} ·{' '}
              </>
            )}
            {p.dueDate && (
              <>
                {t('entry.due')}: <strong>{date(p.dueDate)}</strong>
              </>
            )}
          </p>
        </div>
        <div className="form-status">
          {statusBadge(form.status.status, form.status.isLate, t)}
          {!form.editable && <ReadOnlyBadge kind={reason?.code === 'PERIOD_LOCKED' ? 'locked' : 'readOnly'} />}
          {form.status.returnedReason && form.status.status === 'RETURNED' && <div className="small">{form.status.returnedReason}</div>}
        </div>
      </div>
      {reason && <Notice kind="warn">{lang === 'vi' ? reason.messageVi : reason.messageEn}</Notice>}
      {/* The errors come first, each a link to its field; focus moves here when they appear. */}
      {save.error && errorCount === 0 && <FormError error={save.error} />}
      {attempted && errorCount > 0 && (
        <div className="form-error error-summary" role="alert" tabIndex={-1} ref={summary} data-error-summary="true">
          <p>
            <strong>{t('entry.errorSummary', { count: errorCount })}</strong>
          </p>
          <ul>
            {Object.entries(fieldErrors).map(([k, m]) => (
              <li key={k}>
                <a href={`#${fieldId(k)}`} onClick={(e) => goToField(e, k)}>
                  {labels.get(k) ?? k}
                </a>
                : {m}
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* Waiting for approval: what was sent, and what changed since the previous submission, comes first. */}
      {form.review && form.status.status === 'SUBMITTED' && <ReviewPanel form={form} labels={labels} />}
      {form.sections.length === 0 && <div className="state state-empty">{t('entry.noFields')}</div>}
      {form.sections.map((section) => {
        return (
          <fieldset key={section.code} className="card section">
            <legend>{nameOf(section, lang)}</legend>
            <div className="table-wrap">
              <table className="entry-grid">
                <thead>
                  <tr>
                    <th scope="col">{t('entry.dataElement')}</th>
                    <th scope="col">{t('indicator.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {section.elements.map((element) => {
                    const label = nameOf(element, lang);
                    const options = element.options ?? [];
                    return (
                      <tr key={element.code}>
                        <th scope="row" className="entry-label">
                          {label}
                          {element.isCompulsory && (
                            <span className="req" title={t('common.required')}>
                              {' '}
                              *
                            </span>
                          )}
                          <div className="muted small">
                            <code>{element.code}</code>
                            {element.unit && ` · ${element.unit}`}
                            {rangeHint(element, lang) && <span className="range-hint"> · {t('entry.range', { range: rangeHint(element, lang) as string })}</span>}
                          </div>
                        </th>
                        <td>
                          {options.length === 0 ? (
                            <FieldInput
                              element={element}
                              fieldKey={element.code}
                              label={label}
                              value={values[element.code] ?? ''}
                              error={fieldErrors[element.code]}
                              disabled={disabled}
                              onChange={change}
                              onBlur={blur}
                              comparison={comparison}
                              comment={comments[element.code] ?? ''}
                              commentEditable={form.editable}
                              onComment={changeComment}
                            />
                          ) : (
                            <div className="disagg">
                              {options.map((o) => {
                                const key = `${element.code}.${o.code}`;
                                return (
                                  // Not a <label>: the cell holds the comment's button and box too; the input names itself (aria-label).
                                  <div key={key} className="disagg-cell">
                                    <span className="small">{nameOf(o, lang)}</span>
                                    <FieldInput
                                      element={element}
                                      fieldKey={key}
                                      label={`${label} – ${nameOf(o, lang)}`}
                                      value={values[key] ?? ''}
                                      error={fieldErrors[key]}
                                      disabled={disabled}
                                      onChange={change}
                                      onBlur={blur}
                                      comparison={comparison}
                                      comment={comments[key] ?? ''}
                                      commentEditable={form.editable}
                                      onComment={changeComment}
                                    />
                                  </div>
                                );
                              })}
                              {isNumberField(element) && (
                                <div className="disagg-cell disagg-total">
                                  <span className="small">{t('entry.total')}</span>
                                  <output className="num" data-total={element.code}>
                                    {num(
                                      sumValidCells(
                                        element,
                                        options.map((o) => `${element.code}.${o.code}`),
                                        values,
                                        lang,
                                      ),
                                    )}
                                  </output>
                                </div>
                              )}
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>
        );
      })}
      {message && <Notice>{message}</Notice>}
      <div className="form-actions sticky-actions">
        {saveFailed && errorCount > 0 ? (
          <span className="small delta-bad" data-save-state="failed">
            {t('entry.saveFailed', { count: errorCount })}
          </span>
        ) : (
          dirty && (
            <span className="muted small" data-save-state="unsaved">
              {t('entry.unsaved')}
            </span>
          )
        )}
        {/* A submitted or approved report is read-only: no save button at all, only the workflow's actions. */}
        {form.editable && (
          <button type="submit" className="btn btn-primary" disabled={disabled || !dirty}>
            {save.isPending ? t('common.loading') : t('entry.saveDraft')}
          </button>
        )}
        <WorkflowActions
          form={form}
          regime={regime}
          period={period}
          orgUnit={orgUnit}
          dirty={dirty}
          saveFailed={saveFailed && errorCount > 0}
          checkBeforeSubmit={checkBeforeSubmit}
          onFieldErrors={showServerFieldErrors}
        />
      </div>
      {form.review && form.status.status !== 'SUBMITTED' && <ReviewPanel form={form} labels={labels} />}
      <ValueHistory period={period} orgUnit={orgUnit} labels={labels} />
    </form>
  );
}

export default function DataEntryPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [regime, setRegime] = useSearchParam('regime');
  const [period, setPeriod] = useSearchParam('period');
  const [orgUnit, setOrgUnit] = useSearchParam('orgUnit');
  const regimes = useQuery({ queryKey: ['regimes', lang], queryFn: ({ signal }) => api<Regime[]>('/api/regimes', { signal }) });
  const periods = useQuery({
    queryKey: ['regimes', regime, 'periods'],
    queryFn: ({ signal }) => api<{ items: PeriodView[] }>(`/api/regimes/${encodeURIComponent(regime)}/periods`, { query: { past: 24 }, signal }),
    enabled: Boolean(regime),
  });
  const units = useQuery({
    queryKey: ['regimes', regime, 'orgUnits', period],
    queryFn: ({ signal }) => api<{ items: { id: number; code: string; nameVi: string; level: number }[] }>(`/api/regimes/${encodeURIComponent(regime)}/orgUnits`, { query: { period }, signal }),
    enabled: Boolean(regime && period),
  });
  const form = useQuery({
    queryKey: ['form', regime, period, orgUnit, lang],
    queryFn: ({ signal }) => api<FormView>(`/api/regimes/${encodeURIComponent(regime)}/form`, { query: { orgUnit, period }, signal }),
    enabled: Boolean(regime && period && orgUnit),
  });

  // Sensible defaults: the first regime the user reports under, the current period, the officer's own unit.
  const autoRegimes = useRef<string[] | null>(null);
  useEffect(() => {
    if (!regime && regimes.data && regimes.data.length > 0) {
      // The most frequent reports first: a monthly report is the one most often due.
      const order = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'SIXMONTHLY', 'NINEMONTHLY', 'YEARLY'];
      const active = regimes.data
        .filter((r) => r.isActive)
        .sort((a, b) => order.indexOf(a.periodType) - order.indexOf(b.periodType))
        .map((r) => r.code);
      autoRegimes.current = active.length > 0 ? active : [regimes.data[0].code];
      setRegime(autoRegimes.current[0]);
    }
  }, [regime, regimes.data]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    // A regime picked by default in which the user has no unit to report for: try the next one.
    const tried = autoRegimes.current;
    if (!tried || !units.data || units.data.items.length > 0 || orgUnit) return;
    const next = tried[tried.indexOf(regime) + 1];
    if (next) {
      setPeriod(null);
      setRegime(next);
    } else autoRegimes.current = null;
  }, [units.data]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (regime && !period && periods.data) {
      const current = periods.data.items.find((p) => p.isCurrent) ?? periods.data.items.at(-1);
      if (current) setPeriod(current.id);
    }
  }, [regime, period, periods.data]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (regime && period && !orgUnit && units.data && units.data.items.length > 0) {
      const own = me?.scopes.map((s) => s.orgUnitCode).find((c) => c && units.data.items.some((u) => u.code === c));
      setOrgUnit(own ?? units.data.items[0].code);
    }
  }, [regime, period, orgUnit, units.data, me]); // eslint-disable-line react-hooks/exhaustive-deps

  const [showOlder, setShowOlder] = useState(false);
  const sortedPeriods = periods.data ? [...periods.data.items].reverse() : [];
  const { recent: recentPeriods, older: olderPeriods } = splitPeriods(sortedPeriods);
  const shownPeriods = showOlder || olderPeriods.some((p) => p.id === period) ? sortedPeriods : recentPeriods;
  const compare = period ? comparisonPeriods(period) : { previous: null, lastYear: null };
  const comparisonQuery = useQuery({
    queryKey: ['form', 'comparison', regime, period, orgUnit],
    queryFn: ({ signal }) =>
      api<{ dataValues: ExportedValue[] }>('/api/dataValueSets', {
        query: { dataSet: regime, orgUnit, period: [compare.previous, compare.lastYear].filter((p): p is string => p !== null) },
        signal,
      }),
    enabled: Boolean(regime && period && orgUnit && (compare.previous || compare.lastYear)),
    retry: false,
  });
  const comparison: Comparison | undefined = comparisonQuery.data
    ? (() => {
        const byPeriod = valuesByPeriod(comparisonQuery.data.dataValues ?? []);
        return {
          previous: compare.previous ? { period: compare.previous, values: byPeriod.get(compare.previous) ?? new Map() } : null,
          lastYear: compare.lastYear ? { period: compare.lastYear, values: byPeriod.get(compare.lastYear) ?? new Map() } : null,
        };
      })()
    : undefined;
  return (
    <section>
      <PageHeader title={t('entry.title')} />
      <div className="toolbar selectors">
        <SelectField
          label={t('entry.regime')}
          value={regime}
          onChange={(e) => {
            autoRegimes.current = null;
            setRegime(e.target.value);
            setPeriod(null);
          }}
          disabled={!regimes.data}
        >
          {!regime && <option value="">–</option>}
          {regimes.data?.map((r) => (
            <option key={r.code} value={r.code}>
              {nameOf(r, lang)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('entry.period')} value={period} onChange={(e) => setPeriod(e.target.value)} disabled={!periods.data}>
          {!period && <option value="">–</option>}
          {period && !sortedPeriods.some((p) => p.id === period) && <option value={period}>{period}</option>}
          {shownPeriods.map((p) => (
            <option key={p.id} value={p.id}>
              {lang === 'vi' ? p.labelVi : p.labelEn}
              {p.isLocked ? ` — ${t('lock.locked')}` : ''}
            </option>
          ))}
        </SelectField>
        {olderPeriods.length > 0 && !olderPeriods.some((p) => p.id === period) && (
          <button type="button" className="btn btn-small period-more" aria-expanded={showOlder} onClick={() => setShowOlder(!showOlder)}>
            {showOlder ? t('entry.fewerPeriods') : t('entry.olderPeriods', { count: olderPeriods.length })}
          </button>
        )}
        <SelectField label={t('entry.orgUnit')} value={orgUnit} onChange={(e) => setOrgUnit(e.target.value)} disabled={!units.data}>
          {!orgUnit && <option value="">–</option>}
          {orgUnit && units.data && !units.data.items.some((u) => u.code === orgUnit) && <option value={orgUnit}>{orgUnit}</option>}
          {units.data?.items.map((u) => (
            <option key={u.code} value={u.code}>
              {u.nameVi}
            </option>
          ))}
        </SelectField>
      </div>
      {regimes.error && <ErrorState error={regimes.error} onRetry={() => void regimes.refetch()} />}
      {regime && period && orgUnit && form.data && (
        <ExcelPanel
          regime={regime}
          period={period}
          orgUnit={orgUnit}
          editable={Boolean(form.data?.editable)}
          reason={form.data.notEditableReason ? (lang === 'vi' ? form.data.notEditableReason.messageVi : form.data.notEditableReason.messageEn) : null}
        />
      )}
      {!(regime && period && orgUnit) ? (
        regimes.isLoading ? (
          <Loading />
        ) : (
          <div className="state state-empty">{t('entry.choose')}</div>
        )
      ) : (
        <QueryView query={form}>{(data) => <DataForm key={`${regime}|${period}|${orgUnit}`} form={data} regime={regime} period={period} orgUnit={orgUnit} comparison={comparison} />}</QueryView>
      )}
    </section>
  );
}
