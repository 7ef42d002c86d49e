import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import { matchesSearch } from '../lib/search.ts';
import type { Role } from '../../server/access.ts';
import { ROLES } from '../lib/roles.ts';
import type { Wire } from '../../core/contract.ts';
import type { userSchema } from '../../server/modules/users/schema.ts';

type User = Wire<typeof userSchema>;
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, Notice, PageHeader, Pager, SelectField, FormActions, SearchToolbar } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSearchParam } from '../router.tsx';

interface RoleRow {
  role: Role;
  orgUnit: string;
}

const LIMIT = 50;
const ALL_LIMIT = 500;

/** Users whose username, name or e-mail contains the search, ignoring case and diacritics. */
function filterUsers(users: User[], search: string): User[] {
  return users.filter((u) => matchesSearch([u.username, u.displayName, u.email], search));
}

function pageOf(items: User[], offset: number): { total: number; items: User[] } {
  return { total: items.length, items: items.slice(offset, offset + LIMIT) };
}

function RolesEditor({ rows, onChange, error }: { rows: RoleRow[]; onChange: (rows: RoleRow[]) => void; error: unknown }) {
  const { t } = useI18n();
  return (
    <fieldset className="roles-editor">
      <legend>{t('users.roles')}</legend>
      {rows.map((row, i) => (
        <div key={i} className="role-row">
          <SelectField
            label={t('users.role')}
            value={row.role}
            onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, role: e.target.value as Role } : r)))}
            error={fieldError(error, `roles.${i}.role`)}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <OrgUnitPicker
            label={t('users.scope')}
            allowNone
            value={row.orgUnit}
            onChange={(code) => onChange(rows.map((r, j) => (j === i ? { ...r, orgUnit: code } : r)))}
            error={fieldError(error, `roles.${i}.orgUnit`)}
          />
          <button type="button" className="btn btn-small btn-danger" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`${t('users.removeRole')} ${i + 1}`}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, { role: 'REPORTING_OFFICER', orgUnit: '' }])}>
        + {t('users.addRole')}
      </button>
    </fieldset>
  );
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [mustChangePassword, setMustChange] = useState(true);
  const [language, setLanguage] = useState<'vi' | 'en'>(user?.language ?? 'vi');
  const [isActive, setActive] = useState(user?.isActive ?? true);
  const [roles, setRoles] = useState<RoleRow[]>(user?.roles.map((r) => ({ role: r.role, orgUnit: r.orgUnitCode ?? '' })) ?? [{ role: 'REPORTING_OFFICER', orgUnit: '' }]);
  const save = useMutation({
    mutationFn: () => {
      const roleInput = roles.map((r) => ({ role: r.role, orgUnit: r.orgUnit.trim() || null }));
      if (user) {
        return api<User>(`/api/users/${user.id}`, { method: 'PATCH', body: { displayName, email: email.trim() || null, isActive, language, roles: roleInput } });
      }
      return api<User>('/api/users', { method: 'POST', body: { username: username.trim(), displayName, email: email.trim() || null, password, mustChangePassword, language, roles: roleInput } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const err = save.error;
  return (
    <form onSubmit={submit} noValidate>
      {!user && <Field label={t('users.username')} value={username} onChange={(e) => setUsername(e.target.value)} error={fieldError(err, 'username')} autoComplete="off" required />}
      <Field label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError(err, 'displayName')} required />
      <Field label={`${t('users.email')} ${t('common.optional')}`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(err, 'email')} />
      {!user && (
        <>
          <Field label={t('users.password')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(err, 'password')} required />
          <label className="check">
            <input type="checkbox" checked={mustChangePassword} onChange={(e) => setMustChange(e.target.checked)} /> {t('users.mustChange')}
          </label>
        </>
      )}
      <SelectField label={t('users.language')} value={language} onChange={(e) => setLanguage(e.target.value as 'vi' | 'en')}>
        <option value="vi">{t('lang.vi')}</option>
        <option value="en">{t('lang.en')}</option>
      </SelectField>
      {user && (
        <label className="check">
          <input type="checkbox" checked={isActive} onChange={(e) => setActive(e.target.checked)} /> {t('users.active')}
        </label>
      )}
      <RolesEditor rows={roles} onChange={setRoles} error={err} />
      {err && <FormError error={err} />}
      <FormActions onCancel={onDone} pending={save.isPending} />
    </form>
  );
}

function ResetPassword({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useI18n();
  const [newPassword, setPassword] = useState('');
  const reset = useMutation({ mutationFn: () => api(`/api/users/${user.id}/reset-password`, { method: 'POST', body: { newPassword } }) });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate();
      }}
      noValidate
    >
      <p>
        <strong>{user.displayName}</strong> ({user.username})
      </p>
      <Field
        label={t('user.newPassword')}
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError(reset.error, 'newPassword')}
      />
      {reset.isSuccess && <Notice>{t('users.resetDone')}</Notice>}
      {reset.error && !fieldError(reset.error, 'newPassword') && <FormError error={reset.error} />}
      <FormActions onCancel={onDone} cancelLabel={t('common.close')} pending={reset.isPending} disabled={!newPassword || reset.isSuccess} submitLabel={t('users.resetPassword')} />
    </form>
  );
}

export default function UsersPage() {
  const { t, date } = useI18n();
  const [q, setQ] = useSearchParam('q');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  // The server's search is accent-sensitive; user lists are small, so the page folds diacritics
  // itself over the whole list and only asks the server to search when the list is too long.
  const all = useQuery({
    queryKey: ['users', 'all'],
    queryFn: ({ signal }) => api<{ total: number; items: User[] }>('/api/users', { query: { limit: ALL_LIMIT }, signal }),
  });
  const isLocal = all.data !== undefined && all.data.total <= ALL_LIMIT;
  const remote = useQuery({
    queryKey: ['users', q, offset],
    queryFn: ({ signal }) => api<{ total: number; items: User[] }>('/api/users', { query: { q, limit: LIMIT, offset }, signal }),
    placeholderData: keepPreviousData,
    enabled: all.data !== undefined && !isLocal,
  });
  const query = isLocal ? { ...all, data: pageOf(filterUsers(all.data.items, q), offset) } : all.data === undefined ? all : remote;
  return (
    <section>
      <PageHeader title={t('users.title')}>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          + {t('users.new')}
        </button>
      </PageHeader>
      <SearchToolbar
        value={q}
        onChange={(value) => {
          setQ(value);
          setOffset(0);
        }}
      />
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('users.empty')}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('users.username')}</th>
                    <th>{t('users.displayName')}</th>
                    <th>{t('users.roles')}</th>
                    <th>{t('common.status')}</th>
                    <th className="hide-phone">{t('users.lastLogin')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <tr key={u.id}>
                      <td>
                        <code>{u.username}</code>
                      </td>
                      <td>{u.displayName}</td>
                      <td>
                        {u.roles.map((r) => (
                          <div key={r.id} className="small">
                            {t(`role.${r.role}` as MessageKey)} · {r.orgUnitName ?? t('users.wholeSystem')}
                          </div>
                        ))}
                      </td>
                      <td>{u.isActive ? <span className="badge badge-ok">{t('users.active')}</span> : <span className="badge badge-bad">{t('users.inactive')}</span>}</td>
                      <td className="hide-phone">{date(u.lastLoginAt as string | null, true)}</td>
                      <td>
                        <div className="row-actions">
                          <button type="button" className="btn btn-small" onClick={() => setEditing(u)} aria-label={`${t('common.edit')} ${u.username}`}>
                            {t('common.edit')}
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => setResetting(u)}>
                            {t('users.resetPassword')}
                          </button>
                        </div>
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
      <Dialog title={editing === 'new' ? t('users.new') : t('users.edit')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && <UserForm key={editing === 'new' ? 'new' : editing.id} user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <Dialog title={t('users.resetPassword')} open={resetting !== null} onClose={() => setResetting(null)}>
        {resetting && <ResetPassword user={resetting} onDone={() => setResetting(null)} />}
      </Dialog>
    </section>
  );
}
