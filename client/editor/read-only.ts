import type { StatementDetail } from '../../shared/api/statements.ts';
import type { SyncState } from '../collab/sync-state.ts';
import type { Resource } from '../lib/resource.ts';

/**
 * Why the text cannot be edited here, or null when it can:
 * - `published` / `locked` — the record's status (the server also holds every connection
 *   read-only then and refuses content updates whatever a connection's flags say);
 * - `role` — the server's policy says the reader may not edit (`canEdit`: a viewer), or the
 *   server holds the connection read-only for a reason the record does not (yet) show.
 * The record decides before the connection is up, so a viewer or a locked statement
 * never shows an editable text even for a moment. Status wins over role: a locked
 * statement is explained as locked, even to a viewer.
 */
export type ReadOnlyReason = 'published' | 'locked' | 'role';

export function readOnlyReason(record: Resource<StatementDetail>, readOnlyConnection: boolean): ReadOnlyReason | null {
  if (record.state === 'ready') {
    if (record.data.status === 'published') return 'published';
    if (record.data.status === 'locked') return 'locked';
    if (!record.data.canEdit) return 'role';
  }
  return readOnlyConnection ? 'role' : null;
}

/** What decides whether signing can go ahead from this page. */
export interface SigningInputs {
  readOnly: boolean;
  syncState: SyncState;
  /** An edit made here may not be reflected in the server's content hash yet. */
  hashPending: boolean;
  /** The hash from the latest `content` message (null when none arrived on this connection). */
  liveContentHash: string | null;
  /** The hash in the record the sign button would post. */
  recordContentHash: string;
  /** The text on screen holds edits the server refused (CollabSnapshot.refusedEdits). */
  refusedEdits: boolean;
}

/**
 * Why signing must wait, or null. The button posts the record's content hash, so it must
 * be the hash of the text on screen:
 * - a person who can edit signs the server's text, so their own edits must have reached it
 *   and been hashed first (otherwise they would sign a text they are not looking at, or be
 *   told "the text changed" about their own edit);
 * - after a `content` message, the record is being refetched: wait for it;
 * - edits the server refused are on screen: the text shown is not the one signed.
 * The server refuses a hash that is not current anyway (STALE_CONTENT); this only spares
 * people that refusal in the common cases.
 */
export function signBlockedReason(s: SigningInputs): string | null {
  if (s.refusedEdits) return 'This page shows edits that were not saved; discard them to see the text you would sign.';
  if (!s.readOnly) {
    if (s.syncState === 'saving' || s.hashPending) return 'Your latest edits are still being saved; sign once they are.';
    if (s.syncState === 'connecting') return 'Connecting to the server…';
    if (s.syncState === 'offline') return 'Signing needs a connection to the server.';
  }
  if (s.liveContentHash !== null && s.liveContentHash !== s.recordContentHash) return 'The text just changed; updating…';
  return null;
}
