import { useEffect, useState, useSyncExternalStore } from 'react';
import { createCollabSession, type CollabSession, type CollabSnapshot } from './session.ts';

/**
 * The collaboration session for one statement, alive while the calling component is
 * mounted (created in an effect, so React's StrictMode double mount is harmless).
 * Null during the first render and after the statement changes, until the new session exists.
 */
export function useCollabSession(statementId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    const created = createCollabSession(statementId);
    setSession(created);
    return () => {
      setSession(null);
      created.destroy();
    };
  }, [statementId]);
  return session?.statementId === statementId ? session : null;
}

/** Re-renders the caller whenever the session's snapshot changes. */
export function useCollabSnapshot(session: CollabSession): CollabSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
