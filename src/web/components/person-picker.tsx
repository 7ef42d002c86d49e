import { api } from '../api/client.ts';
import type { PersonOption } from '../api/emulation.ts';
import { useI18n } from '../i18n/index.tsx';
import { SearchCombobox } from './search-combobox.tsx';

export type { PersonOption };

/**
 * Chooses a person by searching their name (without diacritics or case mattering: the server's search over the
 * units the user may read), never by typing an id or a username. `orgUnit` limits the search to a unit's
 * subtree; `withAccount` to people who can sign in (council members).
 */
export function PersonPicker({
  label,
  value,
  onChange,
  error,
  hint,
  orgUnit,
  withAccount,
  keepText,
}: {
  label: string;
  value: PersonOption | null;
  onChange: (person: PersonOption | null) => void;
  error?: string;
  hint?: string;
  orgUnit?: string;
  withAccount?: boolean;
  /** For lists (council members): nothing stays chosen, each pick is handed over. */
  keepText?: boolean;
}) {
  const { t } = useI18n();
  return (
    <SearchCombobox<PersonOption>
      label={label}
      queryKey={['emulation', 'people', orgUnit ?? '', withAccount ?? false]}
      search={async (q, signal) =>
        (await api<{ items: PersonOption[] }>('/api/emulation/people', { query: { q, orgUnit: orgUnit || undefined, withAccount: withAccount ? 'true' : undefined, limit: 12 }, signal })).items
      }
      renderOption={(p) => (
        <>
          {p.fullName} <span className="muted small">({[p.position, p.orgUnit.nameVi].filter(Boolean).join(', ')})</span>
        </>
      )}
      onPick={(p) => onChange(p)}
      chosen={
        keepText ? null : (
          <>
            {value ? t('picker.chosen', { unit: `${value.fullName} — ${value.orgUnit.nameVi}` }) : t('personPicker.nothing')}
            {value && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => onChange(null)}>
                  {t('picker.clear')}
                </button>
              </>
            )}
          </>
        )
      }
      placeholder={t('personPicker.placeholder')}
      noMatch={t('personPicker.noMatch')}
      error={error}
      hint={hint}
      dataAttributes={{ 'data-person-picker': value?.id ?? '' }}
    />
  );
}
