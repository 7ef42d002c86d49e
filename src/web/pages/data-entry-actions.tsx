import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { api, ApiError, apiUpload, buildQuery, type ApiErrorDetail } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { formSchema } from '../../server/modules/regimes/schema.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Notice } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { sourceLabel } from '../lib/labels.ts';
import { uploadOutcome, uploadProblemText } from '../lib/upload-messages.ts';
import type { historySchema } from '../../server/modules/data-values/schema.ts';

type FormView = Wire<typeof formSchema>;

/** An upload refused as a whole: its headline, then each problem naming its place once. */
function UploadError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!(error instanceof ApiError)) return <FormError error={error} />;
  const lines = error.details.map((d) => ({ path: d.path, text: uploadProblemText(d.path, d.message, lang, true) })).filter((l) => l.text !== null);
  return (
    <div className="form-error" role="alert">
      <p>{error.message}</p>
      {lines.length > 0 && (
        <ul>
          {lines.slice(0, 200).map((l, i) => (
            <li key={i} data-cell={l.path}>
              {l.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Action = 'submit' | 'approve' | 'return' | 'reopen' | 'withdraw';

interface UploadResult {
  regime: string;
  period: string;
  sheets: string[];
  cells: number;
  summary: { status: 'SUCCESS' | 'WARNING' | 'ERROR'; imported: number; updated: number; ignored: number; deleted: number; conflictCount: number; total: number; dryRun: boolean };
  errors: { path: string; code: string; message: string }[];
}

function useRefreshAfterWrite() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of ['form', 'analytics', 'overview', 'completeness', 'alerts']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

const DONE: Record<Action, MessageKey> = { submit: 'entry.submitted', approve: 'entry.approved', return: 'entry.returned', reopen: 'entry.reopened', withdraw: 'entry.withdrawn' };
const WITH_REASON = new Set<Action>(['return', 'reopen', 'withdraw']);

/**
 * Submit, withdraw, approve, return and reopen, each shown only to whom the workflow and the role allow.
 * `checkBeforeSubmit` names the compulsory fields still empty before anything is sent; `onFieldErrors` gets
 * the server's messages that name a field.
 */
export function WorkflowActions({
  form,
  regime,
  period,
  orgUnit,
  dirty,
  saveFailed = false,
  checkBeforeSubmit,
  onFieldErrors,
}: {
  form: FormView;
  regime: string;
  period: string;
  orgUnit: string;
  dirty: boolean;
  /** The last save was refused: sending waits for the values to be corrected and saved. */
  saveFailed?: boolean;
  checkBeforeSubmit?: () => boolean;
  onFieldErrors?: (details: { path: string; message: string }[]) => void;
}) {
  const { t } = useI18n();
  const { can, me } = useAuth();
  const refresh = useRefreshAfterWrite();
  // 'submit' asks for the comment that explains validation warnings before sending again.
  const [asking, setAsking] = useState<'submit' | 'return' | 'reopen' | 'withdraw' | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<MessageKey | null>(null);
  const act = useMutation({
    mutationFn: (action: Action) =>
      api<{ status: string; warnings?: { message: string }[] }>(`/api/regimes/${encodeURIComponent(regime)}/${action}`, {
        method: 'POST',
        body: WITH_REASON.has(action) ? { orgUnit, period, reason } : action === 'submit' && reason.trim() ? { orgUnit, period, comment: reason.trim() } : { orgUnit, period },
      }),
    onSuccess: (_result, action) => {
      setDone(DONE[action]);
      setAsking(null);
      setReason('');
      refresh();
    },
    onMutate: () => setDone(null),
    onError: (error) => {
      if (error instanceof ApiError && onFieldErrors) onFieldErrors(error.details);
    },
  });
  const status = form.status.status;
  const canSubmit = can('data.write') && form.editable && ['NOT_STARTED', 'DRAFT', 'RETURNED'].includes(status);
  const canDecide = can('data.approve') && status === 'SUBMITTED';
  const canReopen = can('data.approve') && status === 'APPROVED';
  // The unit takes its own report back while nobody has approved it (the server refuses it once approved).
  // An approver with write rights too (an administrator) sees it only on a report they sent themselves.
  const canWithdraw = can('data.write') && status === 'SUBMITTED' && (!can('data.approve') || (form.status.submittedBy ?? null) === (me?.user?.username ?? undefined));
  const confirmReason = (event: MouseEvent) => {
    event.preventDefault();
    if (asking) act.mutate(asking);
  };
  const warnings = act.data?.warnings ?? [];
  const needsComment = act.error instanceof ApiError && act.error.details.some((d) => d.code === 'VALIDATION_WARNING_NEEDS_COMMENT');
  return (
    <>
      {canSubmit && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={dirty || act.isPending}
          aria-describedby={dirty ? 'submit-blocked' : undefined}
          onClick={() => {
            if (checkBeforeSubmit && !checkBeforeSubmit()) return;
            act.mutate('submit');
          }}
        >
          {t('entry.submit')}
        </button>
      )}
      {canWithdraw && (
        <button type="button" className="btn" disabled={act.isPending} onClick={() => setAsking('withdraw')}>
          {t('entry.withdraw')}
        </button>
      )}
      {canDecide && (
        <>
          <button type="button" className="btn btn-primary" disabled={act.isPending} onClick={() => act.mutate('approve')}>
            {t('entry.approve')}
          </button>
          <button type="button" className="btn btn-danger" disabled={act.isPending} onClick={() => setAsking('return')}>
            {t('entry.return')}
          </button>
        </>
      )}
      {canReopen && (
        <button type="button" className="btn" disabled={act.isPending} onClick={() => setAsking('reopen')}>
          {t('entry.reopen')}
        </button>
      )}
      {canSubmit && dirty && (
        // Why the button is greyed out, in words (a tooltip reaches neither touch screens nor every screen reader).
        <p id="submit-blocked" className="submit-blocked small" data-submit-blocked="true">
          {t(saveFailed ? 'entry.submitBlockedErrors' : 'entry.submitBlockedUnsaved')}
        </p>
      )}
      <div className="workflow-feedback">
        {done && <Notice>{t(done)}</Notice>}
        {warnings.length > 0 && (
          <Notice kind="warn">
            <ul>
              {warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          </Notice>
        )}
        {act.error && !asking && <FormError error={act.error} />}
        {needsComment && !asking && canSubmit && (
          <button type="button" className="btn" onClick={() => setAsking('submit')}>
            {t('entry.explainAndSubmit')}
          </button>
        )}
      </div>
      <Dialog
        title={asking === 'return' ? t('entry.return') : asking === 'submit' ? t('entry.explainAndSubmit') : asking === 'withdraw' ? t('entry.withdraw') : t('entry.reopen')}
        open={asking !== null}
        onClose={() => setAsking(null)}
      >
        {/* Not a <form>: the actions live inside the data form, and a form inside a form is never submitted. */}
        <div className="reason-form" role="group">
          <div className="field">
            <label htmlFor="wf-reason">
              {asking === 'return' ? t('entry.returnReason') : asking === 'submit' ? t('entry.submitComment') : asking === 'withdraw' ? t('entry.withdrawReason') : t('entry.reopenReason')}
            </label>
            <textarea id="wf-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
          </div>
          {act.error && <FormError error={act.error} />}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" disabled={act.isPending || reason.trim().length < 3} onClick={confirmReason}>
              {asking === 'return' ? t('entry.return') : asking === 'submit' ? t('entry.submit') : asking === 'withdraw' ? t('entry.withdraw') : t('entry.reopen')}
            </button>
          </div>
        </div>
      </Dialog>
    </>
  );
}

interface UploadJob {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  progress: number;
  result: UploadResult | null;
  error: { code: string; status: number; message: string; details: ApiErrorDetail[] } | null;
}

const isFinished = (job: UploadJob | undefined) => job?.status === 'DONE' || job?.status === 'FAILED';

/** The upload job of one form (regime, period, unit) survives leaving the page: its id is kept in the browser. */
const uploadJobKey = (regime: string, period: string, orgUnit: string) => `tiendo.excelUploadJob:${regime}:${period}:${orgUnit}`;

function readUploadJob(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeUploadJob(key: string, id: string | null): void {
  try {
    if (id) localStorage.setItem(key, id);
    else localStorage.removeItem(key);
  } catch {
    // Storage refused (private mode): the job is still shown while the page stays open.
  }
}

/**
 * Excel round trip: the template for this unit and period, and the upload with per-cell errors. The
 * upload runs as a server job: its progress and result are shown again when the user comes back.
 */
export function ExcelPanel({ regime, period, orgUnit, editable, reason }: { regime: string; period: string; orgUnit: string; editable: boolean; reason?: string | null }) {
  const { t, lang } = useI18n();
  const refresh = useRefreshAfterWrite();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const storageKey = uploadJobKey(regime, period, orgUnit);
  const [job, setJob] = useState<{ key: string; id: string | null }>(() => ({ key: storageKey, id: readUploadJob(storageKey) }));
  // Another form on the same page: pick up that form's own job, if any.
  const jobId = job.key === storageKey ? job.id : readUploadJob(storageKey);
  useEffect(() => {
    if (job.key !== storageKey) setJob({ key: storageKey, id: readUploadJob(storageKey) });
  }, [job.key, storageKey]);
  const showJob = (id: string | null) => {
    writeUploadJob(storageKey, id);
    setJob({ key: storageKey, id });
  };

  const upload = useMutation({
    mutationFn: (f: File) => {
      const body = new FormData();
      body.append('file', f, f.name);
      setProgress(0);
      return apiUpload<{ jobId: string }>(`/api/regimes/${encodeURIComponent(regime)}/upload`, body, setProgress, { async: 'true' });
    },
    onSettled: () => setProgress(null),
    onSuccess: (started) => showJob(started.jobId),
  });
  const jobQuery = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api<UploadJob>(`/api/jobs/${encodeURIComponent(jobId ?? '')}`),
    enabled: jobId !== null,
    refetchInterval: (query) => (isFinished(query.state.data) || query.state.error ? false : 1000),
    retry: false,
  });
  const current = jobId !== null && jobQuery.data?.id === jobId ? jobQuery.data : undefined;
  // A job the server no longer knows (or that is not ours) is forgotten rather than shown as an error.
  useEffect(() => {
    if (jobId !== null && jobQuery.error instanceof ApiError && jobQuery.error.status === 404) showJob(null);
  });
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (current?.status !== 'DONE' || !current.result || refreshedFor.current === current.id) return;
    refreshedFor.current = current.id;
    const s = current.result.summary;
    if (s.imported + s.updated + s.deleted > 0) refresh();
  });

  const result = current?.status === 'DONE' ? current.result : null;
  const outcome = result ? uploadOutcome(result.summary) : null;
  const failure = current?.status === 'FAILED' && current.error ? new ApiError(current.error.status, current.error.code, current.error.message, current.error.details) : null;
  const working = upload.isPending || (jobId !== null && !isFinished(current) && !jobQuery.error);
  const href = `/api/regimes/${encodeURIComponent(regime)}/template.xlsx${buildQuery({ period, orgUnit, lang })}`;
  return (
    <div className="card excel-panel">
      <div className="excel-row">
        <a className="btn" href={href} download>
          ⬇ {t('entry.downloadTemplate')}
        </a>
        {editable && (
          <form
            className="excel-upload"
            onSubmit={(e) => {
              e.preventDefault();
              if (file) upload.mutate(file);
            }}
          >
            <label htmlFor="excel-file" className="sr-only">
              {t('entry.uploadExcel')}
            </label>
            <input
              id="excel-file"
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                upload.reset();
              }}
            />
            <button type="submit" className="btn" disabled={!file || working}>
              ⬆ {working ? t('common.loading') : t('entry.uploadExcel')}
            </button>
          </form>
        )}
        {!editable && reason && (
          <p className="upload-disabled small muted" data-upload-disabled="true">
            {t('entry.uploadDisabled', { reason })}
          </p>
        )}
        {jobId !== null && (
          <button type="button" className="btn upload-dismiss" onClick={() => showJob(null)}>
            {t('common.close')}
          </button>
        )}
      </div>
      {upload.isPending && progress !== null && (
        <div className="upload-progress">
          <progress max={1} value={progress} aria-label={t('entry.uploadExcel')} />
          <span className="small muted">{progress < 1 ? `${Math.round(progress * 100)} %` : t('entry.checking')}</span>
        </div>
      )}
      {!upload.isPending && jobId !== null && !isFinished(current) && !jobQuery.error && (
        <div className="upload-progress" data-job={jobId}>
          <progress max={1} value={current?.progress ?? 0} aria-label={t('entry.checking')} />
          <span className="small muted">
            {t('entry.checking')} {Math.round((current?.progress ?? 0) * 100)} %
          </span>
        </div>
      )}
      {(upload.error || (jobQuery.error && !(jobQuery.error instanceof ApiError && jobQuery.error.status === 404))) && (
        <div className="upload-errors">
          <UploadError error={upload.error ?? jobQuery.error} />
        </div>
      )}
      {failure && (
        <div className="upload-errors">
          <UploadError error={failure} />
        </div>
      )}
      {result && result.errors.length > 0 && (
        <div className="form-error upload-errors" role="alert">
          <p>{result.summary.imported + result.summary.updated > 0 ? t('entry.uploadDone', { count: result.summary.imported + result.summary.updated }) : t('entry.uploadErrors')}</p>
          <ul>
            {result.errors.slice(0, 200).map((e, i) => (
              <li key={i} data-cell={e.path}>
                {uploadProblemText(e.path, e.message, lang, false)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result && result.errors.length === 0 && (
        <Notice>
          <span data-upload-outcome={outcome?.kind}>
            {outcome?.kind === 'changed'
              ? t('entry.uploadDone', { count: outcome.count })
              : outcome?.kind === 'unchanged'
                ? t('entry.uploadUnchanged', { count: outcome.count })
                : t('entry.uploadEmpty')}
          </span>
        </Notice>
      )}
    </div>
  );
}

/** Every change of the form's values: who, when, from which channel, old and new. */
export function ValueHistory({ period, orgUnit, labels }: { period: string; orgUnit: string; labels: Map<string, string> }) {
  const { t, date, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const sourceWord = (source: string) => sourceLabel(source, lang);
  const history = useQuery({
    queryKey: ['form', 'history', orgUnit, period],
    queryFn: ({ signal }) => api<Wire<typeof historySchema>>('/api/dataValues/history', { query: { orgUnit, period, limit: 200 }, signal }),
    enabled: open,
  });
  return (
    <details className="card history" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('entry.history')}</summary>
      {open && (
        <QueryView query={history} isEmpty={(d) => d.items.length === 0} empty={t('entry.historyEmpty')}>
          {(data) => (
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th>{t('audit.when')}</th>
                    <th>{t('entry.dataElement')}</th>
                    <th>{t('entry.change')}</th>
                    <th>{t('entry.source')}</th>
                    <th>{t('audit.who')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((h) => {
                    const key = h.option ? `${h.dataElement}.${h.option}` : h.dataElement;
                    return (
                      <tr key={h.id}>
                        <td className="num">{date(h.changedAt, true)}</td>
                        <td>{labels.get(key) ?? key}</td>
                        <td className="num">
                          {(h.oldValue !== h.newValue || h.changeType !== 'UPDATE') && (
                            <>
                              {h.oldValue ?? '–'} → <strong>{h.newValue ?? '–'}</strong>
                            </>
                          )}
                          {h.oldComment !== h.newComment && (
                            <div className="small history-comment" data-comment-change={key}>
                              {t('comment.changed', { before: h.oldComment ?? '–', after: h.newComment ?? '–' })}
                            </div>
                          )}
                        </td>
                        <td>{sourceWord(h.source)}</td>
                        <td>{h.changedBy ?? '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      )}
    </details>
  );
}

/**
 * What the approver approves: the figures as submitted, with what changed since the previous submission — or,
 * while the unit has the report back in draft, what it changed since it was sent.
 */
export function ReviewPanel({ form, labels }: { form: FormView; labels: Map<string, string> }) {
  const { t, date, num } = useI18n();
  const review = form.review;
  if (!review) return null;
  const show = (v: number | string | null) => (v === null ? '–' : typeof v === 'number' ? num(v) : v);
  const isSent = form.status.status === 'SUBMITTED' || form.status.status === 'APPROVED';
  const changes = isSent ? review.changesSincePrevious : review.changesSinceSubmitted;
  const changedFields = new Set((changes ?? []).map((c) => c.field));
  const fields = Object.keys(review.figures).sort((a, b) => (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b, 'vi'));
  // The comments, in the form's order (labels follow it), with who wrote each and when.
  const commented = [...labels.keys()].filter((k) => form.comments[k]);
  return (
    <details className="card review" open={changedFields.size > 0 || form.status.status === 'SUBMITTED'} data-review="true">
      <summary>
        <strong>{t('entry.review')}</strong> · {t('entry.reviewSent', { date: date(review.submittedAt, true), who: review.submittedBy ?? '–' })}
        {review.isLate && <span className="badge badge-warn"> {t('report.SUBMITTED_LATE')}</span>}
      </summary>
      {review.comment && (
        <p className="small">
          {t('entry.reviewComment')}: {review.comment}
        </p>
      )}
      {commented.length > 0 && (
        <section className="review-comments" data-review-comments="true">
          <h3>{t('comment.list', { count: commented.length })}</h3>
          <ul className="comment-list">
            {commented.map((k) => {
              const author = form.commentAuthors[k];
              return (
                <li key={k} data-comment-item={k}>
                  <strong>{labels.get(k) ?? k}</strong>
                  <p className="comment-text">{form.comments[k]}</p>
                  {author && <span className="muted small">{t('comment.by', { who: author.writtenBy ?? '–', when: date(author.writtenAt, true) })}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {changes !== null && (
        <section className="review-changes" data-changes={isSent ? 'since-previous' : 'since-submitted'}>
          <h3>{isSent ? t('entry.changesSincePrevious') : t('entry.changesSinceSubmitted')}</h3>
          {changes.length === 0 ? (
            <p className="muted small">{t('entry.noChanges')}</p>
          ) : (
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th>{t('entry.dataElement')}</th>
                    <th className="num">{t('entry.before')}</th>
                    <th className="num">{t('entry.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.field} data-change={c.field}>
                      <td>{labels.get(c.field) ?? c.field}</td>
                      <td className="num diff-before">{show(c.before)}</td>
                      <td className="num diff-after">{show(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <div className="table-wrap flat">
        <table className="review-figures">
          <thead>
            <tr>
              <th>{t('entry.dataElement')}</th>
              <th className="num">{t('entry.sentValue')}</th>
              {commented.length > 0 && <th>{t('comment.column')}</th>}
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f} data-sent={f} className={changedFields.has(f) ? 'changed' : undefined}>
                <td>{labels.get(f) ?? f}</td>
                <td className="num">{show(review.figures[f])}</td>
                {commented.length > 0 && (
                  <td className="review-comment" data-sent-comment={f}>
                    {form.comments[f] ?? ''}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
