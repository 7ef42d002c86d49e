import type { DataStatus } from '../api/analytics.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { DATA_STATUS_CHOICES, isProvisional, type CellCoverage } from '../lib/analytics.ts';
import { SelectField } from './ui.tsx';

/**
 * How much of a figure is in, beside the figure: "31/34 báo cáo", and "Tạm tính" while reports are missing
 * (aggregation.md §12). Nothing is shown for a figure no regime expects: the product does not claim it complete.
 */
export function CoverageNote({ coverage, compact = false }: { coverage: CellCoverage | null | undefined; compact?: boolean }) {
  const { t, num } = useI18n();
  if (!coverage) return null;
  const params = { reported: num(coverage.reported, 0), expected: num(coverage.expected, 0) };
  const provisional = isProvisional(coverage);
  return (
    <span className={`coverage${provisional ? ' coverage-partial' : ''}${compact ? ' coverage-compact' : ''}`} data-coverage={`${coverage.reported}/${coverage.expected}`}>
      <span className="coverage-count">{t('coverage.reports', params)}</span>
      {provisional && (
        <span className="badge badge-warn provisional" title={t('coverage.provisionalHelp', params)}>
          {t('coverage.provisional')}
        </span>
      )}
    </span>
  );
}

/** Which data a screen counts — approved only, submitted and approved (the default), or drafts too — shown on screen. */
export function DataStatusSelect({ value, onChange }: { value: DataStatus; onChange: (value: DataStatus | null) => void }) {
  const { t } = useI18n();
  return (
    <SelectField label={t('dataStatus.label')} value={value} onChange={(e) => onChange(e.target.value === 'SUBMITTED' ? null : (e.target.value as DataStatus))} className="data-status-select">
      {DATA_STATUS_CHOICES.map((s) => (
        <option key={s} value={s}>
          {t(`dataStatus.${s}` as MessageKey)}
        </option>
      ))}
    </SelectField>
  );
}

/** The units behind "chưa đủ số liệu": who has not reported, with the period in words. */
export function MissingList({ missing, limit = 12 }: { missing: { orgUnit: string; orgUnitName: string; period: string; periodName?: string }[]; limit?: number }) {
  const { t, period } = useI18n();
  if (missing.length === 0) return null;
  return (
    <ul className="missing-list">
      {missing.slice(0, limit).map((m) => (
        <li key={`${m.orgUnit}|${m.period}`} data-missing={m.orgUnit}>
          {m.orgUnitName} · {m.periodName ?? period(m.period)}
        </li>
      ))}
      {missing.length > limit && <li className="muted">{t('coverage.missingMore', { count: missing.length - limit })}</li>}
    </ul>
  );
}
