// Repeat offenders: accounts and channels with their cases in the rolling windows (30 and 90 days) ending on a day,
// flagged at the thresholds in force that day (each with its legal basis); and the versioned thresholds themselves.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { RepeatOffender, TakedownThreshold } from '../api/takedown.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, SelectField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, useSearchParam } from '../router.tsx';
import { TextAreaField, usePlatforms } from './takedown-forms.tsx';

function useThresholds() {
  return useQuery({ queryKey: ['takedown', 'thresholds'], queryFn: ({ signal }) => api<TakedownThreshold[]>('/api/takedown/thresholds', { signal }) });
}

const inForce = (th: Pick<TakedownThreshold, 'effectiveFrom' | 'effectiveTo'>, day: string) => th.effectiveFrom <= day && (th.effectiveTo === null || day <= th.effectiveTo);

function Offenders() {
  const { t, date, num } = useI18n();
  const [day, setDay] = useSearchParam('day');
  const [platform, setPlatform] = useSearchParam('platform');
  const platforms = usePlatforms();
  const query = useQuery({
    queryKey: ['takedown', 'offenders', day, platform],
    queryFn: ({ signal }) => api<{ day: string; items: RepeatOffender[] }>('/api/takedown/offenders', { query: { day, platform }, signal }),
    placeholderData: keepPreviousData,
  });
  const nameOf = (code: string) => platforms.data?.find((p) => p.code === code)?.nameVi ?? code;
  return (
    <>
      <div className="toolbar">
        <Field label={t('takedown.offenders.day')} type="date" value={day} onChange={(e) => setDay(e.target.value || null)} />
        <SelectField label={t('takedown.platform')} value={platform} onChange={(e) => setPlatform(e.target.value || null)}>
          <option value="">{t('common.all')}</option>
          {platforms.data?.map((p) => (
            <option key={p.code} value={p.code}>
              {p.nameVi}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryView query={query}>
        {(data) => {
          const windows = [...new Set(data.items.flatMap((o) => Object.keys(o.counts).map(Number)))].sort((a, b) => a - b);
          return (
            <>
              <p className="muted" data-offenders-day={data.day}>
                {t('takedown.offenders.asOf', { day: date(data.day), n: data.items.length })}
              </p>
              {data.items.length === 0 ? (
                <p className="muted">{t('takedown.offenders.none')}</p>
              ) : (
                <div className="table-wrap" role="region" tabIndex={0} aria-label={t('takedown.tab.offenders')}>
                  <table className="takedown-offenders">
                    <thead>
                      <tr>
                        <th>{t('takedown.account')}</th>
                        <th>{t('takedown.platform')}</th>
                        {windows.map((w) => (
                          <th key={w} className="num">
                            {t('takedown.offenders.window', { days: w })}
                          </th>
                        ))}
                        <th>{t('takedown.offenders.reached')}</th>
                        <th>{t('takedown.offenders.cases')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((o) => (
                        <tr key={`${o.platform}|${o.accountKey}`} data-account={o.accountKey}>
                          <th scope="row" className="url-cell">
                            {o.account ?? o.accountKey}
                          </th>
                          <td data-label={t('takedown.platform')}>{nameOf(o.platform)}</td>
                          {windows.map((w) => {
                            const hit = o.reached.some((r) => r.windowDays === w);
                            return (
                              <td key={w} className="num" data-label={t('takedown.offenders.window', { days: w })}>
                                {hit ? <strong className="badge badge-bad">{num(o.counts[w] ?? 0)}</strong> : num(o.counts[w] ?? 0)}
                              </td>
                            );
                          })}
                          <td data-label={t('takedown.offenders.reached')}>
                            <ul className="plain">
                              {o.reached.map((r) => (
                                <li key={`${r.windowDays}-${r.minCount}`}>
                                  {t('takedown.threshold.rule', { n: r.minCount, days: r.windowDays })} <small className="muted">({r.legalBasis})</small>
                                </li>
                              ))}
                            </ul>
                          </td>
                          <td>
                            <Link to={`/takedown?platform=${o.platform}&account=${encodeURIComponent(o.accountKey)}`}>{t('takedown.offenders.seeCases', { n: o.caseIds.length })}</Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Thresholds day={data.day} />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

const emptyThreshold = { windowDays: '30', minCount: '5', effectiveFrom: '', effectiveTo: '', legalBasis: '' };

/** The threshold versions; a system administrator adds one (the server decides who may). */
function Thresholds({ day }: { day: string }) {
  const { t, date } = useI18n();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const query = useThresholds();
  const [form, setForm] = useState(emptyThreshold);
  const save = useMutation({
    mutationFn: () =>
      api<TakedownThreshold>('/api/takedown/thresholds', {
        method: 'POST',
        body: {
          windowDays: Number(form.windowDays),
          minCount: Number(form.minCount),
          effectiveFrom: form.effectiveFrom,
          effectiveTo: form.effectiveTo || null,
          legalBasis: form.legalBasis,
        },
      }),
    onSuccess: () => {
      setForm(emptyThreshold);
      void queryClient.invalidateQueries({ queryKey: ['takedown'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = (field: string) => fieldError(save.error, field);
  return (
    <section className="takedown-thresholds" aria-labelledby="takedown-thresholds-title">
      <h2 id="takedown-thresholds-title">{t('takedown.thresholds')}</h2>
      <p className="muted">{t('takedown.thresholds.help')}</p>
      <QueryView query={query} isEmpty={(d) => d.length === 0} empty={t('takedown.thresholds.none')}>
        {(items) => (
          <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="takedown-thresholds-title">
            <table className="takedown-threshold-list">
              <thead>
                <tr>
                  <th>{t('takedown.threshold.ruleCol')}</th>
                  <th>{t('takedown.threshold.effective')}</th>
                  <th>{t('takedown.legalBasis')}</th>
                  <th>{t('takedown.threshold.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((th) => (
                  <tr key={th.id} data-threshold={th.id}>
                    <td>{t('takedown.threshold.rule', { n: th.minCount, days: th.windowDays })}</td>
                    <td data-label={t('takedown.threshold.effective')}>
                      {date(th.effectiveFrom)} – {th.effectiveTo ? date(th.effectiveTo) : t('takedown.threshold.open')}
                    </td>
                    <td data-label={t('takedown.legalBasis')}>{th.legalBasis}</td>
                    <td data-label={t('takedown.threshold.status')}>
                      {inForce(th, day) ? (
                        <span className="badge badge-ok">{t('takedown.threshold.inForce', { day: date(day) })}</span>
                      ) : (
                        <span className="badge badge-muted">{t('takedown.threshold.notInForce')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {can('takedown.manage') && (
        <form onSubmit={submit} noValidate aria-label={t('takedown.threshold.add')}>
          <h3>{t('takedown.threshold.add')}</h3>
          <div className="grid grid-2">
            <Field
              label={t('takedown.threshold.windowDays')}
              type="number"
              min={1}
              max={366}
              value={form.windowDays}
              onChange={(e) => setForm({ ...form, windowDays: e.target.value })}
              error={err('windowDays')}
            />
            <Field label={t('takedown.threshold.minCount')} type="number" min={1} value={form.minCount} onChange={(e) => setForm({ ...form, minCount: e.target.value })} error={err('minCount')} />
            <Field label={t('takedown.threshold.from')} type="date" value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} error={err('effectiveFrom')} />
            <Field label={t('takedown.threshold.to')} type="date" value={form.effectiveTo} onChange={(e) => setForm({ ...form, effectiveTo: e.target.value })} error={err('effectiveTo')} />
          </div>
          <TextAreaField label={t('takedown.legalBasis')} value={form.legalBasis} onChange={(legalBasis) => setForm({ ...form, legalBasis })} error={err('legalBasis')} rows={2} />
          {save.error && <FormError error={save.error} />}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('takedown.threshold.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export { Offenders as TakedownOffenders };
