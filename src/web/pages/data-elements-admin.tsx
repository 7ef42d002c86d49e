import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
// Request types come from the server's own zod schemas: one definition for both sides.
import type { AggregationType, CreateDataElementInput, UpdateDataElementInput, ValueType } from '../../server/modules/metadata/schema.ts';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { groupSchema } from '../../server/modules/org-units/schema.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, PageHeader, SelectField, FormActions, SearchToolbar } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { normaliseNumberInput } from '../lib/number-input.ts';
import { useSectors } from '../lib/use-sectors.ts';
import { useSearchParam } from '../router.tsx';
import { VALUE_TYPES as ALL_VALUE_TYPES, VALUE_TYPE_LABELS } from '../../core/value-types.ts';
import { aggregationLabel, DATA_ELEMENT_AGGREGATION_TYPES as AGGREGATIONS } from '../../core/aggregation-types.ts';
import type { dataElementPage, dataElementSchema, disaggregationSchema } from '../../server/modules/metadata/schema.ts';

type OrgUnitGroup = Wire<typeof groupSchema>;

type DataElement = Wire<typeof dataElementSchema>;

type Disaggregation = Wire<typeof disaggregationSchema>;

// Every value type the server knows, each with the range it carries (a non-negative integer, a percentage 0–100…).
const VALUE_TYPES = ALL_VALUE_TYPES as readonly ValueType[];
const typeLabel = (v: string, lang: 'vi' | 'en') => VALUE_TYPE_LABELS[v as keyof typeof VALUE_TYPE_LABELS]?.[lang] ?? v;

function DataElementForm({ element, sectors, disaggregations, onDone }: { element: DataElement | null; sectors: OrgUnitGroup[]; disaggregations: Disaggregation[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(element?.code ?? '');
  const [nameVi, setNameVi] = useState(element?.nameVi ?? '');
  const [nameEn, setNameEn] = useState(element?.nameEn ?? '');
  const [unit, setUnit] = useState(element?.unit ?? '');
  const [valueType, setValueType] = useState<ValueType>(element?.valueType ?? 'NUMBER');
  const [aggregationType, setAggregationType] = useState<AggregationType>(element?.aggregationType ?? 'SUM');
  const [sector, setSector] = useState(element?.sectorCode ?? '');
  const [disaggregation, setDisaggregation] = useState(element?.disaggregationCode ?? '');
  const [zero, setZero] = useState(element?.zeroIsSignificant ?? false);
  const [seasonal, setSeasonal] = useState(element?.seasonal ?? false);
  const [min, setMin] = useState(element?.minValue === null || element?.minValue === undefined ? '' : String(element.minValue));
  const [max, setMax] = useState(element?.maxValue === null || element?.maxValue === undefined ? '' : String(element.maxValue));
  const [softMin, setSoftMin] = useState(element?.softMin === null || element?.softMin === undefined ? '' : String(element.softMin));
  const [softMax, setSoftMax] = useState(element?.softMax === null || element?.softMax === undefined ? '' : String(element.softMax));
  const [maxLength, setMaxLength] = useState(element?.maxLength === null || element?.maxLength === undefined ? '' : String(element.maxLength));
  const bound = (text: string) => (text.trim() === '' ? null : Number(normaliseNumberInput(text, lang)));
  const save = useMutation({
    mutationFn: () => {
      const body: UpdateDataElementInput = {
        nameVi,
        nameEn: nameEn.trim() || null,
        unit: unit.trim() || null,
        valueType,
        aggregationType,
        sector: sector || null,
        disaggregation: disaggregation || null,
        zeroIsSignificant: zero,
        seasonal,
        minValue: bound(min),
        maxValue: bound(max),
        softMin: bound(softMin),
        softMax: bound(softMax),
        maxLength: valueType === 'TEXT' ? bound(maxLength) : null,
      };
      if (element) return api<DataElement>(`/api/dataElements/${encodeURIComponent(element.code)}`, { method: 'PATCH', body });
      const created: CreateDataElementInput = { ...body, code: code.trim(), nameVi, valueType, aggregationType, zeroIsSignificant: zero, seasonal };
      return api<DataElement>('/api/dataElements', { method: 'POST', body: created });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['dataElements'] });
      onDone();
    },
  });
  const err = save.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const nameOf = (g: { nameVi: string; nameEn: string | null }) => (lang === 'en' && g.nameEn ? g.nameEn : g.nameVi);
  return (
    <form onSubmit={submit} noValidate>
      {!element && <Field label={t('common.code')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(err, 'code')} required />}
      <Field label={t('ind.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(err, 'nameVi')} required />
      <Field label={`${t('ind.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(err, 'nameEn')} />
      <div className="grid grid-2">
        <SelectField label={t('de.valueType')} value={valueType} onChange={(e) => setValueType(e.target.value as ValueType)} error={fieldError(err, 'valueType')}>
          {VALUE_TYPES.map((v) => (
            <option key={v} value={v}>
              {typeLabel(v, lang)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('de.aggregation')} value={aggregationType} onChange={(e) => setAggregationType(e.target.value as AggregationType)} error={fieldError(err, 'aggregationType')}>
          {AGGREGATIONS.map((a) => (
            <option key={a} value={a}>
              {aggregationLabel(a, lang)}
            </option>
          ))}
        </SelectField>
        <Field label={t('ind.unit')} value={unit} onChange={(e) => setUnit(e.target.value)} error={fieldError(err, 'unit')} />
        <SelectField label={t('ind.sector')} value={sector} onChange={(e) => setSector(e.target.value)} error={fieldError(err, 'sector')}>
          <option value="">{t('ind.none')}</option>
          {sectors.map((s) => (
            <option key={s.code} value={s.code}>
              {nameOf(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('de.disaggregation')} value={disaggregation} onChange={(e) => setDisaggregation(e.target.value)} error={fieldError(err, 'disaggregation')}>
          <option value="">{t('de.noDisaggregation')}</option>
          {disaggregations.map((d) => (
            <option key={d.code} value={d.code}>
              {nameOf(d)}
            </option>
          ))}
        </SelectField>
        <div />
        <Field label={`${t('de.min')} ${t('common.optional')}`} inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} error={fieldError(err, 'minValue')} />
        <Field label={`${t('de.max')} ${t('common.optional')}`} inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} error={fieldError(err, 'maxValue')} />
        <Field label={`${t('de.softMin')} ${t('common.optional')}`} inputMode="decimal" value={softMin} onChange={(e) => setSoftMin(e.target.value)} error={fieldError(err, 'softMin')} />
        <Field label={`${t('de.softMax')} ${t('common.optional')}`} inputMode="decimal" value={softMax} onChange={(e) => setSoftMax(e.target.value)} error={fieldError(err, 'softMax')} />
        {valueType === 'TEXT' && (
          <Field label={`${t('de.maxLength')} ${t('common.optional')}`} inputMode="numeric" value={maxLength} onChange={(e) => setMaxLength(e.target.value)} error={fieldError(err, 'maxLength')} />
        )}
      </div>
      <p className="muted small">{t('de.boundsHelp')}</p>
      <label className="check">
        <input type="checkbox" checked={zero} onChange={(e) => setZero(e.target.checked)} /> {t('de.zeroSignificant')}
      </label>
      <label className="check">
        <input type="checkbox" checked={seasonal} onChange={(e) => setSeasonal(e.target.checked)} /> {t('de.seasonal')}
      </label>
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={save.isPending} />
    </form>
  );
}

export default function DataElementsAdminPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<DataElement | 'new' | null>(null);
  // The server folds diacritics: "thue bao" finds "Thuê bao".
  const elements = useQuery({
    queryKey: ['dataElements', q],
    queryFn: ({ signal }) => api<Wire<typeof dataElementPage>>('/api/dataElements', { query: { q: q || undefined, limit: 500 }, signal }),
  });
  const sectors = useSectors();
  const disaggregations = useQuery({ queryKey: ['disaggregations'], queryFn: ({ signal }) => api<Disaggregation[]>('/api/disaggregations', { signal }) });
  const sectorName = (code: string | null) => sectors.nameOf(code) ?? '–';
  return (
    <section>
      <PageHeader title={t('de.title')}>
        {can('metadata.write') && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            + {t('de.new')}
          </button>
        )}
      </PageHeader>
      <SearchToolbar value={q} onChange={setQ} />
      <QueryView query={elements} isEmpty={(d) => d.items.length === 0} empty={t('de.empty')}>
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th>{t('de.valueType')}</th>
                  <th>{t('de.aggregation')}</th>
                  <th className="hide-phone">{t('ind.sector')}</th>
                  <th className="hide-phone">{t('ind.unit')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr key={d.code}>
                    <td>
                      {lang === 'en' && d.nameEn ? d.nameEn : d.nameVi}
                      <div className="muted small">
                        <code>{d.code}</code>
                        {d.disaggregationCode && <> · {d.disaggregationCode}</>}
                      </div>
                    </td>
                    <td>
                      {typeLabel(d.valueType, lang)}
                      {(d.minValue !== null || d.maxValue !== null) && (
                        <div className="muted small" data-bounds={d.code}>
                          {t('de.hardBounds')}: {d.minValue ?? '…'} – {d.maxValue ?? '…'}
                        </div>
                      )}
                    </td>
                    <td>{aggregationLabel(d.aggregationType, lang)}</td>
                    <td className="hide-phone">{sectorName(d.sectorCode)}</td>
                    <td className="hide-phone">{d.unit ?? '–'}</td>
                    <td>
                      {can('metadata.write') && (
                        <button type="button" className="btn btn-small" onClick={() => setEditing(d)}>
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
      <Dialog title={editing === 'new' ? t('de.new') : t('de.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && (
          <DataElementForm
            key={editing === 'new' ? 'new' : editing.code}
            element={editing === 'new' ? null : editing}
            sectors={sectors.list}
            disaggregations={disaggregations.data ?? []}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
    </section>
  );
}
