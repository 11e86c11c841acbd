import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { cleanName, loadGuestIdentity, saveGuestIdentity, type Identity } from './guest-identity.ts';

/**
 * The one place the client learns who is using it.
 *
 * Contract for pages: read the current person with `useSession()`; never read storage
 * or cookies yourself. Today everyone is a guest whose name and colour live in this
 * browser. When accounts exist (issue #3), `SessionProvider` loads `GET /api/me`, and
 * `RequireSession` (./require-session.tsx) sends visitors without a session to the login
 * page — pages do not change.
 */
export interface Session {
  identity: Identity;
  /** True while the identity is a browser-local guest rather than an account. */
  isGuest: boolean;
  /** Renames the current person (guests only, for now). Ignores blank names. */
  rename(name: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity>(loadGuestIdentity);

  const rename = useCallback((input: string) => {
    const name = cleanName(input);
    if (!name) return;
    setIdentity((current) => {
      const next = { ...current, name };
      saveGuestIdentity(next);
      return next;
    });
  }, []);

  const session = useMemo<Session>(() => ({ identity, isGuest: true, rename }), [identity, rename]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() is used outside <SessionProvider>');
  return session;
}
