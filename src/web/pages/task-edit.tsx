import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Task, TaskDetail } from '../api/tasks.ts';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, FormActions, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';

const SOURCES = ['BRIEFING', 'DIRECTIVE', 'DECISION', 'PLAN', 'STRATEGY', 'OTHER'] as const;
const PRIORITIES = ['HIGH', 'NORMAL', 'LOW'] as const;

/** The error the server named for a field, or for one of its items ("body.coOrgUnits[1]"). */
function errorAt(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hits = error.details.filter((d) => d.path === `body.${field}` || d.path.startsWith(`body.${field}[`));
  return hits.length ? hits.map((d) => d.message).join('; ') : undefined;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function EditForm({ task }: { task: TaskDetail }) {
  const { t, date } = useI18n();
  const queryClient = useQueryClient();
  const [f, setF] = useState({
    title: task.title,
    sourceKind: task.sourceKind,
    sourceNumber: task.sourceNumber ?? '',
    sourceDate: task.sourceDate ?? '',
    sourceIssuer: task.sourceIssuer ?? '',
    sourceTitle: task.sourceTitle ?? '',
    assignerName: task.assignerName,
    leadOrgUnit: task.leadOrgUnit.code,
    coOrgUnits: task.coOrgUnits.map((u) => u.code).join(', '),
    responsible: task.responsible ?? '',
    startDate: task.startDate,
    expectedProduct: task.expectedProduct ?? '',
    priority: task.priority,
    sector: task.sector?.code ?? '',
    indicators: task.links.flatMap((l) => (l.indicatorCode ? [l.indicatorCode] : [])).join(', '),
    targets: task.links.flatMap((l) => (l.targetId ? [String(l.targetId)] : [])).join(', '),
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const save = useMutation({
    mutationFn: () => {
      const opt = (v: string) => (v.trim() === '' ? null : v.trim());
      return api<Task>(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        body: {
          title: f.title,
          sourceKind: f.sourceKind,
          sourceNumber: opt(f.sourceNumber),
          sourceDate: opt(f.sourceDate),
          sourceIssuer: opt(f.sourceIssuer),
          sourceTitle: opt(f.sourceTitle),
          assignerName: f.assignerName,
          leadOrgUnit: f.leadOrgUnit.trim(),
          coOrgUnits: list(f.coOrgUnits),
          responsible: opt(f.responsible),
          startDate: f.startDate,
          expectedProduct: opt(f.expectedProduct),
          priority: f.priority,
          sector: opt(f.sector),
          indicators: list(f.indicators),
          // A target id that is not a number is sent as it is, so that the server names the field.
          targets: list(f.targets).map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
        },
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      navigate(`/tasks/${task.id}`);
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="task-edit">
      <Field label={t('tasks.field.title')} value={f.title} onChange={set('title')} error={errorAt(err, 'title')} required />
      <div className="grid grid-2">
        <SelectField label={t('tasks.field.sourceKind')} value={f.sourceKind} onChange={set('sourceKind')}>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`tasks.source.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <Field label={t('tasks.field.sourceNumber')} value={f.sourceNumber} onChange={set('sourceNumber')} error={errorAt(err, 'sourceNumber')} />
        <Field label={t('tasks.field.sourceDate')} type="date" value={f.sourceDate} onChange={set('sourceDate')} error={errorAt(err, 'sourceDate')} />
        <Field label={t('tasks.field.sourceIssuer')} value={f.sourceIssuer} onChange={set('sourceIssuer')} error={errorAt(err, 'sourceIssuer')} />
        <Field label={t('tasks.field.sourceTitle')} value={f.sourceTitle} onChange={set('sourceTitle')} error={errorAt(err, 'sourceTitle')} />
        <Field label={t('tasks.field.assignerName')} value={f.assignerName} onChange={set('assignerName')} error={errorAt(err, 'assignerName')} />
        <Field label={t('tasks.field.leadOrgUnit')} value={f.leadOrgUnit} onChange={set('leadOrgUnit')} error={errorAt(err, 'leadOrgUnit')} />
        <Field label={t('tasks.field.coOrgUnits')} value={f.coOrgUnits} onChange={set('coOrgUnits')} error={errorAt(err, 'coOrgUnits')} />
        <Field label={t('tasks.field.responsible')} value={f.responsible} onChange={set('responsible')} error={errorAt(err, 'responsible')} />
        <Field label={t('tasks.field.startDate')} type="date" value={f.startDate} onChange={set('startDate')} error={errorAt(err, 'startDate')} />
        <div className="field" data-testid="due-fixed">
          <span className="field-label">{t('tasks.field.dueDate')}</span>
          <strong>{date(task.effectiveDueDate)}</strong>
          <small className="muted">
            {task.isExtended ? t('tasks.edit.dueExtended', { original: date(task.dueDate), extended: date(task.effectiveDueDate) }) : t('tasks.edit.dueFixed')}{' '}
            {task.pendingExtension?.requestedDueDate && t('tasks.edit.duePending', { date: date(task.pendingExtension.requestedDueDate) })}
          </small>
        </div>
        <Field label={t('tasks.field.expectedProduct')} value={f.expectedProduct} onChange={set('expectedProduct')} error={errorAt(err, 'expectedProduct')} />
        <SelectField label={t('tasks.field.priority')} value={f.priority} onChange={set('priority')}>
          {PRIORITIES.map((s) => (
            <option key={s} value={s}>
              {t(`tasks.priority.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <Field label={t('tasks.field.sector')} value={f.sector} onChange={set('sector')} error={errorAt(err, 'sector')} />
        <Field label={t('tasks.field.indicators')} value={f.indicators} onChange={set('indicators')} error={errorAt(err, 'indicators')} />
        <Field label={t('tasks.field.targets')} value={f.targets} onChange={set('targets')} error={errorAt(err, 'targets')} />
      </div>
      {err && <FormError error={err} />}
      <FormActions onCancel={() => navigate(`/tasks/${task.id}`)} pending={save.isPending} submitLabel={t('common.save')} />
    </form>
  );
}

/** Editing a task (its assigning unit): everything but the due date, which moves only by an approved extension. */
export default function TaskEditPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['tasks', 'one', params.id], queryFn: ({ signal }) => api<TaskDetail>(`/api/tasks/${params.id}`, { signal }) });
  return (
    <QueryView query={query}>
      {(task) => (
        <section>
          <PageHeader title={t('tasks.edit.title')} intro={task.title}>
            <Link to={`/tasks/${task.id}`}>{t('tasks.edit.back')}</Link>
          </PageHeader>
          {!task.can.decide || task.state === 'DONE' || task.state === 'CANCELLED' ? <p className="notice notice-warn">{t('tasks.edit.notEditable')}</p> : <EditForm task={task} />}
        </section>
      )}
    </QueryView>
  );
}
