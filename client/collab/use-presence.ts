import { useEffect, useState } from 'react';
import type { PresenceIdentity } from '../../shared/collab-messages.ts';
import { presenceColor } from './presence.ts';
import type { CollabSession } from './session.ts';

/** One other person with the statement open, as the server named them. */
export interface PresentPerson extends PresenceIdentity {
  clientId: number;
}

/**
 * The other people with this statement open right now, from the provider's awareness
 * (the server overwrites every `user` with the account's name and organization, so nobody
 * can pose as someone else), coloured by organization like their carets (see presenceColor). This tab is left out; one person with two tabs shows twice.
 */
export function usePresence(session: CollabSession): PresentPerson[] {
  const [people, setPeople] = useState<PresentPerson[]>([]);
  useEffect(() => {
    const awareness = session.provider.awareness;
    if (!awareness) return;
    const update = () => {
      const others: PresentPerson[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const user = (state as { user?: Partial<PresenceIdentity> }).user;
        if (!user || typeof user.name !== 'string') continue;
        others.push({ clientId, name: user.name, org: typeof user.org === 'string' ? user.org : '', color: presenceColor(user) });
      }
      others.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
      setPeople(others);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [session]);
  return people;
}
