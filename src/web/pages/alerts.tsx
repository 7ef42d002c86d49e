import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { alertPage, alertSchema } from '../../server/modules/alerts/schema.ts';

type Alert = Wire<typeof alertSchema>;
type AlertState = Alert['state'];
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { evidenceLink } from '../lib/evidence.ts';
import { Link, useSearchParam } from '../router.tsx';

const STATES: AlertState[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'];
const SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'];
const TYPES = ['REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE', 'TAKEDOWN_REPEAT', 'COMMITMENT_DUE', 'COMMITMENT_AT_RISK'];

function severityClass(severity: string): string {
  return severity === 'CRITICAL' ? 'badge-bad' : severity === 'WARNING' ? 'badge-warn' : 'badge-info';
}

export default function AlertsPage() {
  const { t, date, num, period } = useI18n();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [stateParam, setState] = useSearchParam('state');
  const [severity, setSeverity] = useSearchParam('severity');
  const [type, setType] = useSearchParam('type');
  const state = stateParam === 'ALL' ? '' : stateParam || 'OPEN';
  const query = useQuery({
    queryKey: ['alerts', state, severity, type],
    queryFn: ({ signal }) => api<Wire<typeof alertPage>>('/api/alerts', { query: { state, severity, type, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const act = useMutation({
    mutationFn: ({ id, action, note }: { id: number; action: 'acknowledge' | 'resolve'; note?: string }) => api<Alert>(`/api/alerts/${id}/${action}`, { method: 'POST', body: note ? { note } : {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const evaluate = useMutation({
    mutationFn: () => api('/api/alerts/evaluate', { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const canAct = can('alert.act');
  return (
    <section>
      <PageHeader title={t('alerts.title')}>
        {can('metadata.write') && (
          <button type="button" className="btn" disabled={evaluate.isPending} onClick={() => evaluate.mutate()}>
            {t('alerts.evaluate')}
          </button>
        )}
      </PageHeader>
      <div className="toolbar" role="search">
        <SelectField label={t('alerts.state')} value={stateParam || 'OPEN'} onChange={(e) => setState(e.target.value === 'OPEN' ? null : e.target.value)}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`alerts.${s}` as MessageKey)}
            </option>
          ))}
          <option value="ALL">{t('common.all')}</option>
        </SelectField>
        <SelectField label={t('alerts.severity')} value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value="">{t('common.all')}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`alerts.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('alerts.type')} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">{t('common.all')}</option>
          {TYPES.map((s) => (
            <option key={s} value={s}>
              {t(`alerts.${s}` as MessageKey)}
            </option>
          ))}
        </SelectField>
      </div>
      {(act.error || evaluate.error) && <FormError error={act.error ?? evaluate.error} />}
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('alerts.empty')}>
        {(data) => (
          <ul className="alert-list">
            {data.items.map((a) => {
              const link = evidenceLink(a.evidenceUrl);
              return (
                <li key={a.id} className={`alert-item sev-${a.severity.toLowerCase()}`} data-alert={a.id}>
                  <div className="alert-main">
                    <div className="alert-tags">
                      <span className={`badge ${severityClass(a.severity)}`}>{t(`alerts.${a.severity}` as MessageKey)}</span>
                      <span className="badge">{TYPES.includes(a.type) ? t(`alerts.${a.type}` as MessageKey) : a.type}</span>
                      <span className={`badge ${a.state === 'OPEN' ? 'badge-bad' : a.state === 'RESOLVED' ? 'badge-ok' : 'badge-info'}`}>{t(`alerts.${a.state}` as MessageKey)}</span>
                    </div>
                    <strong className="alert-title">{a.title}</strong>
                    <div className="muted small">
                      {a.orgUnitName} · {period(a.period)}
                      {a.value !== null && ` · ${num(a.value)}`} · {t('alerts.raisedAt')} {date(a.raisedAt, true)}
                    </div>
                    {(a.acknowledgedBy || a.resolvedBy) && (
                      <div className="small">
                        {t('alerts.actedBy')}: {a.resolvedBy ?? a.acknowledgedBy} ({date(a.resolvedAt ?? a.acknowledgedAt, true)}){a.note && ` — ${a.note}`}
                      </div>
                    )}
                  </div>
                  <div className="alert-actions">
                    {link &&
                      (link.internal ? (
                        <Link to={link.to} className="btn btn-small">
                          {t('alerts.evidence')}
                        </Link>
                      ) : (
                        <a href={link.to} className="btn btn-small" target="_blank" rel="noreferrer">
                          {t('alerts.evidence')}
                        </a>
                      ))}
                    {canAct && a.state === 'OPEN' && (
                      <button type="button" className="btn btn-small" disabled={act.isPending} onClick={() => act.mutate({ id: a.id, action: 'acknowledge' })}>
                        {t('alerts.acknowledge')}
                      </button>
                    )}
                    {canAct && a.state !== 'RESOLVED' && (
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={act.isPending}
                        onClick={() => {
                          const note = window.prompt(t('alerts.note')) ?? undefined;
                          act.mutate({ id: a.id, action: 'resolve', note: note || undefined });
                        }}
                      >
                        {t('alerts.resolve')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
