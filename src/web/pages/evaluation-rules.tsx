// The evaluation rule sets and their versions: each with its legal basis and effective period; an administrator
// adds a version (e.g. a province's conversion factors) through a form whose errors stand at their fields.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Wire } from '../../core/contract.ts';
import type { ruleSetsResponse } from '../../server/modules/evaluation/schema.ts';
import { api, fieldError } from '../api/client.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Field } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import type { FieldLabels } from '../lib/field-labels.ts';

type RuleSets = Wire<typeof ruleSetsResponse>;
type RuleSetItem = RuleSets[number];
type Config = RuleSetItem['config'];

const STATUS_BADGE = { IN_FORCE: 'badge-ok', FUTURE: 'badge-info', PAST: 'badge-muted' } as const;

/** "0,25" or "25" typed as a percentage → 0.25; anything else → NaN (refused by the server, at its field). */
const percent = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')) / 100);
const number = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')));
/** NaN is sent as null (JSON has no NaN) and refused by the server naming the field. */
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

function VersionForm({ set, onDone }: { set: RuleSetItem; onDone: () => void }) {
  const { t, lang } = useI18n();
  const c: Config = set.config;
  const pct = (x: number | null) => (x === null ? '' : String(Math.round(x * 10000) / 100).replace('.', lang === 'vi' ? ',' : '.'));
  const init = () => ({
    name: '',
    legalBasis: '',
    effectiveFrom: '',
    effectiveTo: '',
    late: pct(c.latePenalty),
    quality: pct(c.qualityPenalty),
    quota: pct(c.excellentQuotaOfGood),
    HTXSNV: String(c.thresholds.HTXSNV),
    HTTNV: String(c.thresholds.HTTNV),
    HTNV: String(c.thresholds.HTNV),
    ...Object.fromEntries(c.productKinds.map((k) => [`factor.${k.code}`, String(k.factor).replace('.', lang === 'vi' ? ',' : '.')])),
  });
  const [state, setState] = useState<Record<string, string>>(init);
  const set_ = (k: string) => (e: { target: { value: string } }) => setState((s) => ({ ...s, [k]: e.target.value }));
  const save = useMutation({
    mutationFn: () =>
      api(`/api/evaluation/rule-sets/${set.id}/versions`, {
        method: 'POST',
        body: {
          name: state.name,
          legalBasis: state.legalBasis,
          effectiveFrom: state.effectiveFrom,
          effectiveTo: state.effectiveTo || null,
          // The version in force with this form's changes: a setting the form does not show (weights, the factor of
          // unplanned work, the criteria…) carries over instead of falling back to the decree's value.
          config: {
            ...c,
            latePenalty: orNull(percent(state.late)),
            qualityPenalty: orNull(percent(state.quality)),
            excellentQuotaOfGood: state.quota.trim() === '' ? null : orNull(percent(state.quota)),
            thresholds: { HTXSNV: orNull(number(state.HTXSNV)), HTTNV: orNull(number(state.HTTNV)), HTNV: orNull(number(state.HTNV)) },
            productKinds: c.productKinds.map((k) => ({ ...k, factor: orNull(number(state[`factor.${k.code}`] ?? '')) })),
          },
        },
      }),
    onSuccess: () => {
      setState(init());
      onDone();
    },
  });
  const err = save.error;
  // The summary above the form names each wrong field by its label, keyed as the fields below ask fieldError().
  const labels: FieldLabels = {
    name: t('evalRules.name'),
    legalBasis: t('evalRules.legalBasis'),
    effectiveFrom: t('evalRules.from'),
    effectiveTo: t('evalRules.to'),
    'config.latePenalty': t('evalRules.late'),
    'config.qualityPenalty': t('evalRules.quality'),
    'config.excellentQuotaOfGood': t('evalRules.quota'),
    'config.thresholds': t('evalRules.thresholds'),
    ...Object.fromEntries((['HTXSNV', 'HTTNV', 'HTNV'] as const).map((r) => [`config.thresholds.${r}`, t(`eval.rating.${r}` as MessageKey)])),
    ...Object.fromEntries(c.productKinds.map((k, i) => [`config.productKinds[${i}].factor`, lang === 'vi' ? k.vi : k.en])),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card eval-version-form" onSubmit={submit} noValidate aria-label={t('evalRules.newVersion', { set: lang === 'vi' ? set.nameVi : set.nameEn })}>
      <h3>{t('evalRules.newVersion', { set: lang === 'vi' ? set.nameVi : set.nameEn })}</h3>
      {err ? <FormError error={err} labels={labels} /> : null}
      <Field label={t('evalRules.name')} value={state.name} onChange={set_('name')} error={fieldError(err, 'name')} hint={t('evalRules.nameHint')} />
      <Field label={t('evalRules.legalBasis')} value={state.legalBasis} onChange={set_('legalBasis')} error={fieldError(err, 'legalBasis')} hint={t('evalRules.legalBasisHint')} />
      <div className="grid grid-2">
        <Field label={t('evalRules.from')} type="date" value={state.effectiveFrom} onChange={set_('effectiveFrom')} error={fieldError(err, 'effectiveFrom')} />
        <Field label={t('evalRules.to')} type="date" value={state.effectiveTo} onChange={set_('effectiveTo')} error={fieldError(err, 'effectiveTo')} hint={t('evalRules.toHint')} />
      </div>
      <fieldset>
        <legend>{t('evalRules.factors')}</legend>
        <div className="grid grid-3">
          {c.productKinds.map((k, i) => (
            <Field
              key={k.code}
              label={lang === 'vi' ? k.vi : k.en}
              inputMode="decimal"
              value={state[`factor.${k.code}`] ?? ''}
              onChange={set_(`factor.${k.code}`)}
              error={fieldError(err, `config.productKinds[${i}].factor`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('evalRules.penalties')}</legend>
        <div className="grid grid-3">
          <Field label={t('evalRules.late')} inputMode="decimal" value={state.late} onChange={set_('late')} error={fieldError(err, 'config.latePenalty')} />
          <Field label={t('evalRules.quality')} inputMode="decimal" value={state.quality} onChange={set_('quality')} error={fieldError(err, 'config.qualityPenalty')} />
          <Field label={t('evalRules.quota')} inputMode="decimal" value={state.quota} onChange={set_('quota')} error={fieldError(err, 'config.excellentQuotaOfGood')} hint={t('evalRules.quotaHint')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('evalRules.thresholds')}</legend>
        <div className="grid grid-3">
          {(['HTXSNV', 'HTTNV', 'HTNV'] as const).map((r) => (
            <Field key={r} label={t(`eval.rating.${r}` as MessageKey)} inputMode="decimal" value={state[r]} onChange={set_(r)} error={fieldError(err, `config.thresholds.${r}`)} />
          ))}
        </div>
        {fieldError(err, 'config.thresholds') && (
          <small className="field-error" role="alert">
            {fieldError(err, 'config.thresholds')}
          </small>
        )}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {t('evalRules.add')}
      </button>
    </form>
  );
}

function RuleSetCard({ set, canAdd, onChanged }: { set: RuleSetItem; canAdd: boolean; onChanged: () => void }) {
  const { t, lang, num, date } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <section className="card eval-rule-set" data-rule-set={set.id}>
      <h2>{lang === 'vi' ? set.nameVi : set.nameEn}</h2>
      <p>
        <small>{set.legalBasis}</small>
      </p>
      <p className="muted">
        <small>
          {t('evalRules.appliesTo')}: {set.appliesTo.map((k) => t(`eval.kind.${k}` as MessageKey)).join(', ')} ·{' '}
          {t('evalRules.period', { from: date(set.effectiveFrom), to: set.effectiveTo ? date(set.effectiveTo) : t('evalRules.open') })}
        </small>
      </p>
      {/* Scrolls sideways on a phone: focusable, so that it can be scrolled from the keyboard. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`${t('evalRules.versions')}: ${lang === 'vi' ? set.nameVi : set.nameEn}`}>
        <table className="eval-versions">
          <caption className="sr-only">{t('evalRules.versions')}</caption>
          <thead>
            <tr>
              <th>{t('evalRules.version')}</th>
              <th>{t('evalRules.effective')}</th>
              <th>{t('evalRules.status')}</th>
              <th className="hide-phone">{t('evalRules.values')}</th>
            </tr>
          </thead>
          <tbody>
            {set.versions.map((v) => (
              <tr key={v.id ?? 'decree'} data-status={v.status}>
                <td>
                  <strong>{v.name}</strong>
                  <br />
                  <small className="muted">{v.legalBasis}</small>
                </td>
                <td>
                  {date(v.effectiveFrom)} – {v.effectiveTo ? date(v.effectiveTo) : t('evalRules.open')}
                </td>
                <td>
                  <span className={`badge ${STATUS_BADGE[v.status]}`}>{t(`evalRules.status.${v.status}` as MessageKey)}</span>
                </td>
                <td className="hide-phone">
                  <small>
                    {v.config.productKinds.map((k) => `${lang === 'vi' ? k.vi : k.en} ×${num(k.factor, 2)}`).join(' · ')}
                    <br />
                    {t('evalRules.summary', {
                      late: num(v.config.latePenalty * 100, 0),
                      quality: num(v.config.qualityPenalty * 100, 0),
                      quota: v.config.excellentQuotaOfGood === null ? '–' : num(v.config.excellentQuotaOfGood * 100, 0),
                      x: v.config.thresholds.HTXSNV,
                      g: v.config.thresholds.HTTNV,
                      c: v.config.thresholds.HTNV,
                    })}
                  </small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canAdd && !open && (
        <button type="button" className="btn eval-add-version" onClick={() => setOpen(true)}>
          {t('evalRules.newVersion', { set: lang === 'vi' ? set.nameVi : set.nameEn })}
        </button>
      )}
      {canAdd && open && (
        <VersionForm
          set={set}
          onDone={() => {
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

/** The rule sets tab: every version in force and past; the form for administrators. */
export function RuleSetsTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['evaluation', 'rule-sets'], queryFn: ({ signal }) => api<RuleSets>('/api/evaluation/rule-sets', { signal }) });
  const canAdd = can('metadata.write') && can('evaluation.decide');
  return (
    <>
      <p className="muted">{t('evalRules.intro')}</p>
      <QueryView query={query}>
        {(sets) => (
          <>
            {sets.map((s) => (
              <RuleSetCard key={s.id} set={s} canAdd={canAdd} onChanged={() => void qc.invalidateQueries({ queryKey: ['evaluation'] })} />
            ))}
          </>
        )}
      </QueryView>
    </>
  );
}
