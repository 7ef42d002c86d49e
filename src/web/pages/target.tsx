import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { navigate } from '../router.tsx';

type Target = Wire<typeof targetSchema>;

/** /targets/:id — a target by its id opens the indicator's view on that very target (not the indicator's first one). */
export default function TargetPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const query = useQuery({ queryKey: ['overview', 'target', Number(id)], queryFn: ({ signal }) => api<Target>(`/api/targets/${encodeURIComponent(id)}`, { signal }) });
  useEffect(() => {
    const x = query.data;
    if (x) navigate(`/indicators/${encodeURIComponent(x.indicatorCode)}?ou=${encodeURIComponent(x.orgUnitCode)}&target=${x.id}`, { replace: true });
  }, [query.data]);
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading />;
}
