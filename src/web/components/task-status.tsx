import type { TaskStatus } from '../api/tasks.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

const CLASS: Record<TaskStatus, string> = {
  OPEN_ON_TIME: 'badge-info',
  OPEN_OVERDUE: 'badge-bad',
  DONE_ON_TIME: 'badge-ok',
  DONE_LATE: 'badge-warn',
  CANCELLED: '',
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${CLASS[status]}`} data-status={status}>
      {t(`tasks.status.${status}` as MessageKey)}
    </span>
  );
}
