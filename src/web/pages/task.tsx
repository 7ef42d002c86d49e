import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, apiUpload, downloadFile, fieldError } from '../api/client.ts';
import type { TaskDetail, TaskEvidence } from '../api/tasks.ts';
import { FormError, QueryView } from '../components/states.tsx';
import { TaskStatusBadge } from '../components/task-status.tsx';
import { Dialog, Field, FormActions, PageHeader } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { TaskForm } from './tasks.tsx';

type Action = 'progress' | 'done' | 'extension' | 'return' | 'cancel' | 'subtask' | null;

/** Progress, done, extension, return and cancel: one form each, a file where evidence is asked for. */
function ActionForm({ task, action, onDone }: { task: TaskDetail; action: Exclude<Action, null | 'subtask'>; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState(String(task.progressPercent));
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: async () => {
      const evidenceIds: number[] = [];
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceIds.push((await apiUpload<TaskEvidence>(`/api/tasks/${task.id}/evidence`, form, () => undefined)).id);
      }
      const url = `/api/tasks/${task.id}`;
      switch (action) {
        case 'progress':
          return api(`${url}/progress`, { method: 'POST', body: { percent: Number(percent), note: note || null, evidenceIds } });
        case 'done':
          return api(`${url}/done`, { method: 'POST', body: { note: note || null, evidenceIds } });
        case 'extension':
          return api(`${url}/extension`, { method: 'POST', body: { newDueDate: date, reason: note || undefined } });
        case 'return':
          return api(`${url}/return`, { method: 'POST', body: { reason: note || undefined } });
        case 'cancel':
          return api(`${url}/cancel`, { method: 'POST', body: { reason: note || undefined } });
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onDone();
    },
  });
  const err = send.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const withFile = action === 'progress' || action === 'done';
  return (
    <form onSubmit={submit} noValidate>
      {action === 'progress' && (
        <Field label={t('tasks.field.progress')} type="number" min={0} max={99} value={percent} onChange={(e) => setPercent(e.target.value)} error={fieldError(err, 'percent')} />
      )}
      {action === 'extension' && <Field label={t('tasks.field.newDueDate')} type="date" value={date} onChange={(e) => setDate(e.target.value)} error={fieldError(err, 'newDueDate')} />}
      <Field label={withFile ? t('tasks.field.note') : t('tasks.field.reason')} value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(err, withFile ? 'note' : 'reason')} />
      {withFile && (
        <Field
          label={t('tasks.field.file')}
          type="file"
          accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          error={fieldError(err, 'file') ?? fieldError(err, 'evidenceIds')}
        />
      )}
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={send.isPending} />
    </form>
  );
}

export default function TaskPage({ params }: { params: Record<string, string> }) {
  const { t, lang, date } = useI18n();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>(null);
  const query = useQuery({ queryKey: ['tasks', 'one', params.id], queryFn: ({ signal }) => api<TaskDetail>(`/api/tasks/${params.id}`, { signal }) });
  const decide = useMutation({
    mutationFn: (body: { path: string; payload: unknown }) => api(`/api/tasks/${params.id}/${body.path}`, { method: 'POST', body: body.payload }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  const titles: Record<Exclude<Action, null>, MessageKey> = {
    progress: 'tasks.reportProgress',
    done: 'tasks.reportDone',
    extension: 'tasks.requestExtension',
    return: 'tasks.return',
    cancel: 'tasks.cancel',
    subtask: 'tasks.subtasks',
  };
  return (
    <QueryView query={query}>
      {(task) => {
        const unit = (u: TaskDetail['leadOrgUnit']) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameVi);
        const open = task.state === 'OPEN';
        return (
          <section>
            <PageHeader title={task.title}>
              {task.can.report && open && (
                <>
                  <button type="button" className="btn" onClick={() => setAction('progress')}>
                    {t('tasks.reportProgress')}
                  </button>
                  <button type="button" className="btn btn-primary" onClick={() => setAction('done')}>
                    {t('tasks.reportDone')}
                  </button>
                  {!task.pendingExtension && (
                    <button type="button" className="btn" onClick={() => setAction('extension')}>
                      {t('tasks.requestExtension')}
                    </button>
                  )}
                </>
              )}
              {task.can.decide && task.state === 'DONE_REPORTED' && (
                <>
                  <button type="button" className="btn btn-primary" disabled={decide.isPending} onClick={() => decide.mutate({ path: 'confirm', payload: {} })}>
                    {t('tasks.confirm')}
                  </button>
                  <button type="button" className="btn" onClick={() => setAction('return')}>
                    {t('tasks.return')}
                  </button>
                </>
              )}
              {task.can.decide && (open || task.state === 'DONE_REPORTED') && (
                <Link className="btn" to={`/tasks/${task.id}/edit`}>
                  {t('tasks.edit')}
                </Link>
              )}
              {task.can.decide && (open || task.state === 'DONE_REPORTED') && (
                <button type="button" className="btn" onClick={() => setAction('cancel')}>
                  {t('tasks.cancel')}
                </button>
              )}
              {task.can.assignSubtask && open && (
                <button type="button" className="btn" onClick={() => setAction('subtask')}>
                  + {t('tasks.subtasks')}
                </button>
              )}
            </PageHeader>
            <p>
              <TaskStatusBadge status={task.status} />
              {task.awaitingConfirmation && <span className="badge badge-warn">{t('tasks.awaiting')}</span>}
              {task.isExtended && <span className="badge">{t('tasks.extended')}</span>}
              {task.daysLeft !== null && <span className="muted"> · {task.daysLeft >= 0 ? t('tasks.daysLeft', { n: task.daysLeft }) : t('tasks.daysOver', { n: -task.daysLeft })}</span>}
            </p>
            {task.pendingExtension && (
              <div className="notice notice-warn">
                {t('tasks.pendingExtension', { date: date(task.pendingExtension.requestedDueDate), reason: task.pendingExtension.note ?? '' })}
                {task.can.decide && (
                  <span className="page-actions">
                    <button type="button" className="btn btn-small" onClick={() => decide.mutate({ path: 'extension/decision', payload: { approve: true } })}>
                      {t('tasks.approveExtension')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => decide.mutate({ path: 'extension/decision', payload: { approve: false } })}>
                      {t('tasks.rejectExtension')}
                    </button>
                  </span>
                )}
              </div>
            )}
            {decide.error && <FormError error={decide.error} />}
            <dl className="facts">
              <dt>{t('tasks.field.sourceKind')}</dt>
              <dd>
                {t(`tasks.source.${task.sourceKind}` as MessageKey)}
                {task.sourceNumber && ` số ${task.sourceNumber}`}
                {task.sourceDate && ` (${date(task.sourceDate)})`}
                {task.sourceTitle && ` — ${task.sourceTitle}`}
              </dd>
              <dt>{t('tasks.field.assignerName')}</dt>
              <dd>
                {task.assignerName} · {unit(task.assigningOrgUnit)}
              </dd>
              <dt>{t('tasks.col.lead')}</dt>
              <dd>
                {unit(task.leadOrgUnit)}
                {task.coOrgUnits.length > 0 && ` · ${task.coOrgUnits.map(unit).join(', ')}`}
              </dd>
              <dt>{t('tasks.field.startDate')}</dt>
              <dd>{date(task.startDate)}</dd>
              <dt>{t('tasks.field.dueDate')}</dt>
              <dd data-testid="due">
                {date(task.effectiveDueDate)}
                {task.isExtended && ` (${t('tasks.originalDue')}: ${date(task.dueDate)}; ${t('tasks.againstOriginal')}: ${t(`tasks.status.${task.statusAgainstOriginal}` as MessageKey)})`}
              </dd>
              {task.doneOn && (
                <>
                  <dt>{t('tasks.doneOn')}</dt>
                  <dd>{date(task.doneOn)}</dd>
                </>
              )}
              <dt>{t('tasks.field.progress')}</dt>
              <dd>
                <progress max={100} value={task.progressPercent} /> {task.progressPercent} %
              </dd>
              {task.expectedProduct && (
                <>
                  <dt>{t('tasks.field.expectedProduct')}</dt>
                  <dd>{task.expectedProduct}</dd>
                </>
              )}
              {task.sector && (
                <>
                  <dt>{t('tasks.field.sector')}</dt>
                  <dd>{lang === 'en' && task.sector.nameEn ? task.sector.nameEn : task.sector.nameVi}</dd>
                </>
              )}
              {task.links.length > 0 && (
                <>
                  <dt>{t('tasks.links')}</dt>
                  <dd>
                    {task.links.map((l, i) =>
                      l.indicatorCode ? (
                        <Link key={i} to={`/indicators/${encodeURIComponent(l.indicatorCode)}`}>
                          {l.indicatorName}{' '}
                        </Link>
                      ) : (
                        <span key={i}>{l.targetLabel} </span>
                      ),
                    )}
                  </dd>
                </>
              )}
            </dl>
            <h2>{t('tasks.evidence')}</h2>
            {task.evidence.length === 0 ? (
              <p className="muted">{t('tasks.noEvidence')}</p>
            ) : (
              <ul className="evidence-list">
                {task.evidence.map((e) => (
                  <li key={e.id}>
                    <button type="button" className="link" onClick={() => void downloadFile(`/api/tasks/${task.id}/evidence/${e.id}`, e.fileName)}>
                      {e.fileName}
                    </button>
                    <small className="muted">
                      {' '}
                      · {Math.ceil(e.sizeBytes / 1024)} KB · {e.username} · {date(e.createdAt, true)}
                    </small>
                  </li>
                ))}
              </ul>
            )}
            <h2>{t('tasks.history')}</h2>
            <ol className="task-history">
              {task.updates.map((u) => (
                <li key={u.id} data-kind={u.kind}>
                  <strong>{t(`tasks.update.${u.kind}` as MessageKey)}</strong> · {date(u.onDate)} · {u.username}
                  {u.percent !== null && ` · ${u.percent} %`}
                  {u.requestedDueDate && ` · ${date(u.requestedDueDate)}`}
                  {u.note && <div>{u.note}</div>}
                </li>
              ))}
            </ol>
            {task.subtasks.length > 0 && (
              <>
                <h2>{t('tasks.subtasks')}</h2>
                <ul>
                  {task.subtasks.map((s) => (
                    <li key={s.id}>
                      <Link to={`/tasks/${s.id}`}>{s.title}</Link> · {unit(s.leadOrgUnit)} · <TaskStatusBadge status={s.status} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Dialog title={action ? t(titles[action]) : ''} open={action !== null} onClose={() => setAction(null)}>
              {action === 'subtask' && <TaskForm parent={task} onDone={() => setAction(null)} />}
              {action && action !== 'subtask' && <ActionForm task={task} action={action} onDone={() => setAction(null)} />}
            </Dialog>
          </section>
        );
      }}
    </QueryView>
  );
}
