import { useEffect, useState, useSyncExternalStore } from 'react';
import { createCollabSession, type CollabSession, type CollabSnapshot } from './session.ts';

/**
 * The collaboration session for one statement, opened as `userId` (the signed-in person:
 * their copy of it on this device is the only one loaded), alive while the calling component is
 * mounted (created in an effect, so React's StrictMode double mount is harmless).
 * Null during the first render and after the statement or person changes, until the new session exists.
 *
 * When the server refuses a change made here, the session hands over (CollabSnapshot.handover)
 * and this hook replaces it with a fresh session on the server's text: the value changes, and
 * everything bound to the old session's Y.Doc (the editor, presence) is rebuilt.
 */
export function useCollabSession(statementId: string, userId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    let current = createCollabSession(statementId, userId);
    const follow = () => {
      const handover = current.getSnapshot().handover;
      if (!handover) return;
      stopFollowing();
      current.destroy();
      current = createCollabSession(statementId, userId, { after: handover });
      stopFollowing = current.subscribe(follow);
      setSession(current);
    };
    let stopFollowing = current.subscribe(follow);
    setSession(current);
    return () => {
      stopFollowing();
      setSession(null);
      current.destroy();
    };
  }, [statementId, userId]);
  return session?.statementId === statementId && session.userId === userId ? session : null;
}

/** Re-renders the caller whenever the session's snapshot changes. */
export function useCollabSnapshot(session: CollabSession): CollabSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
