import type { StatementDetail } from '../../shared/api/statements.ts';

/**
 * Whether the lock, unlock and publish buttons work for the reader, and why not: the server's
 * abilities (`canLock`, `canUnlock`, `canPublish`) say whether; this only explains why not.
 * The server decides again on the action (and its refusal is shown).
 *
 * - Lock (drafting): lead editors (`canLock`), unless a lock is already counting down.
 * - Cancel lock (drafting, `pendingLock` set): lead editors.
 * - Unlock (locked): lead editors (`canUnlock`).
 * - Publish (drafting or locked): lead signatories (`canPublish`), once every required
 *   organization holds a sign-off of the current text (`missingSignoffs` is empty).
 * - A published statement is frozen: every button is off.
 * `reason` is a sentence about the reader's role or the status, `waiting` names the
 * required organizations still missing a sign-off (publish only); both null when they do
 * not apply. The action is available exactly when both are null.
 */
export interface Availability {
  enabled: boolean;
  reason: string | null;
  waiting?: string | null;
}

const FROZEN = 'Published statements are frozen.';

function leadName(statement: StatementDetail): string {
  return statement.participants.find((p) => p.orgId === statement.leadOrgId)?.name ?? 'the lead organization';
}

function available(): Availability {
  return { enabled: true, reason: null };
}

function unavailable(reason: string): Availability {
  return { enabled: false, reason };
}

export function lockAvailability(statement: StatementDetail): Availability {
  if (statement.status === 'published') return unavailable(FROZEN);
  if (statement.status === 'locked') return unavailable('The text is already locked.');
  if (!statement.canLock) return unavailable(`Only editors of the lead organization (${leadName(statement)}) can lock the text.`);
  if (statement.pendingLock) return unavailable('A lock is already counting down.');
  return available();
}

/** Cancelling a lock that is counting down (`pendingLock`): the lead's editors, who could lock or unlock. */
export function cancelLockAvailability(statement: StatementDetail): Availability {
  if (!statement.pendingLock || statement.status !== 'drafting') return unavailable('No lock is counting down.');
  if (!statement.canLock && !statement.canUnlock) return unavailable(`Only editors of the lead organization (${leadName(statement)}) can cancel the lock.`);
  return available();
}

export function unlockAvailability(statement: StatementDetail): Availability {
  if (statement.status === 'published') return unavailable(FROZEN);
  if (statement.status !== 'locked') return unavailable('The text is not locked.');
  if (!statement.canUnlock) return unavailable(`Only editors of the lead organization (${leadName(statement)}) can unlock the text.`);
  return available();
}

/** "Waiting for sign-offs from: Tenants Union, Legal Aid." or null when nobody required is missing. */
export function waitingFor(statement: StatementDetail): string | null {
  if (statement.status === 'published' || statement.missingSignoffs.length === 0) return null;
  return `Waiting for sign-offs from: ${statement.missingSignoffs.map((org) => org.name).join(', ')}.`;
}

export function publishAvailability(statement: StatementDetail): Availability {
  if (statement.status === 'published') return unavailable('Already published.');
  const reason = statement.canPublish ? null : `Only signatories of the lead organization (${leadName(statement)}) can publish.`;
  const waiting = waitingFor(statement);
  return { enabled: reason === null && waiting === null, reason, waiting };
}
