import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { createdTokenSchema, tokenSchema } from '../../server/modules/api-tokens/schema.ts';

type ApiToken = Wire<typeof tokenSchema>;
type CreatedToken = Wire<typeof createdTokenSchema>;
import { FormError, QueryView } from '../components/states.tsx';
import { CopyButton, Dialog, Field, PageHeader, SelectField, FormActions } from '../components/ui.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { useI18n } from '../i18n/index.tsx';

function CreateToken({ onCreated, onCancel }: { onCreated: (token: CreatedToken) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [role, setRole] = useState<'REPORTING_OFFICER' | 'LEADER'>('REPORTING_OFFICER');
  const [expiresAt, setExpiresAt] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api<CreatedToken>('/api/tokens', {
        method: 'POST',
        body: { name, orgUnit: orgUnit.trim(), role, expiresAt: expiresAt ? new Date(`${expiresAt}T23:59:59`).toISOString() : null },
      }),
    onSuccess: (token) => {
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onCreated(token);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t('tokens.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError(create.error, 'name')} required />
      <OrgUnitPicker label={t('tokens.orgUnit')} value={orgUnit} onChange={setOrgUnit} error={fieldError(create.error, 'orgUnit')} required />
      <SelectField label={t('tokens.role')} value={role} onChange={(e) => setRole(e.target.value as 'REPORTING_OFFICER' | 'LEADER')}>
        <option value="REPORTING_OFFICER">{t('role.REPORTING_OFFICER')}</option>
        <option value="LEADER">{t('role.LEADER')}</option>
      </SelectField>
      <Field label={`${t('tokens.expiresAt')} ${t('common.optional')}`} type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} error={fieldError(create.error, 'expiresAt')} />
      {create.error && <FormError error={create.error} />}
      <FormActions onCancel={onCancel} pending={create.isPending} disabled={!name || !orgUnit} submitLabel={t('common.create')} />
    </form>
  );
}

export default function TokensPage() {
  const { t, date } = useI18n();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedToken | null>(null);
  const query = useQuery({ queryKey: ['tokens'], queryFn: ({ signal }) => api<ApiToken[]>('/api/tokens', { signal }) });
  const revoke = useMutation({
    mutationFn: (id: number) => api<ApiToken>(`/api/tokens/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <section>
      <PageHeader title={t('tokens.title')} intro={t('tokens.intro')}>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          + {t('tokens.new')}
        </button>
      </PageHeader>
      {revoke.error && <FormError error={revoke.error} />}
      <QueryView query={query} isEmpty={(d) => d.length === 0} empty={t('tokens.empty')}>
        {(tokens) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('tokens.name')}</th>
                  <th>{t('tokens.prefix')}</th>
                  <th>{t('tokens.orgUnit')}</th>
                  <th>{t('tokens.role')}</th>
                  <th>{t('tokens.lastUsed')}</th>
                  <th className="hide-phone">{t('tokens.expiresAt')}</th>
                  <th>{t('common.status')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>
                      {token.orgUnitName} <span className="muted small">({token.orgUnitCode})</span>
                    </td>
                    <td>{t(token.role === 'LEADER' ? 'role.LEADER' : 'role.REPORTING_OFFICER')}</td>
                    <td>
                      {token.lastUsedAt ? date(token.lastUsedAt, true) : <span className="muted">{t('tokens.neverUsed')}</span>}
                      {token.lastUsedIp && <div className="muted small">{token.lastUsedIp}</div>}
                    </td>
                    <td className="hide-phone">{token.expiresAt ? date(token.expiresAt) : t('tokens.never')}</td>
                    <td>{token.revokedAt ? <span className="badge badge-bad">{t('tokens.revoked')}</span> : <span className="badge badge-ok">{t('tokens.active')}</span>}</td>
                    <td>
                      {!token.revokedAt && (
                        <button
                          type="button"
                          className="btn btn-small btn-danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(t('tokens.confirmRevoke', { name: token.name }))) revoke.mutate(token.id);
                          }}
                        >
                          {t('tokens.revoke')}
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
      <Dialog title={t('tokens.new')} open={creating} onClose={() => setCreating(false)}>
        <CreateToken
          onCancel={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setSecret(token);
          }}
        />
      </Dialog>
      <Dialog title={t('tokens.secretTitle')} open={secret !== null} onClose={() => setSecret(null)}>
        {secret && (
          <div>
            <p className="notice notice-warn">{t('tokens.secretWarning')}</p>
            <code className="secret" data-testid="token-secret">
              {secret.token}
            </code>
            <div className="form-actions">
              <CopyButton text={secret.token} />
              <button type="button" className="btn btn-primary" onClick={() => setSecret(null)}>
                {t('common.close')}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </section>
  );
}
