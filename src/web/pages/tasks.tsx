import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, downloadFile, fieldError } from '../api/client.ts';
import type { Task, TaskList, TaskScorecard, TaskStatus } from '../api/tasks.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { TaskStatusBadge } from '../components/task-status.tsx';
import { Dialog, Field, FormActions, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate, useSearchParam } from '../router.tsx';

const STATUSES: TaskStatus[] = ['OPEN_ON_TIME', 'OPEN_OVERDUE', 'DONE_ON_TIME', 'DONE_LATE', 'CANCELLED'];
const SOURCES = ['BRIEFING', 'DIRECTIVE', 'DECISION', 'PLAN', 'STRATEGY', 'OTHER'] as const;
const PRIORITIES = ['HIGH', 'NORMAL', 'LOW'] as const;

/** The task form: assigning a new task (or a subtask of `parent`). */
export function TaskForm({ parent, onDone }: { parent?: Task; onDone: (task?: Task) => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const home = me?.scopes.find((s) => s.orgUnitCode)?.orgUnitCode ?? '';
  const [f, setF] = useState({
    title: '',
    sourceKind: parent ? parent.sourceKind : 'BRIEFING',
    sourceNumber: parent?.sourceNumber ?? '',
    sourceDate: parent?.sourceDate ?? '',
    sourceTitle: parent?.sourceTitle ?? '',
    assignerName: '',
    assigningOrgUnit: home,
    leadOrgUnit: '',
    coOrgUnits: '',
    responsible: '',
    startDate: '',
    dueDate: parent?.effectiveDueDate ?? '',
    expectedProduct: '',
    priority: 'NORMAL',
    sector: parent?.sector?.code ?? '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const save = useMutation({
    mutationFn: () => {
      const opt = (v: string) => (v.trim() === '' ? null : v.trim());
      return api<Task>('/api/tasks', {
        method: 'POST',
        body: {
          title: f.title,
          sourceKind: f.sourceKind,
          sourceNumber: opt(f.sourceNumber),
          sourceDate: opt(f.sourceDate),
          sourceTitle: opt(f.sourceTitle),
          assignerName: f.assignerName,
          ...(parent ? { parentId: parent.id } : { assigningOrgUnit: f.assigningOrgUnit.trim() }),
          leadOrgUnit: f.leadOrgUnit.trim(),
          coOrgUnits: f.coOrgUnits
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          responsible: opt(f.responsible),
          startDate: f.startDate,
          dueDate: f.dueDate,
          expectedProduct: opt(f.expectedProduct),
          priority: f.priority,
          sector: opt(f.sector),
        },
      });
    },
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onDone(task);
    },
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t('tasks.field.title')} value={f.title} onChange={set('title')} error={fieldError(err, 'title')} required />
      <div className="grid grid-2">
        <SelectField label={t('tasks.field.sourceKind')} value={f.sourceKind} onChange={set('sourceKind')}>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`tasks.source.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <Field label={t('tasks.field.sourceNumber')} value={f.sourceNumber} onChange={set('sourceNumber')} error={fieldError(err, 'sourceNumber')} />
        <Field label={t('tasks.field.sourceDate')} type="date" value={f.sourceDate} onChange={set('sourceDate')} error={fieldError(err, 'sourceDate')} />
        <Field label={t('tasks.field.sourceTitle')} value={f.sourceTitle} onChange={set('sourceTitle')} error={fieldError(err, 'sourceTitle')} />
        <Field label={t('tasks.field.assignerName')} value={f.assignerName} onChange={set('assignerName')} error={fieldError(err, 'assignerName')} />
        {!parent && <Field label={t('tasks.field.assigningOrgUnit')} value={f.assigningOrgUnit} onChange={set('assigningOrgUnit')} error={fieldError(err, 'assigningOrgUnit')} />}
        <Field label={t('tasks.field.leadOrgUnit')} value={f.leadOrgUnit} onChange={set('leadOrgUnit')} error={fieldError(err, 'leadOrgUnit')} />
        <Field label={t('tasks.field.coOrgUnits')} value={f.coOrgUnits} onChange={set('coOrgUnits')} error={fieldError(err, 'coOrgUnits')} />
        <Field label={t('tasks.field.responsible')} value={f.responsible} onChange={set('responsible')} />
        <Field label={t('tasks.field.startDate')} type="date" value={f.startDate} onChange={set('startDate')} error={fieldError(err, 'startDate')} />
        <Field label={t('tasks.field.dueDate')} type="date" value={f.dueDate} onChange={set('dueDate')} error={fieldError(err, 'dueDate')} />
        <Field label={t('tasks.field.expectedProduct')} value={f.expectedProduct} onChange={set('expectedProduct')} />
        <SelectField label={t('tasks.field.priority')} value={f.priority} onChange={set('priority')}>
          {PRIORITIES.map((s) => (
            <option key={s} value={s}>
              {t(`tasks.priority.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <Field label={t('tasks.field.sector')} value={f.sector} onChange={set('sector')} error={fieldError(err, 'sector')} />
      </div>
      {err && <FormError error={err} />}
      <FormActions onCancel={() => onDone()} pending={save.isPending} submitLabel={t('tasks.create')} />
    </form>
  );
}

function Scorecard() {
  const { t, num } = useI18n();
  const [by, setBy] = useSearchParam('by');
  // As of: today (empty), a past day (the tasks as they stood then), or each task at the end of its due month.
  const [asOf, setAsOf] = useSearchParam('asOf');
  const asOfMode = !asOf ? '' : asOf === 'MONTH_END' ? 'MONTH_END' : 'DAY';
  const asOfQuery = asOf && asOf !== 'DAY' ? asOf : undefined;
  const query = useQuery({
    queryKey: ['tasks', 'scorecard', by, asOfQuery],
    queryFn: ({ signal }) => api<TaskScorecard>('/api/tasks/scorecard', { query: { by: by || 'UNIT', asOf: asOfQuery }, signal }),
    placeholderData: keepPreviousData,
  });
  const pct = (v: number | null) => (v === null ? '–' : `${num(v, 1)} %`);
  const row = (label: string, r: TaskScorecard['total'], key?: string) => (
    <tr key={key ?? label}>
      <th scope="row">{label}</th>
      <td className="num">{r.assigned}</td>
      <td className="num">
        {r.doneOnTime} <small className="muted">({pct(r.rates.doneOnTime)})</small>
      </td>
      <td className="num">
        {r.doneLate} <small className="muted">({pct(r.rates.doneLate)})</small>
      </td>
      <td className="num">
        {r.openOnTime} <small className="muted">({pct(r.rates.openOnTime)})</small>
      </td>
      <td className="num">
        {r.openOverdue} <small className="muted">({pct(r.rates.openOverdue)})</small>
      </td>
    </tr>
  );
  return (
    <>
      <div className="toolbar">
        <SelectField label={t('tasks.scorecard.by')} value={by || 'UNIT'} onChange={(e) => setBy(e.target.value)}>
          {(['UNIT', 'SECTOR', 'SOURCE', 'MONTH'] as const).map((b) => (
            <option key={b} value={b}>
              {t(`tasks.scorecard.${b}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('tasks.scorecard.asOf')} value={asOfMode} onChange={(e) => setAsOf(e.target.value || null)}>
          <option value="">{t('tasks.scorecard.asOf.today')}</option>
          <option value="MONTH_END">{t('tasks.scorecard.asOf.monthEnd')}</option>
          <option value="DAY">{t('tasks.scorecard.asOf.day')}</option>
        </SelectField>
        {asOfMode === 'DAY' && <Field label={t('tasks.scorecard.asOf.date')} type="date" value={asOf && asOf !== 'DAY' ? asOf : ''} onChange={(e) => setAsOf(e.target.value || 'DAY')} />}
        <button type="button" className="btn" onClick={() => void downloadFile('/api/tasks/scorecard.xlsx', 'tong-hop-nhiem-vu.xlsx', { query: { by: by || 'UNIT', asOf: asOfQuery } })}>
          {t('tasks.scorecard.excel')}
        </button>
      </div>
      <QueryView query={query} isEmpty={(d) => d.rows.length === 0} empty={t('tasks.empty')}>
        {(data) => (
          <div className="table-wrap">
            <table className="scorecard">
              <thead>
                <tr>
                  <th>{t(`tasks.scorecard.${by || 'UNIT'}` as MessageKey)}</th>
                  <th className="num">{t('tasks.scorecard.assigned')}</th>
                  {(['DONE_ON_TIME', 'DONE_LATE', 'OPEN_ON_TIME', 'OPEN_OVERDUE'] as const).map((s) => (
                    <th key={s} className="num">
                      {t(`tasks.status.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{data.rows.map((r) => row(r.label, r, r.key))}</tbody>
              <tfoot>{row(t('tasks.scorecard.total'), data.total)}</tfoot>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}

export default function TasksPage() {
  const { t, lang, date } = useI18n();
  const { can } = useAuth();
  const [tab, setTab] = useSearchParam('tab');
  const [view, setView] = useSearchParam('view');
  const [status, setStatus] = useSearchParam('status');
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    queryKey: ['tasks', 'list', view, status],
    queryFn: ({ signal }) => api<TaskList>('/api/tasks', { query: { view: view || 'ALL', status }, signal }),
    placeholderData: keepPreviousData,
    enabled: tab !== 'scorecard',
  });
  const unitName = (u: Task['leadOrgUnit']) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameVi);
  return (
    <section>
      <PageHeader title={t('tasks.title')} intro={t('tasks.intro')}>
        <button type="button" className="btn" onClick={() => void downloadFile('/api/tasks/export.xlsx', 'danh-sach-nhiem-vu.xlsx', { query: { view: view || 'ALL', status } })}>
          {t('tasks.export')}
        </button>
        {can('task.assign') && (
          <Link className="btn" to="/tasks/import">
            {t('tasks.import.open')}
          </Link>
        )}
        {can('task.assign') && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            + {t('tasks.create')}
          </button>
        )}
      </PageHeader>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab !== 'scorecard'} className={tab !== 'scorecard' ? 'active' : ''} onClick={() => setTab(null)}>
          {t('tasks.list')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'scorecard'} className={tab === 'scorecard' ? 'active' : ''} onClick={() => setTab('scorecard')}>
          {t('tasks.scorecard')}
        </button>
      </div>
      {tab === 'scorecard' ? (
        <Scorecard />
      ) : (
        <>
          <div className="toolbar" role="search">
            <SelectField label={t('tasks.view')} value={view || 'ALL'} onChange={(e) => setView(e.target.value === 'ALL' ? null : e.target.value)}>
              {(['MINE', 'ASSIGNED', 'ALL'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`tasks.view.${v}` as MessageKey)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('common.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`tasks.status.${s}` as MessageKey)}
                </option>
              ))}
            </SelectField>
          </div>
          <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('tasks.empty')}>
            {(data) => (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t('tasks.field.title')}</th>
                      <th>{t('tasks.col.lead')}</th>
                      <th className="hide-phone">{t('tasks.col.source')}</th>
                      <th>{t('tasks.col.due')}</th>
                      <th className="num">{t('tasks.field.progress')}</th>
                      <th>{t('common.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((x) => (
                      <tr key={x.id} data-task={x.id}>
                        <td>
                          <Link to={`/tasks/${x.id}`}>{x.title}</Link>
                        </td>
                        <td>{unitName(x.leadOrgUnit)}</td>
                        <td className="hide-phone">{x.sourceNumber ?? t(`tasks.source.${x.sourceKind}` as MessageKey)}</td>
                        <td>
                          {date(x.effectiveDueDate)}
                          {x.isExtended && <small className="muted"> ({t('tasks.extended')})</small>}
                        </td>
                        <td className="num">{x.progressPercent} %</td>
                        <td>
                          <TaskStatusBadge status={x.status} />
                          {x.awaitingConfirmation && <span className="badge badge-warn">{t('tasks.awaiting')}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </QueryView>
        </>
      )}
      <Dialog title={t('tasks.create')} open={creating} onClose={() => setCreating(false)}>
        {creating && (
          <TaskForm
            onDone={(task) => {
              setCreating(false);
              if (task) navigate(`/tasks/${task.id}`);
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
