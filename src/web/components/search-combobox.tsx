import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

/**
 * A search combobox as WAI-ARIA describes it: the user types, the server searches (debounced 200 ms), arrows
 * move, Enter picks, Escape closes, a click outside closes. The pickers of units and people are this combobox
 * with their own search and option text; what is chosen is shown under the input (`chosen`), with the field's
 * hint and error, all named by aria-describedby.
 */
export function SearchCombobox<T extends { id: number }>({
  label,
  queryKey,
  search,
  renderOption,
  onPick,
  chosen,
  placeholder,
  noMatch,
  error,
  hint,
  required,
  dataAttributes,
  children,
}: {
  label: string;
  /** The react-query key of a search; the typed text is appended. */
  queryKey: readonly unknown[];
  search: (text: string, signal: AbortSignal) => Promise<T[]>;
  renderOption: (item: T) => ReactNode;
  onPick: (item: T) => void;
  /** The line under the input saying what is chosen (null: no such line, e.g. for a list of picks). */
  chosen: ReactNode | null;
  placeholder: string;
  noMatch: string;
  error?: string;
  hint?: string;
  required?: boolean;
  dataAttributes?: Record<`data-${string}`, string | number>;
  /** Another way to choose, shown under the chosen line (the unit picker's tree). */
  children?: ReactNode;
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
    queryKey: [...queryKey, debounced],
    queryFn: ({ signal }) => search(debounced, signal),
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
  const items = results.data ?? [];
  const pick = (item: T) => {
    onPick(item);
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
  const described = [chosen !== null ? `${id}-chosen` : '', hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field unit-picker${error ? ' has-error' : ''}`} ref={box} {...dataAttributes}>
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
        aria-describedby={described || undefined}
        aria-required={required || undefined}
        placeholder={placeholder}
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
      {chosen !== null && (
        <small id={`${id}-chosen`} className="unit-picker-chosen">
          {chosen}
        </small>
      )}
      {children}
      {open && debounced.length > 0 && (
        <ul id={listId} role="listbox" className="unit-picker-list" aria-label={label}>
          {results.isLoading && (
            <li className="muted small" role="presentation">
              {t('common.loading')}
            </li>
          )}
          {results.data && items.length === 0 && (
            <li className="muted small" role="presentation">
              {noMatch}
            </li>
          )}
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`${id}-opt-${item.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(item);
              }}
            >
              {renderOption(item)}
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
