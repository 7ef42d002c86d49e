import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { groupSchema } from '../../server/modules/org-units/schema.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { Wire } from '../../core/contract.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, PageHeader, SelectField, FormActions, SearchToolbar } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { matchesSearch } from '../lib/search.ts';
import { useSectors } from '../lib/use-sectors.ts';
import { Link, useSearchParam } from '../router.tsx';
import { FormulaField } from '../components/formula-field.tsx';

type OrgUnitGroup = Wire<typeof groupSchema>;

type Indicator = Wire<typeof indicatorSchema>;

function IndicatorForm({ indicator, sectors, onDone }: { indicator: Indicator | null; sectors: OrgUnitGroup[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(indicator?.code ?? '');
  const [nameVi, setNameVi] = useState(indicator?.nameVi ?? '');
  const [nameEn, setNameEn] = useState(indicator?.nameEn ?? '');
  const [sector, setSector] = useState(indicator?.sectorCode ?? '');
  const [unit, setUnit] = useState(indicator?.unit ?? '');
  const [decimals, setDecimals] = useState(String(indicator?.decimals ?? 1));
  const [direction, setDirection] = useState(indicator?.direction ?? 'HIGHER_IS_BETTER');
  const [numerator, setNumerator] = useState(indicator?.numerator ?? '');
  const [denominator, setDenominator] = useState(indicator?.denominator ?? '1');
  const [factor, setFactor] = useState(String(indicator?.factor ?? 1));
  // Shown as a percentage; the API takes a share 0–1.
  const [minCoverage, setMinCoverage] = useState(String(Math.round((indicator?.minCoverage ?? 1) * 100)));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        nameVi,
        nameEn: nameEn.trim() || null,
        sector: sector || null,
        unit: unit.trim() || null,
        decimals: Number(decimals),
        direction,
        numerator,
        denominator,
        factor: Number(factor.replace(',', '.')),
        minCoverage: Number(minCoverage.replace(',', '.')) / 100,
      };
      return indicator
        ? api<Indicator>(`/api/indicators/${encodeURIComponent(indicator.code)}`, { method: 'PATCH', body })
        : api<Indicator>('/api/indicators', { method: 'POST', body: { code: code.trim(), ...body } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['indicators'] });
      onDone();
    },
  });
  const err = save.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      {!indicator && <Field label={t('common.code')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(err, 'code')} required />}
      <Field label={t('ind.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(err, 'nameVi')} required />
      <Field label={`${t('ind.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(err, 'nameEn')} />
      <div className="grid grid-2">
        <SelectField label={t('ind.sector')} value={sector} onChange={(e) => setSector(e.target.value)} error={fieldError(err, 'sector')}>
          <option value="">{t('ind.none')}</option>
          {sectors.map((s) => (
            <option key={s.code} value={s.code}>
              {lang === 'en' && s.nameEn ? s.nameEn : s.nameVi}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('ind.direction')} value={direction} onChange={(e) => setDirection(e.target.value as Indicator['direction'])}>
          <option value="HIGHER_IS_BETTER">{t('ind.higher')}</option>
          <option value="LOWER_IS_BETTER">{t('ind.lower')}</option>
        </SelectField>
        <Field label={t('ind.unit')} value={unit} onChange={(e) => setUnit(e.target.value)} error={fieldError(err, 'unit')} />
        <Field label={t('ind.decimals')} type="number" min={0} max={6} value={decimals} onChange={(e) => setDecimals(e.target.value)} error={fieldError(err, 'decimals')} />
      </div>
      <p className="muted small">{t('ind.formulaHelp')}</p>
      <FormulaField label={t('ind.numerator')} value={numerator} onChange={setNumerator} error={fieldError(err, 'numerator')} />
      <FormulaField label={t('ind.denominator')} value={denominator} onChange={setDenominator} error={fieldError(err, 'denominator')} />
      <Field label={t('ind.factor')} inputMode="decimal" value={factor} onChange={(e) => setFactor(e.target.value)} error={fieldError(err, 'factor')} />
      <Field
        label={t('ind.minCoverage')}
        hint={t('ind.minCoverageHelp')}
        type="number"
        min={1}
        max={100}
        value={minCoverage}
        onChange={(e) => setMinCoverage(e.target.value)}
        error={fieldError(err, 'minCoverage')}
      />
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={save.isPending} />
    </form>
  );
}

export default function IndicatorsAdminPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Indicator | 'new' | null>(null);
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }) });
  const sectors = useSectors();
  const sectorName = (code: string | null) => sectors.nameOf(code) ?? '–';
  return (
    <section>
      <PageHeader title={t('ind.title')}>
        {can('metadata.write') && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            + {t('ind.new')}
          </button>
        )}
      </PageHeader>
      <SearchToolbar value={q} onChange={setQ} />
      <QueryView query={indicators} isEmpty={(d) => d.length === 0} empty={t('ind.empty')}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th>{t('ind.sector')}</th>
                  <th className="hide-phone">{t('indicator.formula')}</th>
                  <th>{t('ind.unit')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((i) => matchesSearch([i.code, i.nameVi, i.nameEn], q))
                  .map((i) => (
                    <tr key={i.code}>
                      <td>
                        <Link to={`/indicators/${encodeURIComponent(i.code)}`}>{lang === 'en' && i.nameEn ? i.nameEn : i.nameVi}</Link>
                        <div className="muted small">
                          <code>{i.code}</code>
                        </div>
                      </td>
                      <td>{sectorName(i.sectorCode)}</td>
                      <td className="hide-phone">
                        <code>{i.denominator.trim() === '1' ? i.numerator : `(${i.numerator}) / (${i.denominator})`}</code>
                        {i.factor !== 1 && <code> × {i.factor}</code>}
                      </td>
                      <td>{i.unit ?? '–'}</td>
                      <td>
                        {can('metadata.write') && (
                          <button type="button" className="btn btn-small" onClick={() => setEditing(i)}>
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
      <Dialog title={editing === 'new' ? t('ind.new') : t('ind.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && <IndicatorForm key={editing === 'new' ? 'new' : editing.code} indicator={editing === 'new' ? null : editing} sectors={sectors.list} onDone={() => setEditing(null)} />}
      </Dialog>
    </section>
  );
}
