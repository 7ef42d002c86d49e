export type CellKind = 'approved' | 'on-time' | 'late' | 'missing' | 'not-due' | 'returned';

/** How one unit × period square of the heatmap reads, from the report status and the due date. */
export function classifyCell(status: string | undefined, isLate: boolean | null | undefined, dueDate: string | null, today: string): CellKind {
  if (status === 'APPROVED') return 'approved';
  if (status === 'SUBMITTED') return isLate ? 'late' : 'on-time';
  if (dueDate !== null && today <= dueDate) return 'not-due';
  if (status === 'RETURNED') return 'returned';
  return 'missing';
}
