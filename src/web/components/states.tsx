import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { labelForPath, type FieldLabels } from '../lib/field-labels.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="state state-empty">{children ?? t('state.empty')}</div>;
}

/** Says what went wrong and what to do: retry, ask for access, or send the request id. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : null;
  const forbidden = apiError?.status === 403;
  return (
    <div className="state state-error" role="alert">
      <strong>{forbidden ? apiError.message : t('state.errorTitle')}</strong>
      {!forbidden && <p>{apiError?.message ?? (error instanceof Error ? error.message : String(error))}</p>}
      <p className="muted">{forbidden ? t('state.forbidden') : t('state.errorHelp')}</p>
      {apiError?.requestId && (
        <p className="muted small">
          {t('state.requestId')}: <code>{apiError.requestId}</code>
        </p>
      )}
      {onRetry && !forbidden && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders loading, error or the content of one query. */
export function QueryView<T>({
  query,
  children,
  isEmpty,
  empty,
}: {
  query: { data: T | undefined; error: unknown; isLoading: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (query.isLoading) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loading />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}

/**
 * A form-level error: the message and each detail, named by the label of the field it is about when the form
 * passes its labels (keyed as it asks fieldError() for a field's message); otherwise the detail's message alone,
 * never the request's path ('body.config.latePenalty').
 */
export function FormError({ error, labels }: { error: unknown; labels?: FieldLabels }) {
  const { t } = useI18n();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  // The server's message for invalid input repeats its first detail with the request's path; the list below names every field.
  const listed = apiError?.code === 'VALIDATION_FAILED' && apiError.details.length > 0;
  return (
    <div className="form-error" role="alert">
      <p>{listed ? t('state.invalidInput') : (apiError?.message ?? (error instanceof Error ? error.message : String(error)))}</p>
      {apiError && apiError.details.length > 0 && (
        <ul>
          {apiError.details.slice(0, 50).map((d, i) => {
            const label = labelForPath(d.path, labels);
            return (
              <li key={i} data-field={label ? d.path : undefined}>
                {label && <strong>{label}: </strong>}
                {d.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
