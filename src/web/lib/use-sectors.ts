import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { groupSchema } from '../../server/modules/org-units/schema.ts';
import { useI18n } from '../i18n/index.tsx';

type OrgUnitGroup = Wire<typeof groupSchema>;

/** The sectors (org unit groups of kind SECTOR), fetched once and shared by every screen, and their names. */
export function useSectors() {
  const { lang } = useI18n();
  const query = useQuery({
    queryKey: ['orgUnitGroups', 'SECTOR'],
    queryFn: ({ signal }) => api<OrgUnitGroup[]>('/api/orgUnitGroups', { query: { kind: 'SECTOR' }, signal }),
    staleTime: 5 * 60_000,
  });
  const list = query.data ?? [];
  /** The sector's name in the UI language, or null when the code is unknown. */
  const nameOf = (code: string | null | undefined): string | null => {
    const s = list.find((g) => g.code === code);
    return s ? (lang === 'en' && s.nameEn ? s.nameEn : s.nameVi) : null;
  };
  return { query, list, nameOf };
}
