import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { groupSchema, orgUnitDetailSchema } from '../../server/modules/org-units/schema.ts';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { FormError } from '../components/states.tsx';
import { Dialog, Field, FormActions, SelectField } from '../components/ui.tsx';
import { isMessageKey, useI18n, type MessageKey } from '../i18n/index.tsx';

type OrgUnitDetail = Wire<typeof orgUnitDetailSchema>;
type OrgUnitGroup = Wire<typeof groupSchema>;

export type UnitAction = 'edit' | 'create' | 'move' | 'close' | 'merge' | 'split';

/** The unit type in words ("Tỉnh, thành phố"); a type the product has no words for shows as given. */
export function unitTypeLabel(type: string, t: (key: MessageKey) => string): string {
  const key = `orgUnits.type.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

const UNIT_TYPES = ['country', 'ministry', 'province', 'department', 'enterprise-group', 'enterprise', 'unit'];

/** The unit's type, chosen among the known ones (a type set by an import stays offered). */
function TypeField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: unknown }) {
  const { t } = useI18n();
  const types = UNIT_TYPES.includes(value) ? UNIT_TYPES : [...UNIT_TYPES, value];
  return (
    <SelectField label={t('orgUnits.type')} value={value} onChange={(e) => onChange(e.target.value)} error={fieldError(error, 'type')}>
      {types.map((ty) => (
        <option key={ty} value={ty}>
          {unitTypeLabel(ty, t)}
        </option>
      ))}
    </SelectField>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

/** One write on a unit; on success every org-unit query is refreshed and the dialog closes. */
function useUnitWrite<B>(path: string, method: 'POST' | 'PATCH', onDone: (code: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api<OrgUnitDetail>(path, { method, body }),
    onSuccess: (unit) => {
      void queryClient.invalidateQueries({ queryKey: ['orgUnits'] });
      onDone(unit.code);
    },
  });
}

/** An error the form shows at no field of its own (the rest sit beside their fields). */
function RestError({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error) return null;
  if (fields.some((f) => fieldError(error, f))) return null;
  return <FormError error={error} />;
}

function ReasonField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: unknown }) {
  const { t } = useI18n();
  return <Field label={`${t('orgUnits.reason')} ${t('common.optional')}`} value={value} onChange={(e) => onChange(e.target.value)} error={fieldError(error, 'reason')} maxLength={1000} />;
}

function EditForm({ unit, onDone, onCancel }: { unit: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const [nameVi, setNameVi] = useState(unit.nameVi);
  const [nameEn, setNameEn] = useState(unit.nameEn ?? '');
  const [shortName, setShortName] = useState(unit.shortName ?? '');
  const [type, setType] = useState(unit.type);
  const [openingDate, setOpeningDate] = useState(unit.openingDate ?? '');
  const [groups, setGroups] = useState<string[]>(unit.groups.map((g) => g.code));
  const [reason, setReason] = useState('');
  const allGroups = useQuery({ queryKey: ['orgUnitGroups', lang], queryFn: ({ signal }) => api<OrgUnitGroup[]>('/api/orgUnitGroups', { signal }) });
  const save = useUnitWrite<Record<string, unknown>>(`/api/orgUnits/${encodeURIComponent(unit.code)}`, 'PATCH', onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      nameVi,
      nameEn: nameEn.trim() || null,
      shortName: shortName.trim() || null,
      type,
      openingDate: openingDate || null,
      groups,
      ...(reason.trim() ? { reason } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t('orgUnits.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(save.error, 'nameVi')} required />
      <Field label={`${t('orgUnits.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(save.error, 'nameEn')} />
      <Field label={`${t('orgUnits.shortName')} ${t('common.optional')}`} value={shortName} onChange={(e) => setShortName(e.target.value)} error={fieldError(save.error, 'shortName')} />
      <TypeField value={type} onChange={setType} error={save.error} />
      <Field
        label={`${t('orgUnits.openingDate')} ${t('common.optional')}`}
        type="date"
        value={openingDate}
        onChange={(e) => setOpeningDate(e.target.value)}
        error={fieldError(save.error, 'openingDate')}
      />
      {allGroups.data && allGroups.data.length > 0 && (
        <fieldset className="field">
          <legend>{t('orgUnits.groups')}</legend>
          <div className="check-grid">
            {allGroups.data.map((g) => (
              <label key={g.code} className="check">
                <input type="checkbox" checked={groups.includes(g.code)} onChange={(e) => setGroups(e.target.checked ? [...groups, g.code] : groups.filter((c) => c !== g.code))} />{' '}
                {lang === 'en' && g.nameEn ? g.nameEn : g.nameVi}
                {g.kind === 'SECTOR' && <span className="muted small"> · {t('orgUnits.sector')}</span>}
              </label>
            ))}
          </div>
          {fieldError(save.error, 'groups') && <small className="field-error">{fieldError(save.error, 'groups')}</small>}
        </fieldset>
      )}
      <ReasonField value={reason} onChange={setReason} error={save.error} />
      <RestError error={save.error} fields={['nameVi', 'nameEn', 'shortName', 'type', 'openingDate', 'groups', 'reason']} />
      <FormActions onCancel={onCancel} pending={save.isPending} />
    </form>
  );
}

function CreateForm({ parent, onDone, onCancel }: { parent: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [nameVi, setNameVi] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [type, setType] = useState('unit');
  const [openingDate, setOpeningDate] = useState('');
  const save = useUnitWrite<Record<string, unknown>>('/api/orgUnits', 'POST', onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ code: code.trim(), nameVi, ...(nameEn.trim() ? { nameEn } : {}), type, parent: parent.code, ...(openingDate ? { openingDate } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{t('orgUnits.createUnder', { parent: parent.nameVi })}</p>
      <Field label={t('common.code')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(save.error, 'code')} hint={t('orgUnits.codeHint')} required />
      <Field label={t('orgUnits.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(save.error, 'nameVi')} required />
      <Field label={`${t('orgUnits.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(save.error, 'nameEn')} />
      <TypeField value={type} onChange={setType} error={save.error} />
      <Field
        label={`${t('orgUnits.openingDate')} ${t('common.optional')}`}
        type="date"
        value={openingDate}
        onChange={(e) => setOpeningDate(e.target.value)}
        error={fieldError(save.error, 'openingDate')}
      />
      <RestError error={save.error} fields={['code', 'nameVi', 'nameEn', 'type', 'openingDate']} />
      <FormActions onCancel={onCancel} pending={save.isPending} submitLabel={t('orgUnits.create')} />
    </form>
  );
}

function MoveForm({ unit, onDone, onCancel }: { unit: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [parent, setParent] = useState('');
  const [reason, setReason] = useState('');
  const save = useUnitWrite<Record<string, unknown>>(`/api/orgUnits/${encodeURIComponent(unit.code)}/move`, 'POST', onDone);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ parent: parent || null, ...(reason.trim() ? { reason } : {}) });
      }}
      noValidate
    >
      <p className="muted">{t('orgUnits.moveHelp', { unit: unit.nameVi, parent: unit.parent?.nameVi ?? '—' })}</p>
      <OrgUnitPicker label={t('orgUnits.newParent')} value={parent} onChange={setParent} error={fieldError(save.error, 'parent')} required />
      <ReasonField value={reason} onChange={setReason} error={save.error} />
      <RestError error={save.error} fields={['parent', 'reason']} />
      <FormActions onCancel={onCancel} pending={save.isPending} disabled={!parent} submitLabel={t('orgUnits.move')} />
    </form>
  );
}

function CloseForm({ unit, onDone, onCancel }: { unit: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [closingDate, setClosingDate] = useState(today());
  const [reason, setReason] = useState('');
  const save = useUnitWrite<Record<string, unknown>>(`/api/orgUnits/${encodeURIComponent(unit.code)}/close`, 'POST', onDone);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ closingDate, ...(reason.trim() ? { reason } : {}) });
      }}
      noValidate
    >
      <p className="muted">{t('orgUnits.closeHelp')}</p>
      <Field label={t('orgUnits.closingDate')} type="date" value={closingDate} onChange={(e) => setClosingDate(e.target.value)} error={fieldError(save.error, 'closingDate')} required />
      <ReasonField value={reason} onChange={setReason} error={save.error} />
      <RestError error={save.error} fields={['closingDate', 'reason']} />
      <FormActions onCancel={onCancel} pending={save.isPending} disabled={!closingDate} submitLabel={t('orgUnits.close')} />
    </form>
  );
}

function MergeForm({ unit, onDone, onCancel }: { unit: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [into, setInto] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(today());
  const [reason, setReason] = useState('');
  const save = useUnitWrite<Record<string, unknown>>(`/api/orgUnits/${encodeURIComponent(unit.code)}/merge`, 'POST', onDone);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ into, effectiveDate, ...(reason.trim() ? { reason } : {}) });
      }}
      noValidate
    >
      <p className="muted">{t('orgUnits.mergeHelp', { unit: unit.nameVi })}</p>
      <OrgUnitPicker label={t('orgUnits.mergeInto')} value={into} onChange={setInto} error={fieldError(save.error, 'into')} required />
      <Field label={t('orgUnits.effectiveDate')} type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} error={fieldError(save.error, 'effectiveDate')} required />
      <ReasonField value={reason} onChange={setReason} error={save.error} />
      <RestError error={save.error} fields={['into', 'effectiveDate', 'reason']} />
      <FormActions onCancel={onCancel} pending={save.isPending} disabled={!into || !effectiveDate} submitLabel={t('orgUnits.merge')} />
    </form>
  );
}

function SplitForm({ unit, onDone, onCancel }: { unit: OrgUnitDetail; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [into, setInto] = useState<string[]>(['', '']);
  const [effectiveDate, setEffectiveDate] = useState(today());
  const [reason, setReason] = useState('');
  const save = useUnitWrite<Record<string, unknown>>(`/api/orgUnits/${encodeURIComponent(unit.code)}/split`, 'POST', onDone);
  const chosen = into.filter(Boolean);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ into: chosen, effectiveDate, ...(reason.trim() ? { reason } : {}) });
      }}
      noValidate
    >
      <p className="muted">{t('orgUnits.splitHelp', { unit: unit.nameVi })}</p>
      {into.map((code, i) => (
        <OrgUnitPicker
          key={i}
          label={`${t('orgUnits.successor')} ${i + 1}`}
          value={code}
          onChange={(c) => setInto(into.map((x, j) => (j === i ? c : x)))}
          error={(code ? fieldError(save.error, `into[${chosen.indexOf(code)}]`) : undefined) ?? (i === 0 ? fieldError(save.error, 'into') : undefined)}
        />
      ))}
      <button type="button" className="btn" onClick={() => setInto([...into, ''])}>
        {t('orgUnits.addSuccessor')}
      </button>
      <Field label={t('orgUnits.effectiveDate')} type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} error={fieldError(save.error, 'effectiveDate')} required />
      <ReasonField value={reason} onChange={setReason} error={save.error} />
      <RestError error={save.error} fields={['into', ...chosen.map((_, i) => `into[${i}]`), 'effectiveDate', 'reason']} />
      <FormActions onCancel={onCancel} pending={save.isPending} disabled={chosen.length === 0 || !effectiveDate} submitLabel={t('orgUnits.split')} />
    </form>
  );
}

const TITLES: Record<UnitAction, MessageKey> = {
  edit: 'orgUnits.edit',
  create: 'orgUnits.createChild',
  move: 'orgUnits.move',
  close: 'orgUnits.close',
  merge: 'orgUnits.merge',
  split: 'orgUnits.split',
};

/** The buttons of the unit's writes (for those who may change the hierarchy) and the dialog of the one chosen. */
export function UnitActions({ unit, onChanged }: { unit: OrgUnitDetail; onChanged: (code: string) => void }) {
  const { t } = useI18n();
  const [action, setAction] = useState<UnitAction | null>(null);
  const close = () => setAction(null);
  const done = (code: string) => {
    setAction(null);
    onChanged(code);
  };
  const open = !unit.closingDate;
  const available: UnitAction[] = open ? ['edit', 'create', 'move', 'close', 'merge', 'split'] : ['edit'];
  return (
    <>
      <div className="actions unit-actions" role="group" aria-label={t('orgUnits.actions')}>
        {available.map((a) => (
          <button key={a} type="button" className={`btn${a === 'edit' ? ' btn-primary' : ''}`} onClick={() => setAction(a)}>
            {t(TITLES[a])}
          </button>
        ))}
      </div>
      <Dialog title={action ? `${t(TITLES[action])}: ${unit.nameVi}` : ''} open={action !== null} onClose={close}>
        {action === 'edit' && <EditForm unit={unit} onDone={done} onCancel={close} />}
        {action === 'create' && <CreateForm parent={unit} onDone={done} onCancel={close} />}
        {action === 'move' && <MoveForm unit={unit} onDone={done} onCancel={close} />}
        {action === 'close' && <CloseForm unit={unit} onDone={done} onCancel={close} />}
        {action === 'merge' && <MergeForm unit={unit} onDone={done} onCancel={close} />}
        {action === 'split' && <SplitForm unit={unit} onDone={done} onCancel={close} />}
      </Dialog>
    </>
  );
}
