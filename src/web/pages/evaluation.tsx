import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldError } from '../api/client.ts';
import { RATING_ORDER, type DecisionItem, type PersonEvaluation, type Rating, type UnitEvaluation } from '../api/evaluation.ts';
import { useAuth } from '../auth.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import type { FieldLabels } from '../lib/field-labels.ts';
import { Link, useSearchParam } from '../router.tsx';
import { RuleSetsTab } from './evaluation-rules.tsx';

const RATING_BADGE: Record<Rating, string> = { HTXSNV: 'badge-ok', HTTNV: 'badge-info', HTNV: 'badge-warn', KHTNV: 'badge-bad' };

function RatingBadge({ rating }: { rating: Rating | null }) {
  const { t } = useI18n();
  if (!rating) return <span className="muted">–</span>;
  return (
    <span className={`badge ${RATING_BADGE[rating]}`} title={t(`eval.rating.${rating}` as MessageKey)}>
      {rating}
    </span>
  );
}

function TextArea({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

function RatingSelect({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="">–</option>
      {RATING_ORDER.map((r) => (
        <option key={r} value={r}>
          {r} — {t(`eval.rating.${r}` as MessageKey)}
        </option>
      ))}
    </SelectField>
  );
}

/** A small form posting to one step of the year's evaluation. */
function StepForm({
  title,
  url,
  method = 'POST',
  fields,
  build,
  onDone,
  labels,
}: {
  title: string;
  url: string | ((state: Record<string, string>) => string);
  method?: 'POST' | 'PUT';
  fields: (state: Record<string, string>, set: (k: string, v: string) => void, err: unknown) => ReactNode;
  build: (state: Record<string, string>) => unknown;
  onDone: () => void;
  /** The fields' labels, keyed as they ask fieldError(): the summary names a wrong field by its label. */
  labels?: FieldLabels;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<Record<string, string>>({});
  const set = (k: string, v: string) => setState((s) => ({ ...s, [k]: v }));
  const save = useMutation({
    mutationFn: () => api(typeof url === 'string' ? url : url(state), { method, body: build(state) }),
    onSuccess: () => {
      setState({});
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card eval-step" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      {fields(state, set, save.error)}
      {save.error ? <FormError error={save.error} labels={labels} /> : null}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {t('eval.save')}
      </button>
    </form>
  );
}

function PeriodTable({ data }: { data: PersonEvaluation }) {
  const { t, num } = useI18n();
  const shown = data.periods.filter((p) => p.sources.length > 0 || p.generalPoints !== null);
  if (shown.length === 0) return <p className="muted">{t('eval.noTasks')}</p>;
  return (
    <div className="table-wrap">
      <table className="eval-periods">
        <thead>
          <tr>
            <th>{t('eval.period')}</th>
            <th className="num">{t('eval.taskPoints', { max: data.ruleSet?.taskMax ?? 70 })}</th>
            <th className="num">{t('eval.generalPoints', { max: data.ruleSet?.generalMax ?? 30 })}</th>
            <th className="num">{t('eval.total')}</th>
            <th>{t('eval.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.period} data-period={p.period}>
              <th scope="row">{p.label}</th>
              <td className="num">{num(p.taskPoints, 2)}</td>
              <td className="num" title={p.generalComment ?? undefined}>
                {num(p.generalPoints, 2)}
                {p.generalComment && <small className="muted"> *</small>}
              </td>
              <td className="num">
                <strong>{num(p.total, 2)}</strong>
              </td>
              <td>
                <details>
                  <summary>{t('eval.sourceCount', { n: p.sources.length, late: p.counts.late, notDone: p.counts.notDone })}</summary>
                  <ul className="eval-sources">
                    {p.sources.map((s) => (
                      <li key={s.taskId}>
                        <Link to={`/tasks/${s.taskId}`}>{s.title ?? `#${s.taskId}`}</Link>{' '}
                        <small className="muted">
                          {t(`eval.outcome.${s.outcome}` as MessageKey)} · {s.productKind} ×{num(s.factor, 2)}
                          {!s.planned && ` · ${t('eval.unplanned')}`}
                          {s.qualityErrors > 0 && ` · ${t('eval.qualityErrors', { n: s.qualityErrors })}`}
                          {s.exceeded && ` · ${t('eval.exceeded')}`}
                        </small>{' '}
                        <strong>{num(s.points, 2)}</strong>
                      </li>
                    ))}
                  </ul>
                  {p.generalComment && (
                    <p className="muted">
                      {t('eval.generalComment')}: {p.generalComment}
                    </p>
                  )}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One person's year: scores by period with their source tasks, the rating, each step, and the forms the caller may use. */
export function PersonYear({ data, year, onChanged }: { data: PersonEvaluation; year: number; onChanged: () => void }) {
  const { t, lang, num, date } = useI18n();
  const base = `/api/evaluation/staff/${data.staff.id}/years/${year}`;
  const r = data.record;
  // The manager scores the general criteria of a period with scored tasks; the latest by default.
  const scorable = data.periods.filter((p) => p.taskPoints !== null);
  const lastPeriod = scorable.at(-1)?.period ?? '';
  return (
    <div className="eval-person">
      <div className="card">
        <h2>{data.staff.fullName}</h2>
        <p className="muted">
          {data.staff.position} · {data.staff.orgUnit.nameVi}
        </p>
        {data.ruleSet ? (
          <p>
            <small>
              {t('eval.ruleSet')}: <strong>{lang === 'vi' ? data.ruleSet.nameVi : data.ruleSet.nameEn}</strong> — {data.ruleSet.legalBasis}
            </small>
          </p>
        ) : (
          <p className="muted">{t('eval.noRuleSet')}</p>
        )}
        <dl className="eval-summary">
          <div>
            <dt>{t('eval.yearPoints')}</dt>
            <dd data-testid="year-points">{num(data.year.points, 2)}</dd>
          </div>
          <div>
            <dt>{t('eval.computed')}</dt>
            <dd>
              <RatingBadge rating={data.rating} />
              {data.aboveQuotaLine && <span className="badge badge-warn">{t('eval.aboveLine')}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('eval.decided')}</dt>
            <dd data-testid="decided-rating">
              <RatingBadge rating={data.decidedRating} />
            </dd>
          </div>
        </dl>
        {data.criteria && (
          <p>
            <small>{t('eval.criteria', { assigned: data.criteria.assigned, good: data.criteria.onTimeWithQuality, exceeded: data.criteria.exceeded })}</small>
          </p>
        )}
        {data.year.periodsWithoutGeneral.length > 0 && (
          <p className="muted">
            <small>{t('eval.missingGeneral', { n: data.year.periodsWithoutGeneral.length })}</small>
          </p>
        )}
      </div>
      <PeriodTable data={data} />
      <div className="card">
        <h3>{t('eval.steps')}</h3>
        <ol className="eval-steps">
          <li>
            {t('eval.step.self')}:{' '}
            {r?.selfAt ? (
              <>
                <RatingBadge rating={r.selfRating} /> {r.selfAssessment} <small className="muted">{date(r.selfAt)}</small>
              </>
            ) : (
              <span className="muted">{t('eval.notYet')}</span>
            )}
          </li>
          <li>
            {t('eval.step.collective')}: {r?.collectiveAt ? r.collectiveComment : <span className="muted">{t('eval.notYet')}</span>}
          </li>
          <li>
            {t('eval.step.manager')}:{' '}
            {r?.managerAt ? (
              <>
                <RatingBadge rating={r.managerRating} /> {r.managerComment}
                {r.disciplined && <span className="badge badge-bad">{t('eval.disciplined')}</span>}
              </>
            ) : (
              <span className="muted">{t('eval.notYet')}</span>
            )}
          </li>
          <li>
            {t('eval.step.decision')}:{' '}
            {r?.decidedAt ? (
              <>
                <RatingBadge rating={r.decidedRating} /> {r.decisionNumber}{' '}
                {r.overrideReason && (
                  <em>
                    ({t('eval.override')}: {r.overrideReason})
                  </em>
                )}
              </>
            ) : (
              <span className="muted">{t('eval.notYet')}</span>
            )}
          </li>
        </ol>
        {data.appeals.map((a) => (
          <p key={a.id} className="eval-appeal">
            <strong>{t('eval.appeal')}</strong> {date(a.submittedAt)}: {a.reason} — {t(`eval.appeal.${a.outcome}` as MessageKey)} {a.outcomeRating && <RatingBadge rating={a.outcomeRating} />}{' '}
            {a.outcomeNote}
          </p>
        ))}
      </div>
      <div className="grid grid-2">
        {data.can.selfAssess && !r?.decidedAt && (
          <StepForm
            title={t('eval.step.self')}
            url={`${base}/self`}
            onDone={onChanged}
            labels={{ assessment: t('eval.selfText'), proposedRating: t('eval.proposed') }}
            build={(s) => ({ assessment: s.text ?? '', proposedRating: s.rating || undefined })}
            fields={(s, set, err) => (
              <>
                <TextArea label={t('eval.selfText')} value={s.text ?? ''} onChange={(v) => set('text', v)} error={fieldError(err, 'assessment')} />
                <RatingSelect label={t('eval.proposed')} value={s.rating ?? ''} onChange={(v) => set('rating', v)} error={fieldError(err, 'proposedRating')} />
              </>
            )}
          />
        )}
        {data.can.assess && !r?.decidedAt && lastPeriod && (
          <StepForm
            title={t('eval.generalTitle')}
            method="PUT"
            url={(s) => `/api/evaluation/staff/${data.staff.id}/general/${s.period || lastPeriod}`}
            onDone={onChanged}
            labels={{ points: t('eval.generalPoints', { max: data.ruleSet?.generalMax ?? 30 }), comment: t('eval.comment') }}
            build={(s) => ({ points: s.points === undefined || s.points === '' ? NaN : Number(s.points.replace(',', '.')), comment: s.comment || null })}
            fields={(s, set, err) => (
              <>
                <SelectField label={t('eval.period')} value={s.period || lastPeriod} onChange={(e) => set('period', e.target.value)}>
                  {scorable.map((p) => (
                    <option key={p.period} value={p.period}>
                      {p.label}
                    </option>
                  ))}
                </SelectField>
                <Field
                  label={t('eval.generalPoints', { max: data.ruleSet?.generalMax ?? 30 })}
                  inputMode="decimal"
                  value={s.points ?? ''}
                  onChange={(e) => set('points', e.target.value)}
                  error={fieldError(err, 'points')}
                />
                <TextArea label={t('eval.comment')} value={s.comment ?? ''} onChange={(v) => set('comment', v)} error={fieldError(err, 'comment')} />
              </>
            )}
          />
        )}
        {data.can.assess && !r?.decidedAt && (
          <StepForm
            title={t('eval.step.collective')}
            url={`${base}/collective`}
            onDone={onChanged}
            labels={{ comment: t('eval.comment') }}
            build={(s) => ({ comment: s.text ?? '' })}
            fields={(s, set, err) => <TextArea label={t('eval.comment')} value={s.text ?? ''} onChange={(v) => set('text', v)} error={fieldError(err, 'comment')} />}
          />
        )}
        {data.can.assess && !r?.decidedAt && (
          <StepForm
            title={t('eval.step.manager')}
            url={`${base}/manager`}
            onDone={onChanged}
            labels={{ comment: t('eval.comment'), proposedRating: t('eval.proposed'), disciplineNote: t('eval.disciplineNote') }}
            build={(s) => ({ comment: s.text ?? '', proposedRating: s.rating || undefined, disciplined: s.disciplined === 'yes', disciplineNote: s.note || null })}
            fields={(s, set, err) => (
              <>
                <TextArea label={t('eval.comment')} value={s.text ?? ''} onChange={(v) => set('text', v)} error={fieldError(err, 'comment')} />
                <RatingSelect label={t('eval.proposed')} value={s.rating ?? ''} onChange={(v) => set('rating', v)} error={fieldError(err, 'proposedRating')} />
                <SelectField label={t('eval.disciplined')} value={s.disciplined ?? 'no'} onChange={(e) => set('disciplined', e.target.value)}>
                  <option value="no">{t('common.no')}</option>
                  <option value="yes">{t('common.yes')}</option>
                </SelectField>
                {s.disciplined === 'yes' && <Field label={t('eval.disciplineNote')} value={s.note ?? ''} onChange={(e) => set('note', e.target.value)} error={fieldError(err, 'disciplineNote')} />}
              </>
            )}
          />
        )}
        {data.can.decide && r?.managerAt && !r.decidedAt && (
          <StepForm
            title={t('eval.step.decision')}
            url={`${base}/decision`}
            onDone={onChanged}
            labels={{ rating: t('eval.decidedRating'), overrideReason: t('eval.overrideReason') }}
            build={(s) => ({ rating: s.rating || undefined, decisionNumber: s.number || null, overrideReason: s.reason || null })}
            fields={(s, set, err) => (
              <>
                <p>
                  <small>
                    {t('eval.computed')}: <RatingBadge rating={data.rating} />
                  </small>
                </p>
                <RatingSelect label={t('eval.decidedRating')} value={s.rating ?? ''} onChange={(v) => set('rating', v)} error={fieldError(err, 'rating')} />
                <Field label={t('eval.decisionNumber')} value={s.number ?? ''} onChange={(e) => set('number', e.target.value)} />
                <TextArea label={t('eval.overrideReason')} value={s.reason ?? ''} onChange={(v) => set('reason', v)} error={fieldError(err, 'overrideReason')} />
              </>
            )}
          />
        )}
        {data.can.appeal && (
          <StepForm
            title={t('eval.appeal')}
            url={`${base}/appeal`}
            onDone={onChanged}
            labels={{ reason: t('eval.appealReason') }}
            build={(s) => ({ reason: s.text ?? '' })}
            fields={(s, set, err) => <TextArea label={t('eval.appealReason')} value={s.text ?? ''} onChange={(v) => set('text', v)} error={fieldError(err, 'reason')} />}
          />
        )}
        {data.can.decide &&
          data.appeals
            .filter((a) => a.outcome === 'PENDING')
            .map((a) => (
              <StepForm
                key={a.id}
                title={t('eval.appealOutcome')}
                url={`/api/evaluation/appeals/${a.id}/outcome`}
                onDone={onChanged}
                labels={{ rating: t('eval.decidedRating'), note: t('eval.comment') }}
                build={(s) => ({ outcome: s.outcome || 'REJECTED', rating: s.rating || null, note: s.note ?? '' })}
                fields={(s, set, err) => (
                  <>
                    <SelectField label={t('eval.appealOutcome')} value={s.outcome ?? 'REJECTED'} onChange={(e) => set('outcome', e.target.value)}>
                      <option value="REJECTED">{t('eval.appeal.REJECTED')}</option>
                      <option value="UPHELD">{t('eval.appeal.UPHELD')}</option>
                    </SelectField>
                    {s.outcome === 'UPHELD' && <RatingSelect label={t('eval.decidedRating')} value={s.rating ?? ''} onChange={(v) => set('rating', v)} error={fieldError(err, 'rating')} />}
                    <TextArea label={t('eval.comment')} value={s.note ?? ''} onChange={(v) => set('note', v)} error={fieldError(err, 'note')} />
                  </>
                )}
              />
            ))}
      </div>
    </div>
  );
}

function useYear(): [number, (y: number) => void] {
  const [y, setY] = useSearchParam('year');
  const year = /^\d{4}$/.test(y) ? Number(y) : new Date().getFullYear();
  return [year, (n) => setY(String(n))];
}

function YearSelect({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const { t } = useI18n();
  const now = new Date().getFullYear();
  return (
    <SelectField label={t('eval.year')} value={String(year)} onChange={(e) => onChange(Number(e.target.value))}>
      {[now, now - 1, now - 2].map((y) => (
        <option key={y} value={y}>
          {y}
        </option>
      ))}
    </SelectField>
  );
}

function Mine({ year }: { year: number }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['evaluation', 'me', year], queryFn: ({ signal }) => api<PersonEvaluation>('/api/evaluation/me', { query: { year }, signal }), retry: false });
  if (query.error && (query.error as { code?: string }).code === 'NOT_IN_STAFF_REGISTER') return <p className="state state-empty">{t('eval.notLinked')}</p>;
  return <QueryView query={query}>{(data) => <PersonYear data={data} year={year} onChanged={() => void qc.invalidateQueries({ queryKey: ['evaluation'] })} />}</QueryView>;
}

function Unit({ year }: { year: number }) {
  const { t, num } = useI18n();
  const [unit, setUnit] = useSearchParam('unit');
  const query = useQuery({
    queryKey: ['evaluation', 'unit', year, unit],
    queryFn: ({ signal }) => api<UnitEvaluation>('/api/evaluation/units', { query: { year, orgUnit: unit || undefined }, signal }),
  });
  return (
    <>
      <div className="toolbar">
        <OrgUnitPicker label={t('eval.unitCode')} value={unit} onChange={(code) => setUnit(code)} hint={t('eval.unitHint')} />
      </div>
      <QueryView query={query} isEmpty={(d) => d.people.length === 0} empty={t('eval.noPeople')}>
        {(data) => (
          <>
            <div className="grid grid-2">
              <div className="card">
                <h3>{t('eval.distribution')}</h3>
                <ul className="eval-bars">
                  {data.distribution.points.map((b) => {
                    const max = Math.max(1, ...data.distribution.points.map((x) => x.count));
                    return (
                      <li key={b.label}>
                        <span>{b.label}</span>
                        <span className="bar" style={{ width: `${(b.count / max) * 100}%` }} aria-hidden="true" />
                        <strong>{b.count}</strong>
                      </li>
                    );
                  })}
                </ul>
                <p>
                  {RATING_ORDER.map((r) => (
                    <span key={r}>
                      <RatingBadge rating={r} /> {data.distribution.computed[r]}{' '}
                    </span>
                  ))}
                </p>
              </div>
              <div className="card" data-testid="quota">
                <h3>{t('eval.quota')}</h3>
                {data.quotas.map((q) => (
                  <p key={`${q.orgUnitId}-${q.ruleSetId}`}>
                    <strong>{q.orgUnitName}</strong> ({q.ruleSetId === 'DECREE_335_2025' ? t('eval.group.CONG_CHUC') : t('eval.group.VIEN_CHUC')}):{' '}
                    {t('eval.quotaLine', { candidates: q.candidates, allowed: q.allowed, good: q.good })}
                    {q.aboveLineNames.length > 0 && (
                      <>
                        <br />
                        <span className="badge badge-warn">{t('eval.aboveLine')}</span> {q.aboveLineNames.join(', ')}
                      </>
                    )}
                  </p>
                ))}
                {data.noTasks.length > 0 && (
                  <p>
                    <strong>{t('eval.noTasksTitle')}</strong> {data.noTasks.map((p) => p.fullName).join(', ')} <br />
                    <small className="muted">{t('eval.noTasksHint')}</small>
                  </p>
                )}
              </div>
            </div>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('eval.person')}</th>
                    <th className="hide-phone">{t('eval.kind')}</th>
                    <th className="num">{t('eval.yearPoints')}</th>
                    <th>{t('eval.computed')}</th>
                    <th className="hide-phone">{t('eval.stepCol')}</th>
                    <th>{t('eval.decided')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.people.map((p) => (
                    <tr key={p.staffId} data-staff={p.staffId} className={p.aboveQuotaLine ? 'eval-above' : undefined}>
                      <td>
                        <Link to={`/evaluation/staff/${p.staffId}?year=${year}`}>{p.fullName}</Link>
                        <br />
                        <small className="muted">{p.position}</small>
                      </td>
                      <td className="hide-phone">{t(`eval.kind.${p.kind}` as MessageKey)}</td>
                      <td className="num">{p.noTasks ? <span className="badge badge-warn">{t('eval.noTasksShort')}</span> : num(p.points, 2)}</td>
                      <td>
                        <RatingBadge rating={p.rating} />
                        {p.aboveQuotaLine && (
                          <small className="muted">
                            {' '}
                            ({p.scoreRating} → {p.rating})
                          </small>
                        )}
                      </td>
                      <td className="hide-phone">{t(`eval.step.${p.step}` as MessageKey)}</td>
                      <td>
                        <RatingBadge rating={p.decidedRating} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryView>
    </>
  );
}

function Decisions({ year }: { year: number }) {
  const { t, num, date } = useI18n();
  const query = useQuery({ queryKey: ['evaluation', 'decisions', year], queryFn: ({ signal }) => api<{ items: DecisionItem[] }>('/api/evaluation/decisions', { query: { year }, signal }) });
  return (
    <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('eval.noDecisions')}>
      {(data) => (
        <div className="table-wrap">
          <table data-testid="decisions">
            <thead>
              <tr>
                <th>{t('eval.person')}</th>
                <th className="num">{t('eval.yearPoints')}</th>
                <th>{t('eval.computed')}</th>
                <th>{t('eval.decided')}</th>
                <th className="hide-phone">{t('eval.decisionNumber')}</th>
                <th>{t('eval.appeal')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.staffId}>
                  <td>
                    <Link to={`/evaluation/staff/${d.staffId}?year=${year}`}>{d.fullName}</Link>
                    <br />
                    <small className="muted">
                      {d.orgUnit.nameVi} · {date(d.decidedAt)}
                    </small>
                  </td>
                  <td className="num">{num(d.computedPoints, 2)}</td>
                  <td>
                    <RatingBadge rating={d.computedRating} />
                  </td>
                  <td>
                    <RatingBadge rating={d.finalRating} />
                    {d.overrideReason && (
                      <>
                        <br />
                        <small className="muted">
                          {t('eval.override')}: {d.overrideReason}
                        </small>
                      </>
                    )}
                  </td>
                  <td className="hide-phone">{d.decisionNumber ?? '–'}</td>
                  <td>
                    {d.appeals.map((a) => (
                      <small key={a.id}>{t(`eval.appeal.${a.outcome}` as MessageKey)} </small>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryView>
  );
}

function StaffPage({ id }: { id: number }) {
  const [year, setYear] = useYear();
  const { t } = useI18n();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['evaluation', 'staff', id, year], queryFn: ({ signal }) => api<PersonEvaluation>(`/api/evaluation/staff/${id}`, { query: { year }, signal }) });
  return (
    <section>
      <PageHeader title={t('eval.title')} intro={t('eval.intro')}>
        <Link to={`/evaluation?tab=unit&year=${year}`} className="btn">
          {t('eval.tab.unit')}
        </Link>
      </PageHeader>
      <div className="toolbar">
        <YearSelect year={year} onChange={setYear} />
      </div>
      <QueryView query={query}>{(data) => <PersonYear data={data} year={year} onChanged={() => void qc.invalidateQueries({ queryKey: ['evaluation'] })} />}</QueryView>
    </section>
  );
}

export default function EvaluationPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [tab, setTab] = useSearchParam('tab');
  const [year, setYear] = useYear();
  if (params.id) return <StaffPage id={Number(params.id)} />;
  const tabs: { key: string; label: MessageKey; show: boolean }[] = [
    { key: '', label: 'eval.tab.mine', show: true },
    { key: 'unit', label: 'eval.tab.unit', show: can('evaluation.read') },
    { key: 'decisions', label: 'eval.tab.decisions', show: true },
    { key: 'rules', label: 'eval.tab.rules', show: true },
  ];
  const current = tabs.find((x) => x.key === tab && x.show)?.key ?? '';
  return (
    <section>
      <PageHeader title={t('eval.title')} intro={t('eval.intro')} />
      <div className="tabs eval-tabs" role="tablist">
        {tabs
          .filter((x) => x.show)
          .map((x) => (
            <button key={x.key} type="button" role="tab" aria-selected={current === x.key} className={current === x.key ? 'active' : ''} onClick={() => setTab(x.key || null)}>
              {t(x.label)}
            </button>
          ))}
      </div>
      {current !== 'rules' && (
        <div className="toolbar">
          <YearSelect year={year} onChange={setYear} />
        </div>
      )}
      {current === '' && <Mine year={year} />}
      {current === 'unit' && <Unit year={year} />}
      {current === 'decisions' && <Decisions year={year} />}
      {current === 'rules' && <RuleSetsTab />}
    </section>
  );
}
