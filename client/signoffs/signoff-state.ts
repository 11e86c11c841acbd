import type { Participant } from '../../shared/api/statements.ts';

/**
 * An organization's sign-off as the participants panel shows it:
 * - `current` — it signed exactly the current text (the published one, once published);
 * - `stale` — it signed an earlier version: the text changed since, so the sign-off does
 *   not count until it signs again;
 * - `none` — it has not signed (or withdrew).
 */
export type SignoffState = 'current' | 'stale' | 'none';

export function signoffState(participant: Participant): SignoffState {
  if (!participant.signoff) return 'none';
  return participant.signoff.current ? 'current' : 'stale';
}
