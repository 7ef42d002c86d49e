import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { TargetStatusBadge } from '../components/target-status.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { Dialog, Field, PageHeader, SelectField, FormActions, SearchToolbar } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { formatMilestones, parseMilestones } from '../lib/milestones.ts';
import { normaliseNumberInput, displayNumberInput } from '../lib/number-input.ts';
import { matchesSearch } from '../lib/search.ts';
import { Link, useSearchParam } from '../router.tsx';

type Indicator = Wire<typeof indicatorSchema>;

type Target = Wire<typeof targetSchema>;

function TargetForm({ target, indicators, onDone }: { target: Target | null; indicators: Indicator[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [indicator, setIndicator] = useState(target?.indicatorCode ?? indicators[0]?.code ?? '');
  const [orgUnit, setOrgUnit] = useState(target?.orgUnitCode ?? 'VN');
  const [targetPeriod, setTargetPeriod] = useState(target?.targetPeriod ?? '');
  const [targetValue, setTargetValue] = useState(displayNumberInput(target?.targetValue, lang));
  const [baselineValue, setBaselineValue] = useState(displayNumberInput(target?.baselineValue, lang));
  const [baselinePeriod, setBaselinePeriod] = useState(target?.baselinePeriod ?? '');
  const [milestones, setMilestones] = useState(formatMilestones(target?.milestones ?? [], lang));
  const [sourceDocument, setSource] = useState(target?.sourceDocument ?? '');
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (parsed: { period: string; value: number }[]) => {
      const num = (v: string) => (v.trim() === '' ? null : Number(normaliseNumberInput(v, lang)));
      const common = {
        baselineValue: num(baselineValue),
        baselinePeriod: baselinePeriod.trim() || null,
        milestones: parsed,
        sourceDocument: sourceDocument.trim() || null,
      };
      if (target) return api<Target>(`/api/targets/${target.id}`, { method: 'PATCH', body: { ...common, targetValue: num(targetValue) ?? undefined } });
      return api<Target>('/api/targets', { method: 'POST', body: { ...common, indicator, orgUnit: orgUnit.trim(), targetPeriod: targetPeriod.trim(), targetValue: num(targetValue) } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['overview'] });
      void queryClient.invalidateQueries({ queryKey: ['targets-admin'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseMilestones(milestones, lang);
    if (!parsed.ok) {
      setLocalError(t('targets.milestonesError', { item: parsed.item }));
      return;
    }
    setLocalError(null);
    save.mutate(parsed.milestones);
  };
  const err = save.error;
  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('targets.indicator')} value={indicator} onChange={(e) => setIndicator(e.target.value)} disabled={Boolean(target)} error={fieldError(err, 'indicator')}>
        {indicators.map((i) => (
          <option key={i.code} value={i.code}>
            {lang === 'en' && i.nameEn ? i.nameEn : i.nameVi}
          </option>
        ))}
      </SelectField>
      <div className="grid grid-2">
        {target ? (
          <Field label={t('targets.orgUnit')} value={orgUnit} disabled />
        ) : (
          <OrgUnitPicker label={t('targets.orgUnit')} value={orgUnit} onChange={setOrgUnit} error={fieldError(err, 'orgUnit')} required />
        )}
        <Field label={t('targets.period')} value={targetPeriod} onChange={(e) => setTargetPeriod(e.target.value)} disabled={Boolean(target)} error={fieldError(err, 'targetPeriod')} />
        <Field label={t('targets.value')} inputMode="decimal" value={targetValue} onChange={(e) => setTargetValue(e.target.value)} error={fieldError(err, 'targetValue')} />
        <Field
          label={`${t('targets.baseline')} ${t('common.optional')}`}
          inputMode="decimal"
          value={baselineValue}
          onChange={(e) => setBaselineValue(e.target.value)}
          error={fieldError(err, 'baselineValue')}
        />
        <Field label={`${t('targets.baselinePeriod')} ${t('common.optional')}`} value={baselinePeriod} onChange={(e) => setBaselinePeriod(e.target.value)} error={fieldError(err, 'baselinePeriod')} />
      </div>
      <Field
        label={t('targets.milestones')}
        hint={t('targets.milestonesHint')}
        value={milestones}
        onChange={(e) => setMilestones(e.target.value)}
        error={localError ?? fieldError(err, 'milestones')}
      />
      <Field label={t('targets.source')} value={sourceDocument} onChange={(e) => setSource(e.target.value)} error={fieldError(err, 'sourceDocument')} />
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={save.isPending} />
    </form>
  );
}

export default function TargetsAdminPage() {
  const { t, lang, num, period } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Target | 'new' | null>(null);
  const targets = useQuery({ queryKey: ['targets-admin', 'list'], queryFn: ({ signal }) => api<Target[]>('/api/targets', { signal }) });
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }) });
  const canWrite = can('metadata.write');
  return (
    <section>
      <PageHeader title={t('targets.title')}>
        {canWrite && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} disabled={!indicators.data}>
            + {t('targets.new')}
          </button>
        )}
      </PageHeader>
      <SearchToolbar value={q} onChange={setQ} />
      <QueryView query={targets} isEmpty={(d) => d.length === 0} empty={t('overview.noTargets')}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('targets.indicator')}</th>
                  <th>{t('indicator.orgUnit')}</th>
                  <th className="num">{t('targets.value')}</th>
                  <th className="num hide-phone">{t('targets.baseline')}</th>
                  <th className="hide-phone">{t('targets.source')}</th>
                  <th>{t('common.status')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((x) => matchesSearch([x.indicatorCode, x.indicatorNameVi, x.indicatorNameEn, x.orgUnitName, x.sourceDocument], q))
                  .map((x) => (
                    <tr key={x.id}>
                      <td>
                        <Link to={`/indicators/${encodeURIComponent(x.indicatorCode)}?ou=${encodeURIComponent(x.orgUnitCode)}`}>
                          {lang === 'en' && x.indicatorNameEn ? x.indicatorNameEn : x.indicatorNameVi}
                        </Link>
                      </td>
                      <td>{x.orgUnitName}</td>
                      <td className="num">
                        {num(x.targetValue, x.indicatorDecimals)}
                        <div className="muted small">{period(x.targetPeriod)}</div>
                      </td>
                      <td className="num hide-phone">
                        {num(x.baselineValue, x.indicatorDecimals)}
                        {x.baselinePeriod && <div className="muted small">{period(x.baselinePeriod)}</div>}
                      </td>
                      <td className="hide-phone small">{x.sourceDocument ?? '–'}</td>
                      <td>
                        <TargetStatusBadge status={x.status} />
                      </td>
                      <td>
                        {canWrite && (
                          <button type="button" className="btn btn-small" onClick={() => setEditing(x)}>
                            {t('common.edit')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <Dialog title={editing === 'new' ? t('targets.new') : t('targets.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && indicators.data && (
          <TargetForm key={editing === 'new' ? 'new' : editing.id} target={editing === 'new' ? null : editing} indicators={indicators.data} onDone={() => setEditing(null)} />
        )}
      </Dialog>
    </section>
  );
}
