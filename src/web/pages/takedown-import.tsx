// Importing cases, or a platform's answers, from a CSV or XLSX list: check first (nothing written), then import.
// A refused file lists every error with its row and column as the server names them; nothing is written while one remains.
import { useState } from 'react';
import type { TakedownImportSummary } from '../api/takedown.ts';
import { CheckedImportButtons, useCheckedImport } from '../components/checked-import.tsx';
import { FormError } from '../components/states.tsx';
import { Field, SelectField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { saveCsv } from '../lib/save-file.ts';
import { useMonitoringUnits } from './takedown-forms.tsx';

const CASE_COLUMNS = 'platform, letter_number, letter_date, sent_at, url, account, violation_kind, legal_basis, found_by, found_by_detail, description, outcome, answered_at, reason';
/** The header row of an empty list to fill in: an answer list names its case by platform, letter number and URL. */
const TEMPLATE_HEADERS = { cases: CASE_COLUMNS.replace(/ /g, ''), answers: 'platform,letter_number,url,outcome,answered_at,reason' };

export function TakedownImport() {
  const { t, num } = useI18n();
  const units = useMonitoringUnits();
  const [kind, setKind] = useState<'cases' | 'answers'>('cases');
  const [orgUnit, setOrgUnit] = useState('');
  const unit = orgUnit || units.data?.[0]?.code || '';
  const upload = useCheckedImport<TakedownImportSummary>({
    url: `/api/takedown/import/${kind}`,
    query: () => ({ orgUnit: kind === 'cases' ? unit || undefined : undefined }),
    invalidates: ['takedown'],
    isRowError: (d) => typeof d.row === 'number',
  });
  const { rows, result } = upload;
  return (
    <div className="takedown-import">
      <p className="muted">{t('takedown.import.intro')}</p>
      <form onSubmit={upload.submit} noValidate aria-label={t('takedown.tab.import')}>
        <div className="grid grid-2">
          <SelectField
            label={t('takedown.import.kind')}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as 'cases' | 'answers');
              upload.reset();
            }}
          >
            <option value="cases">{t('takedown.import.kind.cases')}</option>
            <option value="answers">{t('takedown.import.kind.answers')}</option>
          </SelectField>
          {kind === 'cases' && (
            <SelectField
              label={t('takedown.sendingUnit')}
              value={unit}
              onChange={(e) => {
                setOrgUnit(e.target.value);
                upload.reset();
              }}
            >
              {units.data?.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.nameVi}
                </option>
              ))}
            </SelectField>
          )}
          <Field
            label={t('takedown.import.file')}
            hint={t('takedown.import.columns', { columns: kind === 'cases' ? CASE_COLUMNS : t('takedown.import.answerColumns') })}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              upload.setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
            error={upload.fieldError('file')}
          />
        </div>
        <div className="form-actions">
          <CheckedImportButtons upload={upload} checkLabel={t('takedown.import.check')} runLabel={t('takedown.import.run')} />
          <button type="button" className="btn" onClick={() => saveCsv(`mau-${kind === 'cases' ? 'vu-viec' : 'tra-loi'}.csv`, `${TEMPLATE_HEADERS[kind]}\r\n`)}>
            {t('takedown.import.template')}
          </button>
        </div>
        {upload.pending && <progress value={upload.progress} max={1} aria-label={t('takedown.uploading')} />}
      </form>
      {upload.error && rows.length === 0 && <FormError error={upload.error} />}
      {rows.length > 0 && (
        <div className="notice notice-error" role="alert" data-import-result="errors">
          <p>
            <strong>{t('takedown.import.refused', { n: rows.length })}</strong>
          </p>
          <div className="table-wrap" role="region" tabIndex={0} aria-label={t('takedown.import.problem')}>
            <table className="import-errors">
              <thead>
                <tr>
                  <th className="num">{t('takedown.import.row')}</th>
                  <th>{t('takedown.import.column')}</th>
                  <th>{t('takedown.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d, i) => (
                  <tr key={i} data-row={String(d.row)} data-column={String(d.column)}>
                    <td className="num">{String(d.row)}</td>
                    <td>
                      <code>{String(d.column)}</code>
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
        <div className={`notice ${result.dryRun ? 'notice-info' : 'notice-ok'}`} role="status" data-import-result={result.dryRun ? 'checked' : 'done'}>
          <p>
            <strong>{result.dryRun ? t('takedown.import.checked') : t('takedown.import.done')}</strong>
          </p>
          <p>
            {t('takedown.import.summary', {
              rows: num(result.rows),
              batches: num(result.batchesCreated),
              cases: num(result.casesCreated),
              answers: num(result.answersCreated),
            })}
          </p>
          {result.dryRun && <p className="muted">{t('takedown.import.nothingWritten')}</p>}
        </div>
      )}
    </div>
  );
}
