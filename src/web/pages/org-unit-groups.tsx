import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { groupSchema, groupWithMembersSchema } from '../../server/modules/org-units/schema.ts';
import { useAuth } from '../auth.tsx';
import { OrgUnitPicker } from '../components/org-unit-picker.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Dialog, Field, FormActions, Notice, SelectField } from '../components/ui.tsx';
import { useI18n, type Lang } from '../i18n/index.tsx';

type OrgUnitGroup = Wire<typeof groupSchema>;

type GroupDetail = Wire<typeof groupWithMembersSchema>;

const nameOf = (g: { nameVi: string; nameEn?: string | null }, lang: Lang) => (lang === 'en' && g.nameEn ? g.nameEn : g.nameVi);

function GroupForm({ group, onDone, onCancel }: { group: OrgUnitGroup | null; onDone: (code: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(group?.code ?? '');
  const [kind, setKind] = useState<'GROUP' | 'SECTOR'>(group?.kind ?? 'GROUP');
  const [nameVi, setNameVi] = useState(group?.nameVi ?? '');
  const [nameEn, setNameEn] = useState(group?.nameEn ?? '');
  const save = useMutation({
    mutationFn: () =>
      group
        ? api<OrgUnitGroup>(`/api/orgUnitGroups/${encodeURIComponent(group.code)}`, { method: 'PATCH', body: { nameVi, nameEn: nameEn.trim() || null, kind } })
        : api<OrgUnitGroup>('/api/orgUnitGroups', { method: 'POST', body: { code: code.trim(), kind, nameVi, ...(nameEn.trim() ? { nameEn } : {}) } }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['orgUnitGroups'] });
      onDone(saved.code);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const shown = ['code', 'kind', 'nameVi', 'nameEn'];
  return (
    <form onSubmit={submit} noValidate>
      {!group && <Field label={t('common.code')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(save.error, 'code')} hint={t('groups.codeHint')} required />}
      <SelectField label={t('groups.kind')} value={kind} onChange={(e) => setKind(e.target.value as 'GROUP' | 'SECTOR')} error={fieldError(save.error, 'kind')}>
        <option value="GROUP">{t('groups.kind.GROUP')}</option>
        <option value="SECTOR">{t('groups.kind.SECTOR')}</option>
      </SelectField>
      <Field label={t('orgUnits.nameVi')} value={nameVi} onChange={(e) => setNameVi(e.target.value)} error={fieldError(save.error, 'nameVi')} required />
      <Field label={`${t('orgUnits.nameEn')} ${t('common.optional')}`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} error={fieldError(save.error, 'nameEn')} />
      {save.error && !shown.some((f) => fieldError(save.error, f)) && <FormError error={save.error} />}
      <FormActions onCancel={onCancel} pending={save.isPending} />
    </form>
  );
}

function GroupMembers({ code, canWrite }: { code: string; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState('');
  const detail = useQuery({ queryKey: ['orgUnitGroups', 'detail', code, lang], queryFn: ({ signal }) => api<GroupDetail>(`/api/orgUnitGroups/${encodeURIComponent(code)}`, { signal }) });
  const edit = useMutation({
    mutationFn: (body: { add?: string[]; remove?: string[] }) => api<GroupDetail>(`/api/orgUnitGroups/${encodeURIComponent(code)}/members`, { method: 'POST', body }),
    onSuccess: () => {
      setAdding('');
      void queryClient.invalidateQueries({ queryKey: ['orgUnitGroups'] });
      void queryClient.invalidateQueries({ queryKey: ['orgUnits'] });
    },
  });
  return (
    <QueryView query={detail}>
      {(group) => (
        <section className="card" aria-label={nameOf(group, lang)}>
          <h3>
            {nameOf(group, lang)} <span className="muted small">{group.code}</span>
          </h3>
          {canWrite && (
            <form
              className="toolbar"
              onSubmit={(e) => {
                e.preventDefault();
                if (adding) edit.mutate({ add: [adding] });
              }}
            >
              <OrgUnitPicker label={t('groups.addMember')} value={adding} onChange={setAdding} error={fieldError(edit.error, 'add')} />
              <button type="submit" className="btn btn-primary" disabled={!adding || edit.isPending}>
                {t('groups.add')}
              </button>
            </form>
          )}
          {edit.error && !fieldError(edit.error, 'add') && <FormError error={edit.error} />}
          {group.members.length === 0 ? (
            <p className="muted">{t('groups.noMembers')}</p>
          ) : (
            <ul className="child-list">
              {group.members.map((m) => (
                <li key={m.id}>
                  {nameOf(m, lang)} <span className="muted small">{m.code}</span>
                  {canWrite && (
                    <>
                      {' '}
                      <button type="button" className="link" aria-label={`${t('groups.remove')} ${m.nameVi}`} onClick={() => edit.mutate({ remove: [m.code] })}>
                        {t('groups.remove')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </QueryView>
  );
}

/** Org-unit groups and sectors: the list, a group's members, and (for system-wide writers) their changes. */
export function OrgUnitGroups() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const canWrite = can('orgunit.write');
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<OrgUnitGroup | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  const groups = useQuery({ queryKey: ['orgUnitGroups', lang], queryFn: ({ signal }) => api<OrgUnitGroup[]>('/api/orgUnitGroups', { signal }) });
  return (
    <div className="split">
      <div>
        {canWrite && (
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              {t('groups.create')}
            </button>
          </div>
        )}
        {saved && <Notice>{t('groups.saved')}</Notice>}
        <QueryView query={groups} isEmpty={(d) => d.length === 0} empty={t('groups.empty')}>
          {(list) => (
            <ul className="unit-list" aria-label={t('groups.title')}>
              {list.map((g) => (
                <li key={g.code}>
                  <button type="button" className={`unit-item${selected === g.code ? ' selected' : ''}`} aria-pressed={selected === g.code} onClick={() => setSelected(g.code)}>
                    <span>{nameOf(g, lang)}</span>
                    <span className="muted small">
                      {g.code} · {t(g.kind === 'SECTOR' ? 'groups.kind.SECTOR' : 'groups.kind.GROUP')}
                      {g.memberCount !== undefined ? ` · ${t('groups.members', { count: g.memberCount })}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </div>
      <div>
        {selected ? (
          <>
            {canWrite && groups.data && (
              <div className="toolbar">
                <button type="button" className="btn" onClick={() => setEditing(groups.data.find((g) => g.code === selected) ?? null)}>
                  {t('groups.rename')}
                </button>
              </div>
            )}
            <GroupMembers code={selected} canWrite={canWrite} />
          </>
        ) : (
          <div className="state state-empty">{t('groups.select')}</div>
        )}
      </div>
      <Dialog title={editing === 'new' ? t('groups.create') : t('groups.rename')} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && (
          <GroupForm
            group={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onDone={(code) => {
              setEditing(null);
              setSaved(true);
              setSelected(code);
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
