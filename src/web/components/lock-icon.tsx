import { useI18n } from '../i18n/index.tsx';

/**
 * A padlock drawn inline (an emoji shows as an empty box on a system without an emoji font), with its
 * words beside it so that the state never rests on the picture alone.
 */
export function LockIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="lock-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** "Đã khóa" / "Chỉ xem" with the padlock: how a locked period or a read-only form says so. */
export function ReadOnlyBadge({ kind }: { kind: 'locked' | 'readOnly' }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-readonly readonly-${kind}`} data-readonly={kind}>
      <LockIcon /> {t(kind === 'locked' ? 'lock.locked' : 'lock.readOnly')}
    </span>
  );
}
