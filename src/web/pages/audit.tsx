import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { auditPage } from '../../server/modules/audit/schema.ts';
import { QueryView } from '../components/states.tsx';
import { Field, PageHeader, Pager } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSearchParam } from '../router.tsx';
import { auditActionLabel, objectTypeLabel } from '../lib/labels.ts';

const LIMIT = 50;

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">–</span>;
  return <pre className="json">{JSON.stringify(value, null, 1)}</pre>;
}

export default function AuditPage() {
  const { t, date, lang } = useI18n();
  const [username, setUsername] = useSearchParam('username');
  const [objectType, setObjectType] = useSearchParam('objectType');
  const [action, setAction] = useSearchParam('action');
  const [from, setFrom] = useSearchParam('from');
  const [to, setTo] = useSearchParam('to');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const query = useQuery({
    queryKey: ['audit', username, objectType, action, from, to, offset],
    queryFn: ({ signal }) =>
      api<Wire<typeof auditPage>>('/api/audit', {
        // "to" is inclusive for people: ask for entries before the next day.
        query: { username, objectType, action, from, to: to ? nextDay(to) : '', limit: LIMIT, offset },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
  const reset = (fn: (v: string) => void) => (v: string) => {
    fn(v);
    setOffset(0);
  };
  return (
    <section>
      <PageHeader title={t('audit.title')} />
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('audit.who')} value={username} onChange={(e) => reset(setUsername)(e.target.value)} />
        <Field label={t('audit.objectType')} value={objectType} onChange={(e) => reset(setObjectType)(e.target.value)} placeholder="user, api_token…" />
        <Field label={t('audit.action')} value={action} onChange={(e) => reset(setAction)(e.target.value)} placeholder="auth.login…" />
        <Field label={t('common.from')} type="date" value={from} onChange={(e) => reset(setFrom)(e.target.value)} />
        <Field label={t('common.to')} type="date" value={to} onChange={(e) => reset(setTo)(e.target.value)} />
      </form>
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('audit.empty')}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('audit.when')}</th>
                    <th>{t('audit.who')}</th>
                    <th>{t('audit.action')}</th>
                    <th>{t('audit.object')}</th>
                    <th>{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <tr key={e.id}>
                      <td className="num">{date(e.at, true)}</td>
                      <td>{e.username ?? <span className="muted">{e.actorKind}</span>}</td>
                      <td>
                        {auditActionLabel(e.action, lang)}
                        <div className="muted small">
                          <code>{e.action}</code>
                        </div>
                        {e.reason && (
                          <div className="small">
                            {t('audit.reason')}: {e.reason}
                          </div>
                        )}
                      </td>
                      <td>
                        {objectTypeLabel(e.objectType, lang)} {e.objectId && <code>{e.objectId}</code>}
                      </td>
                      <td>
                        {e.before !== null || e.after !== null ? (
                          <>
                            <button type="button" className="btn btn-small" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                              {t('common.details')}
                            </button>
                            {open === e.id && (
                              <div className="grid grid-2 audit-diff">
                                <div>
                                  <h3>{t('audit.before')}</h3>
                                  <Json value={e.before} />
                                </div>
                                <div>
                                  <h3>{t('audit.after')}</h3>
                                  <Json value={e.after} />
                                </div>
                              </div>
                            )}
                          </>
                        ) : (
                          <span className="muted">–</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
