/**
 * The four states of the sync indicator, derived from what the provider reports.
 * Pure, so the rules below are the whole contract:
 *
 * - `connecting` — "Connecting…": the first sync with the server has not completed yet
 *   and nothing has gone wrong (yet), or a refused change is being discarded and the
 *   server's text is about to load.
 * - `saving` — "Saving…": connected, and the server has not yet acknowledged every local
 *   change (the provider's unsynced-changes count is above 0).
 * - `saved` — "All changes saved": connected, synced, and the count is 0. Only then has
 *   the server stored every edit made here.
 * - `offline` — "Offline — edits kept on this device": the server refused the connection
 *   or edits made here (a notice explains why), or the statement is on screen but the
 *   connection is lost (an attempt failed or closed, or the browser is offline). Edits go
 *   to IndexedDB and are sent on reconnect.
 */
export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline';

export interface SyncInputs {
  status: 'connecting' | 'connected' | 'disconnected';
  /** The provider has completed a sync handshake on the current connection. */
  synced: boolean;
  /** A sync handshake has completed at least once since the page opened. */
  everSynced: boolean;
  unsyncedChanges: number;
  /** A connection attempt failed or a connection closed since the last successful sync. */
  connectionLost: boolean;
  /** navigator.onLine, kept current by window online/offline events. */
  online: boolean;
  /** The statement is shown (from this device's copy or from the server). */
  contentReady: boolean;
  /** The server refused the connection (see ./failures.ts) or edits made here (a locked statement). */
  failed: boolean;
  /** A change the server refused is being discarded (see ./refused-change.ts): nothing is kept here, the server's text comes next. */
  restoring?: boolean;
}

export function deriveSyncState(s: SyncInputs): SyncState {
  if (s.restoring) return 'connecting';
  if (s.failed) return 'offline';
  const lost = !s.online || (s.status !== 'connected' && s.connectionLost);
  if (lost && s.contentReady) return 'offline';
  if (!s.everSynced) return 'connecting';
  if (s.status !== 'connected') return 'offline';
  if (s.unsyncedChanges > 0) return 'saving';
  return s.synced ? 'saved' : 'connecting';
}

export const SYNC_LABELS: Record<SyncState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline — edits kept on this device',
};
