import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, apiUpload, downloadFile, fieldError } from '../api/client.ts';
import type { TakedownBatch, TakedownCase, TakedownCaseDetail } from '../api/takedown.ts';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, FormActions, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, useSearchParam } from '../router.tsx';
import { OutcomeBadge } from './takedown.tsx';
import { NewCaseDialog, vnInstant } from './takedown-forms.tsx';

/** Where a case stands against the platform's 24 hours: acted in time, late, still running, or overdue. */
function DeadlineStatus({ c }: { c: TakedownCaseDetail }) {
  const { t, num } = useI18n();
  // Refused, or said removed but a re-check found it still there: not removed, whatever the time.
  if (c.outcome === 'REFUSED' || c.outcome === 'STILL_PRESENT')
    return (
      <span className="badge badge-bad" data-deadline="not-removed">
        {t('takedown.deadline.notRemoved')}
      </span>
    );
  if (c.outcome === 'REMOVED' || c.outcome === 'GEO_BLOCKED') {
    return c.withinDeadline ? (
      <span className="badge badge-ok" data-deadline="met">
        {t('takedown.deadline.met')}
      </span>
    ) : (
      <span className="badge badge-warn" data-deadline="late">
        {t('takedown.deadline.late')}
      </span>
    );
  }
  const left = (Date.parse(c.deadline) - Date.now()) / 3_600_000;
  if (left > 0)
    return (
      <span className="badge badge-info" data-deadline="running">
        {t('takedown.deadline.left', { h: num(left, 1) })}
      </span>
    );
  return (
    <span className="badge badge-bad" data-deadline="overdue">
      {t('takedown.deadline.overdue')}
    </span>
  );
}

/** The case's evidence files: listed for reading, added by those who record. The server judges a file's type by its content. */
function Evidence({ c }: { c: TakedownCaseDetail }) {
  const { t, num } = useI18n();
  const queryClient = useQueryClient();
  const [inputKey, setInputKey] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (file) form.append('file', file);
      return apiUpload(`/api/takedown/cases/${c.id}/evidence`, form, setProgress);
    },
    onSuccess: () => {
      setFile(null);
      setInputKey((k) => k + 1);
      void queryClient.invalidateQueries({ queryKey: ['takedown', 'case', c.id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate();
  };
  return (
    <>
      <h3>{t('takedown.evidence')}</h3>
      {c.evidence.length === 0 ? (
        <p className="muted">{t('takedown.noEvidence')}</p>
      ) : (
        <ul className="evidence-list">
          {c.evidence.map((e) => (
            <li key={e.id}>
              <button type="button" className="link" onClick={() => void downloadFile(`/api/takedown/cases/${c.id}/evidence/${e.id}`, e.fileName)}>
                {e.fileName}
              </button>{' '}
              <small className="muted">({num(Math.max(1, Math.round(e.sizeBytes / 1024)))} KB)</small>
            </li>
          ))}
        </ul>
      )}
      {c.can.write && (
        <form onSubmit={submit} noValidate aria-label={t('takedown.addEvidence')}>
          <Field
            key={inputKey}
            label={t('takedown.evidenceFile')}
            hint={t('takedown.evidenceHint')}
            type="file"
            accept=".png,.jpg,.jpeg,.pdf,.docx,.xlsx"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
            error={fieldError(upload.error, 'file') ?? (upload.error ? upload.error.message : undefined)}
          />
          {upload.isPending && <progress value={progress} max={1} aria-label={t('takedown.uploading')} />}
          <div className="form-actions">
            <button type="submit" className="btn" disabled={!file || upload.isPending}>
              {t('takedown.upload')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function CaseDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, date, num } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['takedown', 'case', id], queryFn: ({ signal }) => api<TakedownCaseDetail>(`/api/takedown/cases/${id}`, { signal }) });
  const [answer, setAnswer] = useState({ outcome: 'REMOVED', answeredAt: '', reason: '' });
  const [check, setCheck] = useState({ checkedAt: '', isPresent: 'false', checkedBy: '', note: '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['takedown'] });
  const saveAnswer = useMutation({
    mutationFn: () => api(`/api/takedown/cases/${id}/answers`, { method: 'POST', body: { outcome: answer.outcome, answeredAt: vnInstant(answer.answeredAt), reason: answer.reason.trim() || null } }),
    onSuccess: () => {
      setAnswer({ outcome: 'REMOVED', answeredAt: '', reason: '' });
      refresh();
    },
  });
  const saveCheck = useMutation({
    mutationFn: () =>
      api(`/api/takedown/cases/${id}/rechecks`, {
        method: 'POST',
        body: { checkedAt: vnInstant(check.checkedAt), isPresent: check.isPresent === 'true', checkedBy: check.checkedBy, note: check.note.trim() || null },
      }),
    onSuccess: () => {
      setCheck({ checkedAt: '', isPresent: 'false', checkedBy: '', note: '' });
      refresh();
    },
  });
  const submit = (m: { mutate: () => void }) => (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <Dialog title={t('takedown.case', { id })} open onClose={onClose}>
      <QueryView query={query}>
        {(c) => (
          <div className="takedown-case">
            <dl className="facts">
              <dt>{t('takedown.url')}</dt>
              <dd className="url-cell">
                <a href={c.url} rel="noreferrer noopener" target="_blank">
                  {c.url}
                </a>
              </dd>
              <dt>{t('takedown.account')}</dt>
              <dd>{c.account ?? '–'}</dd>
              <dt>{t('takedown.kind')}</dt>
              <dd>{t(`takedown.kind.${c.violationKind}` as MessageKey)}</dd>
              <dt>{t('takedown.legalBasis')}</dt>
              <dd>{c.legalBasis}</dd>
              <dt>{t('takedown.foundBy')}</dt>
              <dd>
                {t(`takedown.foundBy.${c.foundBy}` as MessageKey)}
                {c.foundByDetail ? ` — ${c.foundByDetail}` : ''}
              </dd>
              <dt>{t('takedown.sentAt')}</dt>
              <dd>{date(c.sentAt, true)}</dd>
              {c.description && (
                <>
                  <dt>{t('takedown.description')}</dt>
                  <dd>{c.description}</dd>
                </>
              )}
              <dt>{t('takedown.deadline')}</dt>
              <dd>
                {date(c.deadline, true)}
                {c.hoursToAct !== null && ` · ${t('takedown.hoursToAct', { h: num(c.hoursToAct, 1) })}`} <DeadlineStatus c={c} />
              </dd>
              <dt>{t('takedown.outcome')}</dt>
              <dd>
                <OutcomeBadge outcome={c.outcome} withinDeadline={c.withinDeadline} />
              </dd>
            </dl>
            <h3>{t('takedown.answers')}</h3>
            {c.answers.length === 0 ? (
              <p className="muted">{t('takedown.noAnswers')}</p>
            ) : (
              <ul className="history">
                {c.answers.map((a) => (
                  <li key={a.id}>
                    {date(a.answeredAt, true)} — {t(`takedown.answer.${a.outcome}` as MessageKey)}
                    {a.reason ? `: ${a.reason}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('takedown.rechecks')}</h3>
            {c.rechecks.length === 0 ? (
              <p className="muted">{t('takedown.noRechecks')}</p>
            ) : (
              <ul className="history">
                {c.rechecks.map((r) => (
                  <li key={r.id}>
                    {date(r.checkedAt, true)} — {r.isPresent ? t('takedown.present') : t('takedown.gone')} ({r.checkedBy}){r.note ? `: ${r.note}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <Evidence c={c} />
            {c.can.write && (
              <>
                <form onSubmit={submit(saveAnswer)} noValidate aria-label={t('takedown.addAnswer')}>
                  <h3>{t('takedown.addAnswer')}</h3>
                  <div className="grid grid-2">
                    <SelectField label={t('takedown.outcome')} value={answer.outcome} onChange={(e) => setAnswer({ ...answer, outcome: e.target.value })}>
                      {(['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER'] as const).map((o) => (
                        <option key={o} value={o}>
                          {t(`takedown.answer.${o}` as MessageKey)}
                        </option>
                      ))}
                    </SelectField>
                    <Field
                      label={t('takedown.answeredAt')}
                      type="datetime-local"
                      value={answer.answeredAt}
                      onChange={(e) => setAnswer({ ...answer, answeredAt: e.target.value })}
                      error={fieldError(saveAnswer.error, 'answeredAt')}
                    />
                    <Field label={t('takedown.reason')} value={answer.reason} onChange={(e) => setAnswer({ ...answer, reason: e.target.value })} error={fieldError(saveAnswer.error, 'reason')} />
                  </div>
                  {saveAnswer.error && <FormError error={saveAnswer.error} />}
                  <FormActions onCancel={onClose} pending={saveAnswer.isPending} submitLabel={t('takedown.saveAnswer')} />
                </form>
                <form onSubmit={submit(saveCheck)} noValidate aria-label={t('takedown.addRecheck')}>
                  <h3>{t('takedown.addRecheck')}</h3>
                  <div className="grid grid-2">
                    <Field
                      label={t('takedown.checkedAt')}
                      type="datetime-local"
                      value={check.checkedAt}
                      onChange={(e) => setCheck({ ...check, checkedAt: e.target.value })}
                      error={fieldError(saveCheck.error, 'checkedAt')}
                    />
                    <SelectField label={t('takedown.recheckResult')} value={check.isPresent} onChange={(e) => setCheck({ ...check, isPresent: e.target.value })}>
                      <option value="false">{t('takedown.gone')}</option>
                      <option value="true">{t('takedown.present')}</option>
                    </SelectField>
                    <Field
                      label={t('takedown.checkedBy')}
                      value={check.checkedBy}
                      onChange={(e) => setCheck({ ...check, checkedBy: e.target.value })}
                      error={fieldError(saveCheck.error, 'checkedBy')}
                    />
                    <Field label={t('takedown.note')} value={check.note} onChange={(e) => setCheck({ ...check, note: e.target.value })} />
                  </div>
                  {saveCheck.error && <FormError error={saveCheck.error} />}
                  <FormActions onCancel={onClose} pending={saveCheck.isPending} submitLabel={t('takedown.saveRecheck')} />
                </form>
              </>
            )}
          </div>
        )}
      </QueryView>
    </Dialog>
  );
}

export default function TakedownBatchPage({ params }: { params: Record<string, string> }) {
  const { t, date, num } = useI18n();
  const [caseParam, setCase] = useSearchParam('case');
  const [adding, setAdding] = useState(false);
  const id = Number(params.id);
  const query = useQuery({
    queryKey: ['takedown', 'batch', id],
    queryFn: ({ signal }) => api<TakedownBatch & { cases: TakedownCase[]; can: { write: boolean } }>(`/api/takedown/batches/${id}`, { signal }),
  });
  const pct = (v: number | null) => (v === null ? '–' : `${num(v, 1)} %`);
  return (
    <section>
      <QueryView query={query}>
        {(b) => (
          <>
            <PageHeader
              title={t('takedown.batchTitle', { number: b.letterNumber, platform: b.platform.nameVi })}
              intro={`${b.orgUnit.nameVi} · ${t('takedown.letterDate')} ${date(b.letterDate)} · ${t('takedown.sentAt')} ${date(b.sentAt, true)}`}
            >
              {b.can.write && (
                <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
                  + {t('takedown.newCase')}
                </button>
              )}
              <Link to="/takedown?tab=batches" className="btn">
                {t('takedown.back')}
              </Link>
            </PageHeader>
            {b.note && <p>{b.note}</p>}
            <div className="counters">
              <div className="counter">
                <strong>{num(b.score.requests)}</strong>
                <span>{t('takedown.items')}</span>
              </div>
              <div className="counter">
                <strong>{pct(b.score.rates.removed)}</strong>
                <span>{t('takedown.rate.removed')}</span>
              </div>
              <div className="counter">
                <strong>{pct(b.score.rates.geoBlocked)}</strong>
                <span>{t('takedown.rate.geoBlocked')}</span>
              </div>
              <div className="counter">
                <strong>{pct(b.score.rates.refused)}</strong>
                <span>{t('takedown.rate.refused')}</span>
              </div>
              <div className="counter">
                <strong>{pct(b.score.rates.withinDeadline)}</strong>
                <span>{t('takedown.rate.withinDeadline')}</span>
              </div>
            </div>
            {b.cases.length === 0 ? (
              <p className="muted">{b.can.write ? t('takedown.batchEmptyWrite') : t('takedown.batchEmpty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="takedown-cases">
                  <thead>
                    <tr>
                      <th>{t('takedown.url')}</th>
                      <th className="hide-phone">{t('takedown.account')}</th>
                      <th className="hide-phone">{t('takedown.kind')}</th>
                      <th>{t('takedown.outcome')}</th>
                      <th>
                        <span className="sr-only">{t('takedown.open')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.cases.map((c) => (
                      <tr key={c.id} data-case={c.id}>
                        <td className="url-cell">{c.url.replace(/^https?:\/\/(www\.)?/, '')}</td>
                        <td className="hide-phone">{c.account ?? '–'}</td>
                        <td className="hide-phone">{t(`takedown.kind.${c.violationKind}` as MessageKey)}</td>
                        <td>
                          <OutcomeBadge outcome={c.outcome} withinDeadline={c.withinDeadline} />
                        </td>
                        <td>
                          <button type="button" className="btn btn-small" onClick={() => setCase(String(c.id))}>
                            {b.can.write ? t('takedown.record') : t('takedown.open')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryView>
      {caseParam && <CaseDialog id={Number(caseParam)} onClose={() => setCase(null)} />}
      {adding && <NewCaseDialog batchId={id} onClose={() => setAdding(false)} />}
    </section>
  );
}
