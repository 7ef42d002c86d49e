import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

export interface PersonOption {
  id: number;
  fullName: string;
  position: string | null;
  username: string | null;
  orgUnit: { id: number; code: string; nameVi: string; nameEn: string | null };
}

/**
 * Chooses a person by searching their name (without diacritics or case mattering: the server's search over the
 * units the user may read), never by typing an id or a username. A combobox as WAI-ARIA describes it, like
 * OrgUnitPicker: arrows move, Enter picks, Escape closes. `orgUnit` limits the search to a unit's subtree;
 * `withAccount` to people who can sign in (council members).
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
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [debounced, setDebounced] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['emulation', 'people', debounced, orgUnit ?? '', withAccount ?? false],
    queryFn: ({ signal }) => api<{ items: PersonOption[] }>('/api/emulation/people', { query: { q: debounced, orgUnit: orgUnit || undefined, withAccount: withAccount ? 'true' : undefined, limit: 12 }, signal }),
    enabled: open && debounced.length > 0,
    staleTime: 60_000,
  });
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onClick);
    return () => document.removeEventListener('mousedown', onClick);
  }, [open]);
  const items = results.data?.items ?? [];
  const pick = (p: PersonOption | null) => {
    onChange(p);
    setText('');
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && items[active]) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const listId = `${id}-list`;
  const described = [`${id}-chosen`, hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field unit-picker${error ? ' has-error' : ''}`} ref={box} data-person-picker={value?.id ?? ''}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && items[active] ? `${id}-opt-${items[active].id}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        placeholder={t('personPicker.placeholder')}
        value={text}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => text && setOpen(true)}
        onKeyDown={onKey}
      />
      {!keepText && (
        <small id={`${id}-chosen`} className="unit-picker-chosen">
          {value ? t('picker.chosen', { unit: `${value.fullName} — ${value.orgUnit.nameVi}` }) : t('personPicker.nothing')}
          {value && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => pick(null)}>{t('picker.clear')}</button>
            </>
          )}
        </small>
      )}
      {open && debounced.length > 0 && (
        <ul id={listId} role="listbox" className="unit-picker-list" aria-label={label}>
          {results.isLoading && <li className="muted small" role="presentation">{t('common.loading')}</li>}
          {results.data && items.length === 0 && <li className="muted small" role="presentation">{t('personPicker.noMatch')}</li>}
          {items.map((p, i) => (
            <li
              key={p.id}
              id={`${id}-opt-${p.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              {p.fullName} <span className="muted small">({[p.position, p.orgUnit.nameVi].filter(Boolean).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
      {hint && <small id={`${id}-hint`} className="muted">{hint}</small>}
      {error && <small id={`${id}-error`} className="field-error">{error}</small>}
    </div>
  );
}
