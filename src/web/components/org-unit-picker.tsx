import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { OrgUnitTree } from './org-unit-tree.tsx';
import { SearchCombobox } from './search-combobox.tsx';

interface UnitOption {
  id: number;
  code: string;
  nameVi: string;
  level: number;
}

interface UnitDetail extends UnitOption {
  ancestors?: { code: string }[];
}

/**
 * Chooses an org unit by searching its name (without diacritics, without spaces, with a typo: the server's
 * search) instead of typing its code, or by browsing the hierarchy ("Chọn trong cây", opened at the chosen unit).
 * The value is the unit's code; an empty value means none chosen.
 */
export function OrgUnitPicker({
  label,
  value,
  onChange,
  error,
  hint,
  required,
  allowNone,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Offer "no unit" (the whole system), for scopes. */
  allowNone?: boolean;
}) {
  const { t } = useI18n();
  const [treeOpen, setTreeOpen] = useState(false);
  // The chosen unit's name, for a value given by the form (editing a user).
  const chosen = useQuery({
    queryKey: ['orgUnits', 'one', value],
    queryFn: ({ signal }) => api<UnitDetail>(`/api/orgUnits/${encodeURIComponent(value)}`, { signal }),
    enabled: value !== '',
    staleTime: 5 * 60_000,
    retry: false,
  });
  const chosenName = value === '' ? null : chosen.data ? `${chosen.data.nameVi} (${chosen.data.code})` : value;
  const openPath = useMemo(() => new Set((chosen.data?.ancestors ?? []).map((a) => a.code)), [chosen.data]);
  return (
    <SearchCombobox<UnitOption>
      label={label}
      queryKey={['orgUnits', 'search']}
      search={async (q, signal) => (await api<{ total: number; items: UnitOption[] }>('/api/orgUnits', { query: { q, limit: 12 }, signal })).items}
      renderOption={(u) => (
        <>
          {u.nameVi} <span className="muted small">({u.code})</span>
        </>
      )}
      onPick={(u) => onChange(u.code)}
      chosen={
        <>
          {chosenName ? t('picker.chosen', { unit: chosenName }) : allowNone ? t('picker.none') : t('picker.nothing')}
          {value !== '' && allowNone && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => onChange('')}>
                {t('picker.clear')}
              </button>
            </>
          )}
        </>
      }
      placeholder={t('picker.placeholder')}
      noMatch={t('picker.noMatch')}
      error={error}
      hint={hint}
      required={required}
      dataAttributes={{ 'data-unit-picker': value, 'data-chosen': value }}
    >
      <button type="button" className="link-button small" aria-expanded={treeOpen} onClick={() => setTreeOpen(!treeOpen)}>
        {treeOpen ? t('picker.treeClose') : t('picker.tree')}
      </button>
      {treeOpen && (
        <div className="unit-picker-tree">
          <OrgUnitTree
            selected={value || null}
            onSelect={(code) => {
              onChange(code);
              setTreeOpen(false);
            }}
            includeClosed={false}
            openPath={openPath}
          />
        </div>
      )}
    </SearchCombobox>
  );
}
