// The takedown forms: a letter (batch) to a platform, and a case (one item) added to a letter.
// Each wrong field is named beside it with the server's message, in the user's language.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import { FOUND_BY, VIOLATION_KINDS, type MonitoringUnit, type TakedownBatch, type TakedownCase, type TakedownPlatform } from '../api/takedown.ts';
import { FormError } from '../components/states.tsx';
import { Dialog, Field, FormActions, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

/** A datetime-local value read as Vietnamese time (UTC+7), the time the officers work in. */
export const vnInstant = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+07:00` : '');

export function usePlatforms() {
  return useQuery({ queryKey: ['takedown', 'platforms'], queryFn: ({ signal }) => api<TakedownPlatform[]>('/api/takedown/platforms', { signal }) });
}

export function useMonitoringUnits() {
  return useQuery({ queryKey: ['takedown', 'monitoringUnits'], queryFn: ({ signal }) => api<MonitoringUnit[]>('/api/takedown/monitoringUnits', { signal }) });
}

/** A labelled multi-line field with its error beside it, like Field. */
export function TextAreaField({ label, value, onChange, error, rows = 3 }: { label: string; value: string; onChange: (value: string) => void; error?: string; rows?: number }) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Recording a letter to a platform: the sending monitoring unit, platform, number, date and time sent. */
export function BatchDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (batch: TakedownBatch) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const platforms = usePlatforms();
  const units = useMonitoringUnits();
  const [form, setForm] = useState({ orgUnit: '', platform: '', letterNumber: '', letterDate: '', sentAt: '', note: '' });
  const orgUnit = form.orgUnit || units.data?.[0]?.code || '';
  const platform = form.platform || platforms.data?.[0]?.code || '';
  const save = useMutation({
    mutationFn: () =>
      api<TakedownBatch>('/api/takedown/batches', {
        method: 'POST',
        body: { orgUnit, platform, letterNumber: form.letterNumber, letterDate: form.letterDate, sentAt: vnInstant(form.sentAt), note: form.note.trim() || null },
      }),
    onSuccess: (batch) => {
      void queryClient.invalidateQueries({ queryKey: ['takedown'] });
      onCreated(batch);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = (field: string) => fieldError(save.error, field);
  return (
    <Dialog title={t('takedown.newBatch')} open onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={t('takedown.newBatch')}>
        <div className="grid grid-2">
          <SelectField label={t('takedown.sendingUnit')} value={orgUnit} onChange={(e) => setForm({ ...form, orgUnit: e.target.value })} error={err('orgUnit')}>
            {units.data?.map((u) => (
              <option key={u.code} value={u.code}>
                {u.nameVi}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('takedown.platform')} value={platform} onChange={(e) => setForm({ ...form, platform: e.target.value })} error={err('platform')}>
            {platforms.data?.map((p) => (
              <option key={p.code} value={p.code}>
                {p.nameVi}
              </option>
            ))}
          </SelectField>
          <Field label={t('takedown.letter')} value={form.letterNumber} onChange={(e) => setForm({ ...form, letterNumber: e.target.value })} error={err('letterNumber')} placeholder="123/CPTTH-TTĐT" />
          <Field label={t('takedown.letterDate')} type="date" value={form.letterDate} onChange={(e) => setForm({ ...form, letterDate: e.target.value })} error={err('letterDate')} />
          <Field
            label={t('takedown.sentAtVn')}
            type="datetime-local"
            value={form.sentAt}
            onChange={(e) => setForm({ ...form, sentAt: e.target.value })}
            error={err('sentAt')}
            hint={t('takedown.sentAtHint')}
          />
        </div>
        <TextAreaField label={t('takedown.note')} value={form.note} onChange={(note) => setForm({ ...form, note })} error={err('note')} />
        {save.error && <FormError error={save.error} />}
        <FormActions onCancel={onClose} pending={save.isPending} submitLabel={t('takedown.saveBatch')} />
      </form>
    </Dialog>
  );
}

const emptyCase = { url: '', account: '', violationKind: 'FALSE_INFORMATION', legalBasis: '', foundBy: 'MONITORING', foundByDetail: '', description: '', sentAt: '' };

/** Adding one item (URL) to a letter; the form stays open, emptied, for the next item. */
export function NewCaseDialog({ batchId, onClose }: { batchId: number; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(emptyCase);
  const [added, setAdded] = useState<TakedownCase[]>([]);
  const save = useMutation({
    mutationFn: () =>
      api<TakedownCase>(`/api/takedown/batches/${batchId}/cases`, {
        method: 'POST',
        body: {
          url: form.url,
          account: form.account.trim() || null,
          violationKind: form.violationKind,
          legalBasis: form.legalBasis,
          foundBy: form.foundBy,
          foundByDetail: form.foundByDetail.trim() || null,
          description: form.description.trim() || null,
          // Empty: sent with the letter.
          ...(form.sentAt ? { sentAt: vnInstant(form.sentAt) } : {}),
        },
      }),
    onSuccess: (c) => {
      setAdded([...added, c]);
      // The next item of the same letter usually shares the kind, basis and finder.
      setForm({ ...form, url: '', account: '', description: '' });
      void queryClient.invalidateQueries({ queryKey: ['takedown'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = (field: string) => fieldError(save.error, field);
  return (
    <Dialog title={t('takedown.newCase')} open onClose={onClose}>
      {added.length > 0 && (
        <div className="notice notice-ok" role="status">
          {t('takedown.caseAdded', { n: added.length })} <span className="url-cell">{added[added.length - 1].url}</span>
        </div>
      )}
      <form onSubmit={submit} noValidate aria-label={t('takedown.newCase')}>
        <Field label={t('takedown.url')} type="url" inputMode="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} error={err('url')} placeholder="https://" />
        <div className="grid grid-2">
          <Field label={t('takedown.account')} value={form.account} onChange={(e) => setForm({ ...form, account: e.target.value })} error={err('account')} />
          <SelectField label={t('takedown.kind')} value={form.violationKind} onChange={(e) => setForm({ ...form, violationKind: e.target.value })} error={err('violationKind')}>
            {VIOLATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`takedown.kind.${k}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('takedown.foundBy')} value={form.foundBy} onChange={(e) => setForm({ ...form, foundBy: e.target.value })} error={err('foundBy')}>
            {FOUND_BY.map((k) => (
              <option key={k} value={k}>
                {t(`takedown.foundBy.${k}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <Field label={t('takedown.foundByDetail')} value={form.foundByDetail} onChange={(e) => setForm({ ...form, foundByDetail: e.target.value })} error={err('foundByDetail')} />
        </div>
        <Field
          label={t('takedown.legalBasis')}
          value={form.legalBasis}
          onChange={(e) => setForm({ ...form, legalBasis: e.target.value })}
          error={err('legalBasis')}
          placeholder={t('takedown.legalBasisExample')}
        />
        <TextAreaField label={t('takedown.description')} value={form.description} onChange={(description) => setForm({ ...form, description })} error={err('description')} />
        <Field
          label={t('takedown.caseSentAt')}
          type="datetime-local"
          value={form.sentAt}
          onChange={(e) => setForm({ ...form, sentAt: e.target.value })}
          error={err('sentAt')}
          hint={t('takedown.caseSentAtHint')}
        />
        {save.error && <FormError error={save.error} />}
        <FormActions onCancel={onClose} cancelLabel={added.length ? t('common.close') : undefined} pending={save.isPending} submitLabel={t('takedown.saveCase')} />
      </form>
    </Dialog>
  );
}
