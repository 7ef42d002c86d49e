import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

interface UnitOption {
  id: number;
  code: string;
  nameVi: string;
  level: number;
}

/**
 * Chooses an org unit by searching its name (without diacritics, without spaces, with a typo: the server's
 * search) instead of typing its code. The value is the unit's code; an empty value means none chosen.
 * A combobox as WAI-ARIA describes it: arrows move, Enter picks, Escape closes.
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
  // The chosen unit's name, for a value given by the form (editing a user).
  const chosen = useQuery({
    queryKey: ['orgUnits', 'one', value],
    queryFn: ({ signal }) => api<UnitOption & { nameVi: string }>(`/api/orgUnits/${encodeURIComponent(value)}`, { signal }),
    enabled: value !== '',
    staleTime: 5 * 60_000,
    retry: false,
  });
  const results = useQuery({
    queryKey: ['orgUnits', 'search', debounced],
    queryFn: ({ signal }) => api<{ total: number; items: UnitOption[] }>('/api/orgUnits', { query: { q: debounced, limit: 12 }, signal }),
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
  const pick = (unit: UnitOption | null) => {
    onChange(unit ? unit.code : '');
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
  const chosenName = value === '' ? null : chosen.data ? `${chosen.data.nameVi} (${chosen.data.code})` : value;
  return (
    <div className={`field unit-picker${error ? ' has-error' : ''}`} ref={box} data-unit-picker={value}>
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
        aria-required={required || undefined}
        placeholder={t('picker.placeholder')}
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
      <small id={`${id}-chosen`} className="unit-picker-chosen" data-chosen={value}>
        {chosenName ? t('picker.chosen', { unit: chosenName }) : allowNone ? t('picker.none') : t('picker.nothing')}
        {value !== '' && allowNone && (
          <>
            {' '}
            <button type="button" className="link" onClick={() => pick(null)}>
              {t('picker.clear')}
            </button>
          </>
        )}
      </small>
      {open && debounced.length > 0 && (
        <ul id={listId} role="listbox" className="unit-picker-list" aria-label={label}>
          {results.isLoading && <li className="muted small" role="presentation">{t('common.loading')}</li>}
          {results.data && items.length === 0 && <li className="muted small" role="presentation">{t('picker.noMatch')}</li>}
          {items.map((u, i) => (
            <li
              key={u.id}
              id={`${id}-opt-${u.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(u);
              }}
            >
              {u.nameVi} <span className="muted small">({u.code})</span>
            </li>
          ))}
        </ul>
      )}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
