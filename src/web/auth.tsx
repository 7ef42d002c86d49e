import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from './api/client.ts';
import type { Permission } from '../server/access.ts';
import type { Wire } from '../core/contract.ts';
import type { meSchema } from '../server/modules/auth/schema.ts';

type Me = Wire<typeof meSchema>;

export const ME_KEY = ['auth', 'me'] as const;

export interface Auth {
  me: Me | null;
  isLoading: boolean;
  /** Set when the server could not say who is signed in (not a 401: that is "nobody"). */
  error: unknown;
  retry: () => void;
  can: (permission: Permission) => boolean;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/auth/me');
    if (me.csrfToken) setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  useEffect(() => {
    // A session that expires mid-visit sends the user back to the sign-in page.
    setUnauthenticatedHandler(() => queryClient.setQueryData(ME_KEY, null));
    return () => setUnauthenticatedHandler(null);
  }, [queryClient]);
  const me = query.data ?? null;
  const value: Auth = {
    me,
    isLoading: query.isLoading,
    error: query.error,
    retry: () => void query.refetch(),
    can: (permission) => Boolean(me?.permissions.includes(permission)),
    signOut: async () => {
      try {
        await api('/api/auth/logout', { method: 'POST' });
      } finally {
        setCsrfToken(null);
        queryClient.clear();
        queryClient.setQueryData(ME_KEY, null);
      }
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
