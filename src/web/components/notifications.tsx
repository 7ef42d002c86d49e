import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { evidenceLink } from '../lib/evidence.ts';
import { navigate } from '../router.tsx';

interface Notification {
  id: number;
  alertId: number;
  createdAt: string;
  title: string;
  severity: string;
  period: string;
  evidenceUrl: string | null;
}

/** The bell in the top bar: unread in-app notifications of alerts, polled once a minute. */
export function NotificationBell() {
  const { t, date, lang } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const query = useQuery({
    queryKey: ['alerts', 'notifications', lang],
    queryFn: ({ signal }) => api<Notification[]>('/api/notifications', { query: { unread: 'true' }, signal }),
    refetchInterval: 60_000,
    retry: false,
  });
  const read = useMutation({
    mutationFn: (id: number) => api(`/api/notifications/${id}/read`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['alerts', 'notifications'] }),
  });
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  if (query.error) return null;
  const items = query.data ?? [];
  const count = items.length;
  const label = t('notif.unread', { count });
  return (
    <div className="notif" ref={box}>
      <button type="button" className="notif-button" aria-haspopup="true" aria-expanded={open} aria-label={label} title={label} onClick={() => setOpen(!open)}>
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>
        {count > 0 && (
          <span className="notif-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div className="notif-panel" role="region" aria-label={t('notif.title')}>
          <strong className="notif-head">{t('notif.title')}</strong>
          {count === 0 ? (
            <p className="muted notif-empty">{t('notif.none')}</p>
          ) : (
            <ul>
              {items.slice(0, 10).map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => {
                      read.mutate(n.id);
                      setOpen(false);
                      const link = evidenceLink(n.evidenceUrl);
                      navigate(link?.internal ? link.to : '/alerts');
                    }}
                  >
                    <span className={`sev-dot sev-${n.severity.toLowerCase()}`} aria-hidden="true" />
                    <span>
                      {n.title}
                      <span className="muted small"> · {date(n.createdAt, true)}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="notif-all"
            onClick={() => {
              setOpen(false);
              navigate('/alerts');
            }}
          >
            {t('notif.all')}
          </button>
        </div>
      )}
    </div>
  );
}
