/**
 * Turns an alert's evidence address (an API URL) into the screen that shows it, so that people
 * land on a page rather than on raw JSON. Unknown addresses are returned as they are.
 */
export function evidenceLink(url: string | null): { to: string; internal: boolean } | null {
  if (!url) return null;
  const parsed = new URL(url, 'http://local');
  const q = parsed.searchParams;
  const build = (path: string, params: Record<string, string | null>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
    const text = search.toString();
    return { to: text ? `${path}?${text}` : path, internal: true };
  };
  if (parsed.pathname === '/api/analytics/explain' && q.get('dx')) {
    return build(`/indicators/${encodeURIComponent(q.get('dx') as string)}`, { ou: q.get('ou'), pe: q.get('pe') });
  }
  if (parsed.pathname === '/api/report-status' || parsed.pathname === '/api/outliers' || parsed.pathname === '/api/validation-results') {
    const period = q.get('period') ?? q.get('periods')?.split(/[;,]/)[0] ?? null;
    return build('/data-entry', { regime: q.get('regime'), period, orgUnit: q.get('orgUnit') });
  }
  if (/^\/api\/targets\/\d+$/.test(parsed.pathname)) return { to: '/', internal: true };
  if (/^\/api\/tasks\/\d+$/.test(parsed.pathname)) return { to: parsed.pathname.replace('/api', ''), internal: true };
  if (parsed.pathname === '/api/tasks') return build('/tasks', { status: q.get('status') });
  return { to: url, internal: false };
}
