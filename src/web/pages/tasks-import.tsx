import { useState } from 'react';
import { ApiError, downloadFile } from '../api/client.ts';
import type { TaskImportResult } from '../api/tasks.ts';
import { useAuth } from '../auth.tsx';
import { CheckedImportButtons, useCheckedImport } from '../components/checked-import.tsx';
import { FormError } from '../components/states.tsx';
import { Field, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

/** Importing the Excel task list: check first (nothing written), then import; a refused file lists every wrong cell. */
export default function TasksImportPage() {
  const { t, date } = useI18n();
  const { me } = useAuth();
  const [assigning, setAssigning] = useState(me?.scopes.find((s) => s.orgUnitCode)?.orgUnitCode ?? '');
  const upload = useCheckedImport<TaskImportResult>({
    url: '/api/tasks/import',
    query: () => ({ assigningOrgUnit: assigning.trim() || undefined }),
    invalidates: ['tasks'],
    isRowError: (d) => typeof d.cell === 'string',
  });
  const { rows: cells, result, error: err } = upload;
  return (
    <section>
      <PageHeader title={t('tasks.import.title')} intro={t('tasks.import.intro')}>
        <button type="button" className="btn" onClick={() => void downloadFile('/api/tasks/template.xlsx', 'Mau-danh-sach-nhiem-vu.xlsx')}>
          {t('tasks.import.template')}
        </button>
        <Link to="/tasks">{t('tasks.import.back')}</Link>
      </PageHeader>
      <form onSubmit={upload.submit} noValidate className="grid grid-2">
        <Field label={t('tasks.import.assigning')} hint={t('tasks.import.assigningHint')} value={assigning} onChange={(e) => setAssigning(e.target.value)} />
        <Field label={t('tasks.import.file')} type="file" accept=".xlsx" onChange={(e) => upload.setFile(e.target.files?.[0] ?? null)} />
        <div className="form-actions">
          <CheckedImportButtons upload={upload} checkLabel={t('tasks.import.check')} runLabel={t('tasks.import.run')} />
        </div>
      </form>
      {err && cells.length === 0 && <FormError error={err} />}
      {cells.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>{err instanceof ApiError ? err.message : ''}</strong>
          </p>
          <div className="table-wrap">
            <table className="import-errors">
              <thead>
                <tr>
                  <th>{t('tasks.import.cell')}</th>
                  <th>{t('tasks.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {cells.map((d, i) => (
                  <tr key={i} data-cell={String(d.cell)}>
                    <td>
                      {String(d.sheet)}!{String(d.cell)}
                    </td>
                    <td>{d.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {result && (
        <div className={`notice ${result.dryRun ? '' : 'notice-ok'}`} role="status" data-import-result={result.dryRun ? 'preview' : 'done'}>
          <p>
            <strong>{result.dryRun ? t('tasks.import.previewDone') : t('tasks.import.done')}</strong>{' '}
            {t('tasks.import.counts', { created: result.created, updated: result.updated, unchanged: result.unchanged })}
          </p>
          {result.ignoredColumns.length > 0 && <p className="muted">{t('tasks.import.ignored', { columns: result.ignoredColumns.map((c) => `${c.header} (${c.path})`).join(', ') })}</p>}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('tasks.import.row')}</th>
                  <th>{t('tasks.field.title')}</th>
                  <th>{t('tasks.col.lead')}</th>
                  <th>{t('tasks.col.due')}</th>
                  <th>{t('tasks.import.action')}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((i) => (
                  <tr key={`${i.sheet}-${i.row}`}>
                    <td>
                      {i.sheet} · {i.row}
                    </td>
                    <td>{i.id && !result.dryRun ? <Link to={`/tasks/${i.id}`}>{i.title}</Link> : i.title}</td>
                    <td>{i.leadOrgUnit}</td>
                    <td>{date(i.dueDate)}</td>
                    <td>{t(`tasks.import.action.${i.action}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
