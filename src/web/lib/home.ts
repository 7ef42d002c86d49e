export type HomeKind = 'DUE' | 'LATE' | 'RETURNED' | 'TO_APPROVE';

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;
  return Math.round(day(to) - day(from));
}

export function homeKindOf(item: { kind: string }): HomeKind | null {
  return item.kind === 'DUE' || item.kind === 'LATE' || item.kind === 'RETURNED' || item.kind === 'TO_APPROVE' ? item.kind : null;
}

/**
 * Whether the person's home is the overview: leadership and administrators, and whoever enters no figures
 * (a council member). The others land on their reports.
 */
export function isOverviewHome(roles: readonly string[], canWrite: boolean): boolean {
  return roles.includes('ADMIN') || roles.includes('LEADER') || !canWrite;
}
