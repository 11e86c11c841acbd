import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { COLLAB_PATH } from '../../shared/api/paths.ts';
import { decodeServerMessage } from '../../shared/collab-messages.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { fetchCollabToken } from '../api/statements.ts';
import { failureFromAuthentication, failureFromClose, type CollabFailure } from './failures.ts';
import { deriveSyncState, type SyncState } from './sync-state.ts';

/** Everything the statement page shows about the connection; replaced (never mutated) on change. */
export interface CollabSnapshot {
  /** The Y.Doc holds a statement to show, from this device's copy or from the server. */
  contentReady: boolean;
  /** This device's copy has been read (whether or not it held anything). */
  localLoaded: boolean;
  /** The server cannot be reached or refused the connection right now. */
  connectionLost: boolean;
  syncState: SyncState;
  /**
   * The server holds this connection read-only: admitted so (viewers), or downgraded
   * later by an `access` message. An `access` message can also make it editable again.
   */
  readOnly: boolean;
  /** Counts `access` messages received: the person's rights changed, so the statement's REST record is stale. */
  accessChanges: number;
  failure: CollabFailure | null;
}

/**
 * One statement's live document: a Y.Doc, its IndexedDB copy and a Hocuspocus provider on
 * its own websocket. Create it when the statement page mounts; `destroy()` when it unmounts.
 *
 * Contracts:
 * - IndexedDB (`jointly:statement:<id>`) is attached before the provider, so edits made
 *   offline survive a reload and are sent once a connection is back.
 * - Every (re)connect fetches a fresh collab token (they are short-lived).
 * - Refusals the server signals with shared/close-codes.ts become `failure`; retryable
 *   ones reconnect with backoff, the others stop the connection (Forbidden: the person
 *   lost access; it does not reconnect by itself).
 * - Server messages (shared/collab-messages.ts) are applied here: `access` sets `readOnly`
 *   and bumps `accessChanges`.
 * - `subscribe`/`getSnapshot` fit React's useSyncExternalStore.
 */
export interface CollabSession {
  readonly statementId: string;
  readonly ydoc: Y.Doc;
  readonly provider: HocuspocusProvider;
  subscribe(listener: () => void): () => void;
  getSnapshot(): CollabSnapshot;
  /** Drops a stopped connection's failure and connects again. */
  reconnect(): void;
  destroy(): void;
}

const MAX_RETRY_DELAY_MS = 30_000;
/** After this long without an answer from IndexedDB, stop waiting for it and rely on the server. */
const LOCAL_LOAD_TIMEOUT_MS = 5_000;

export function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
}

export function createCollabSession(statementId: string): CollabSession {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(STATEMENT_FRAGMENT);
  // Attached first: whatever this device kept is in the Y.Doc before the server is asked.
  const persistence = openLocalCopy(statementId, ydoc);

  let tokenError: unknown = null;
  const socket = new HocuspocusProviderWebsocket({ url: collabUrl(), maxDelay: MAX_RETRY_DELAY_MS });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: statementDocumentName(statementId),
    document: ydoc,
    token: async () => {
      try {
        const token = await fetchCollabToken(statementId);
        tokenError = null;
        return token;
      } catch (error) {
        tokenError = error;
        throw error;
      }
    },
  });

  let destroyed = false;
  let localLoaded = false;
  let everSynced = false;
  let connectionLost = false;
  let online = typeof navigator === 'undefined' || navigator.onLine !== false;
  let failure: CollabFailure | null = null;
  let readOnly = false;
  let accessChanges = 0;
  let retryAttempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  let snapshot = computeSnapshot();

  function computeSnapshot(): CollabSnapshot {
    const contentReady = everSynced || (localLoaded && fragment.length > 0);
    return {
      contentReady,
      localLoaded,
      connectionLost: failure !== null || !online || (socket.status !== WebSocketStatus.Connected && connectionLost),
      readOnly,
      accessChanges,
      failure,
      syncState: deriveSyncState({
        status: socket.status as 'connecting' | 'connected' | 'disconnected',
        synced: provider.isSynced,
        everSynced,
        unsyncedChanges: provider.unsyncedChanges,
        connectionLost,
        online,
        contentReady,
        failed: failure !== null,
      }),
    };
  }

  function update(): void {
    if (destroyed) return;
    const next = computeSnapshot();
    const changed = (Object.keys(next) as (keyof CollabSnapshot)[]).some((key) => next[key] !== snapshot[key]);
    if (!changed) return;
    snapshot = next;
    for (const listener of listeners) listener();
  }

  /** Closes the socket and opens it again once it is closed (the provider then re-authenticates). */
  function restartSocket(): void {
    if (destroyed) return;
    if (socket.status === WebSocketStatus.Disconnected) {
      void socket.connect();
      return;
    }
    const onDisconnect = () => {
      socket.off('disconnect', onDisconnect);
      if (!destroyed && failure?.retrying !== false) void socket.connect();
    };
    socket.on('disconnect', onDisconnect);
    socket.disconnect();
  }

  /** Restarts the socket after a backoff that grows until the server again holds every local change. */
  function scheduleRestart(): void {
    clearTimeout(retryTimer);
    const delay = Math.min(1000 * 2 ** retryAttempt, MAX_RETRY_DELAY_MS);
    retryAttempt += 1;
    retryTimer = setTimeout(restartSocket, delay);
  }

  /** Records a refusal; retryable ones reconnect with backoff, the others stop the socket. */
  function fail(next: CollabFailure, socketStillOpen: boolean): void {
    failure = next;
    if (!next.retrying) {
      clearTimeout(retryTimer);
      socket.disconnect();
    } else if (socketStillOpen) {
      scheduleRestart();
    }
    update();
  }

  const markLocalLoaded = () => {
    localLoaded = true;
    update();
  };
  const localLoadTimer = setTimeout(markLocalLoaded, LOCAL_LOAD_TIMEOUT_MS);
  if (persistence) void persistence.whenSynced.then(markLocalLoaded);
  else markLocalLoaded();

  /** Once the server holds every local change, retryable failures are over and backoff starts afresh. */
  function noteProgress(): void {
    if (provider.isSynced && provider.unsyncedChanges === 0) {
      retryAttempt = 0;
      if (failure?.retrying) failure = null;
    }
    update();
  }

  provider.on('status', ({ status }: { status: string }) => {
    // The socket schedules its own reconnect when it closes; a stopped session must not come back.
    if (status === WebSocketStatus.Connecting && failure && !failure.retrying) socket.disconnect();
    update();
  });
  provider.on('unsyncedChanges', noteProgress);
  provider.on('authenticated', ({ scope }: { scope: string }) => {
    readOnly = scope === 'readonly';
    update();
  });
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = decodeServerMessage(payload);
    if (message?.type !== 'access') return;
    readOnly = message.readOnly;
    accessChanges += 1;
    update();
  });
  provider.on('synced', () => {
    everSynced = true;
    connectionLost = false;
    noteProgress();
  });
  provider.on('disconnect', () => {
    connectionLost = true;
    update();
  });
  provider.on('close', ({ event }: { event: { code?: number; reason?: string } }) => {
    // A socket-level close arrives with the socket already disconnected, and the socket
    // reconnects by itself. A document-level close leaves the socket open with this
    // document detached on the server: nothing more would sync until the socket restarts.
    const socketStillOpen = socket.status === WebSocketStatus.Connected;
    if (socketStillOpen) connectionLost = true;
    const found = failureFromClose(event);
    if (found) return fail(found, socketStillOpen);
    if (socketStillOpen) scheduleRestart();
    update();
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    // The socket stays open; the document was never attached on the server.
    fail(failureFromAuthentication(reason, tokenError), true);
  });

  const onOnline = () => {
    online = true;
    if (failure?.retrying !== false && socket.status !== WebSocketStatus.Connected) void socket.connect();
    update();
  };
  const onOffline = () => {
    online = false;
    update();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  provider.attach();

  return {
    statementId,
    ydoc,
    provider,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    reconnect() {
      failure = null;
      retryAttempt = 0;
      clearTimeout(retryTimer);
      update();
      restartSocket();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(retryTimer);
      clearTimeout(localLoadTimer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      listeners.clear();
      provider.destroy();
      socket.destroy();
      // The IndexedDB copy is closed last so every local change reaches it.
      if (!persistence) return ydoc.destroy();
      persistence.destroy().then(
        () => ydoc.destroy(),
        () => ydoc.destroy(),
      );
    },
  };
}

/** The statement's IndexedDB copy, or null where the browser offers no IndexedDB. */
function openLocalCopy(statementId: string, ydoc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return new IndexeddbPersistence(`jointly:${statementDocumentName(statementId)}`, ydoc);
  } catch (error) {
    console.warn('Jointly: no local copy for this statement (IndexedDB unavailable)', error);
    return null;
  }
}
