import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Membership, MeResponse, User } from '../../shared/api/auth.ts';
import { fetchMe, logout as logoutRequest } from '../api/auth.ts';
import { hasErrorCode, onUnauthenticated } from '../api/http.ts';
import { clearCachedMe, loadCachedMe, saveCachedMe } from './me-cache.ts';

/**
 * The one place the client learns who is using it: `GET /api/me`.
 *
 * - `loading` until the first answer; `signed-in` with the user and their memberships;
 *   `signed-out` after a 401 (from /me or from any other request, see onUnauthenticated);
 *   `unreachable` when the server cannot be asked and this device has no earlier answer.
 * - While the server cannot be reached, the last answer kept on this device stands in
 *   (`offline: true`), so statements kept on this device still open.
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

interface State {
  status: SessionStatus;
  me: MeResponse | null;
  offline: boolean;
  loggedOut: boolean;
}

const SIGNED_OUT: State = { status: 'signed-out', me: null, offline: false, loggedOut: false };

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading', me: null, offline: false, loggedOut: false });

  const refresh = useCallback(async (): Promise<MeResponse | null> => {
    try {
      const me = await fetchMe();
      saveCachedMe(me);
      setState({ status: 'signed-in', me, offline: false, loggedOut: false });
      return me;
    } catch (error) {
      if (hasErrorCode(error, 'UNAUTHENTICATED')) return null; // onUnauthenticated below has signed out
      const cached = hasErrorCode(error, 'NETWORK') ? loadCachedMe() : null;
      if (cached) {
        setState((current) => (current.status === 'signed-in' && !current.offline ? current : { status: 'signed-in', me: cached, offline: true, loggedOut: false }));
        return cached;
      }
      // A failed re-check does not end a known session; only a first check can be unreachable.
      setState((current) => (current.status === 'signed-in' ? current : { status: 'unreachable', me: null, offline: false, loggedOut: false }));
      return null;
    }
  }, []);

  useEffect(() => {
    const stop = onUnauthenticated(() => {
      clearCachedMe();
      setState(SIGNED_OUT);
    });
    void refresh();
    return stop;
  }, [refresh]);

  // Back online after running on this device's copy: confirm the session with the server.
  useEffect(() => {
    if (!state.offline && state.status !== 'unreachable') return;
    const onOnline = () => void refresh();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [state.offline, state.status, refresh]);

  const logout = useCallback(async () => {
    await logoutRequest();
    clearCachedMe();
    setState({ ...SIGNED_OUT, loggedOut: true });
  }, []);

  const session = useMemo<Session>(() => ({ ...state, refresh, logout }), [state, refresh, logout]);
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
