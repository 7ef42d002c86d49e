import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

interface FormulaCheck {
  valid: boolean;
  problems: { code: string; position: number | null; message: string }[];
}

/** A formula box checked against the server while it is typed, with the problem's position shown. */
export function FormulaField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  const id = useId();
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), 300);
    return () => clearTimeout(timer);
  }, [value]);
  const check = useQuery({
    queryKey: ['formula-check', debounced],
    queryFn: ({ signal }) => api<FormulaCheck>('/api/indicators/check-formula', { method: 'POST', body: { formula: debounced }, signal }),
    enabled: debounced.trim().length > 0,
    staleTime: 60_000,
  });
  const problem = check.data?.problems[0];
  return (
    <div className={`field${problem || error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="formula"
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        aria-describedby={`${id}-check`}
        aria-invalid={problem || error ? true : undefined}
      />
      <small id={`${id}-check`} aria-live="polite" className={problem || error ? 'field-error' : 'muted'}>
        {error ?? (value !== debounced || check.isFetching ? t('ind.checking') : problem ? problem.message : check.data?.valid ? `✔ ${t('ind.formulaOk')}` : '')}
      </small>
      {problem && problem.position !== null && (
        <pre className="formula-caret" aria-hidden="true">
          {debounced}
          {'\n'}
          {' '.repeat(Math.max(0, Math.min(debounced.length, problem.position)))}^
        </pre>
      )}
    </div>
  );
}
