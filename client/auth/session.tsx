import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Membership, MeResponse, User } from '../../shared/api/auth.ts';
import { fetchSession, logout as logoutRequest } from '../api/auth.ts';
import { hasErrorCode, onUnauthenticated } from '../api/http.ts';
import { deleteAllLocalCopies, deleteOtherPeoplesCopies } from '../collab/local-copies.ts';
import { keys } from '../queries/keys.ts';
import { clearCachedMe, loadCachedMe, saveCachedMe } from './me-cache.ts';

/**
 * The one place the client learns who is using it: `GET /api/session` (the `/me` answer, or
 * `user: null` with 200 when signed out), as a query (`keys.me`).
 *
 * - `loading` until the first answer; `signed-in` with the user and their memberships;
 *   `signed-out` when /session says nobody, or after a 401 from any other request (see onUnauthenticated);
 *   `unreachable` when the server cannot be asked and this device has no earlier answer.
 * - While the server cannot be reached, the last answer kept on this device stands in
 *   (`offline: true`), so statements kept on this device still open. The query refetches
 *   when the browser comes back online.
 * - Signing out (or a 401) drops every other cached query and deletes every copy of a
 *   statement kept on this device (../collab/local-copies.ts), so the next person to sign
 *   in on this browser never sees, nor sends, the previous person's statements. Edits the
 *   server had not acknowledged are deleted too. `logout()` resolves once the copies are gone.
 * - Once a person is known, the copies of anyone else left on this device are deleted.
 * - Pages never read cookies or storage: they call `useSession()` (anywhere) or
 *   `useSignedIn()` (under RequireSession, ./require-session.tsx), and `refresh()` after
 *   anything that changes memberships (creating or joining an organization, leaving one).
 */
export type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'unreachable';

export interface Session {
  status: SessionStatus;
  /** Set exactly when status is 'signed-in'. */
  me: MeResponse | null;
  /** True when `me` is this device's copy because the server cannot be reached. */
  offline: boolean;
  /** Signed out by `logout()` here (rather than a session that ended by itself). */
  loggedOut: boolean;
  /** Asks the server again; resolves with the new answer (null when signed out or unreachable). */
  refresh(): Promise<MeResponse | null>;
  /** Ends the session on the server, then here. Throws ApiRequestError when the server cannot be told. */
  logout(): Promise<void>;
}

/** `/session`: the signed-in person, or null when signed out (an answer, not an error). */
async function loadMe(signal: AbortSignal): Promise<MeResponse | null> {
  const me = await fetchSession(signal);
  if (me) saveCachedMe(me);
  return me;
}

interface Derived {
  status: SessionStatus;
  me: MeResponse | null;
  offline: boolean;
}

/** What the query's state means for the person. A failed re-check never ends a known session. */
function derive(data: MeResponse | null | undefined, error: unknown): Derived {
  if (data === null) return { status: 'signed-out', me: null, offline: false };
  if (data !== undefined) return { status: 'signed-in', me: data, offline: false };
  if (!error) return { status: 'loading', me: null, offline: false };
  const cached = hasErrorCode(error, 'NETWORK') ? loadCachedMe() : null;
  return cached ? { status: 'signed-in', me: cached, offline: true } : { status: 'unreachable', me: null, offline: false };
}

/** Forgets the signed-in person here: their kept copy and every cached answer. */
function forgetPerson(client: QueryClient): void {
  clearCachedMe();
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
  client.setQueryData(keys.me, null);
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: keys.me,
    queryFn: async ({ signal }) => {
      const me = await loadMe(signal);
      // Signed out, as a 401 from any other request would say: forget whoever was here.
      if (!me) {
        void deleteAllLocalCopies();
        clearCachedMe();
        client.removeQueries({ predicate: (cached) => cached.queryKey[0] !== keys.me[0] });
      }
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(
    () =>
      onUnauthenticated(() => {
        void deleteAllLocalCopies();
        forgetPerson(client);
      }),
    [client],
  );

  const { refetch } = query;
  const refresh = useCallback(async (): Promise<MeResponse | null> => {
    const result = await refetch();
    const derived = derive(result.data, result.error);
    if (derived.status === 'signed-in') setLoggedOut(false);
    return derived.me;
  }, [refetch]);

  const logout = useCallback(async () => {
    await logoutRequest();
    await deleteAllLocalCopies();
    forgetPerson(client);
    setLoggedOut(true);
  }, [client]);

  // Data kept from an earlier answer wins over a failed re-check (TanStack keeps `data` on refetch errors).
  const derived = derive(query.data, query.data === undefined ? query.error : null);
  const userId = derived.me?.user.id;
  useEffect(() => {
    if (userId) void deleteOtherPeoplesCopies(userId);
  }, [userId]);
  const session = useMemo<Session>(
    () => ({ ...derived, loggedOut, refresh, logout }),
    [derived.status, derived.me, derived.offline, loggedOut, refresh, logout],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() is used outside <SessionProvider>');
  return session;
}

export interface SignedIn {
  user: User;
  memberships: Membership[];
  offline: boolean;
  refresh(): Promise<MeResponse | null>;
}

/** The signed-in person, for pages under RequireSession (which renders them only when signed in). */
export function useSignedIn(): SignedIn {
  const { me, offline, refresh } = useSession();
  if (!me) throw new Error('useSignedIn() is used on a page that is not under <RequireSession>');
  return { user: me.user, memberships: me.memberships, offline, refresh };
}
