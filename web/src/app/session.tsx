/**
 * Who is logged in: GET /me through TanStack Query. A 401 is not an error here but
 * "nobody" (`null`), so pages can tell "logged out" from "server trouble".
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Loading } from '../ui/Loading';
import { ApiError, type ResponseOf } from '../api/client';
import { accountApi } from '../features/account/api';

/** GET /me (API.md "Accounts and identity"). */
export type Me = ResponseOf<'/me'>;

export const ME_QUERY_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await accountApi.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
}

/** After a change to the account: read /me again. */
export function useRefreshMe(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
}

/** What pages pass each other through navigation state. */
export interface NavigationState {
  /** Where to go back to after logging in. */
  from?: string;
  /** A one-off success message for the next page, a key under `me.notices` or `auth`. */
  notice?:
    | 'phoneVerified'
    | 'identityVerified'
    | 'pinSet'
    | 'totpEnabled'
    | 'registered'
    | 'loggedOut'
    | 'signInRequired'
    | 'productCreated'
    | 'productSaved'
    | 'withdrawn';
  /** Fen, for a notice about money (`withdrawn`). */
  amount?: number;
  /** The phone just registered, to fill in the login form. */
  phone?: string;
}

export function useNavigationState(): NavigationState {
  const state: unknown = useLocation().state;
  return typeof state === 'object' && state !== null ? (state as NavigationState) : {};
}

/** Renders `children(me)` for a logged-in user; sends anyone else to the login page. */
export function RequireUser({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <div className="page">
        <ErrorBanner error={me.error} />
        <button type="button" className="button secondary" data-testid="retry" onClick={() => void me.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!me.data) {
    const state: NavigationState = { from: location.pathname, notice: 'signInRequired' };
    return <Navigate to="/login" replace state={state} />;
  }
  return <>{children(me.data)}</>;
}

/** Login and register are for visitors; a logged-in user goes to the "Me" page instead. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  const { from } = useNavigationState();
  if (me.isPending) return <Loading />;
  if (me.data) return <Navigate to={from ?? '/me'} replace />;
  return <>{children}</>;
}
