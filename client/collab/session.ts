import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { COLLAB_PATH } from '../../shared/api/paths.ts';
import { decodeServerMessage } from '../../shared/collab-messages.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { ApiRequestError } from '../api/http.ts';
import { fetchCollabToken } from '../api/statements.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { FAILURES, failureFromAuthentication, failureFromClose, isAccessWithdrawn, type CollabFailure } from './failures.ts';
import { openLocalCopy } from './local-copies.ts';
import { describeRefusedChange, refusalReasonOf, type RefusalHandover, type RefusalReason, type RefusedChange } from './refused-change.ts';
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
  /**
   * Counts `workflow` and `content` messages received: sign-offs, status, participants or
   * the text's hash changed, so the REST record (sign-off states, staleness) is stale.
   * Several can arrive at once; refetch after a short pause rather than once per message.
   */
  recordChanges: number;
  /** The text's hash from the latest `content` message on this connection; null until one arrives. */
  liveContentHash: string | null;
  /**
   * An edit made here may not be reflected in the server's content hash yet: set by every
   * local edit, cleared by the next `content` message, or HASH_SETTLE_MS after the last
   * local edit (an edit that leaves the text's hash unchanged brings no message).
   */
  hashPending: boolean;
  /**
   * Edits made here that the server refused and never will accept while the connection is
   * read-only: the statement was locked or published (or the person's role changed) while
   * they were on their way. They exist only on this device; the text shown is not the
   * server's. Set once the connection has stayed read-only with unacknowledged edits for
   * REFUSAL_GRACE_MS (an acknowledgement may still be on its way before that). Cleared when
   * the edits are accepted after all (the statement was unlocked).
   */
  refusedEdits: boolean;
  failure: CollabFailure | null;
  /**
   * The server refused a change made here (too large, not accepted, unreadable): this session
   * stopped sending and is discarding its Y.Doc and IndexedDB copy. Nothing can be edited here.
   */
  restoring: boolean;
  /**
   * Set once `restoring` is done: replace this session with
   * `createCollabSession(statementId, userId, { after: handover })`, which loads the server's text.
   */
  handover: RefusalHandover | null;
  /**
   * In a session opened `after` a refusal, once it holds the server's text: what was refused
   * and the text of it that is not in the server's document, to offer as a copy. Cleared by
   * `dismissRefusedChange()`.
   */
  refusedChange: RefusedChange | null;
}

export interface CollabSessionOptions {
  /** The refusal of the session this one replaces (see CollabSnapshot.handover). */
  after?: RefusalHandover;
}

/**
 * One statement's live document: a Y.Doc, its IndexedDB copy and a Hocuspocus provider on
 * its own websocket. Create it when the statement page mounts; `destroy()` when it unmounts.
 *
 * Contracts:
 * - The signed-in person's IndexedDB copy (`jointly:<userId>:statement:<id>`, see
 *   ./local-copies.ts) is attached before the provider, so edits made offline survive a
 *   reload and are sent once a connection is back. No other person's copy is ever opened.
 * - Every (re)connect fetches a fresh collab token (they are short-lived).
 * - Refusals the server signals with shared/close-codes.ts become `failure`; retryable
 *   ones reconnect with backoff (no sooner than the failure's `pauseMs`), the others stop
 *   the connection (Forbidden: the person lost access; it does not reconnect by itself).
 * - When the server withdraws access (close 4403, or a refused token: 403/404) the session
 *   deletes this device's copy of the statement; the Y.Doc in memory stays until `destroy()`.
 *   A 4401 close alone deletes nothing (collab tokens expire): the token request that follows
 *   answers 401 when the session really ended, and ../auth/session.tsx then deletes every copy.
 * - A refused change (./refused-change.ts) is never sent again: the session stops, deletes
 *   its IndexedDB copy and hands over (`handover`) to a fresh session on a fresh Y.Doc,
 *   which loads the server's text and reports what was refused (`refusedChange`). A Y.Doc
 *   cannot forget an update, so only a new one returns the editor to the server's state.
 * - Server messages (shared/collab-messages.ts) are applied here, by one listener:
 *   `access` sets `readOnly` and bumps `accessChanges`; `workflow` and `content` bump
 *   `recordChanges` (and `content` sets `liveContentHash`). Every completed sync bumps
 *   `recordChanges` too: messages sent while this page was disconnected are lost.
 * - `subscribe`/`getSnapshot` fit React's useSyncExternalStore.
 * - `discardLocalCopy()` deletes this device's copy (refused edits included); reload the
 *   page afterwards to show the server's text.
 */
export interface CollabSession {
  readonly statementId: string;
  /** The person it was opened as (whose copy of the statement it uses). */
  readonly userId: string;
  readonly ydoc: Y.Doc;
  readonly provider: HocuspocusProvider;
  subscribe(listener: () => void): () => void;
  getSnapshot(): CollabSnapshot;
  /** Drops a stopped connection's failure and connects again. */
  reconnect(): void;
  /** Stops storing on this device and deletes its copy of the statement. Reload the page afterwards. */
  discardLocalCopy(): Promise<void>;
  /** The person has read the report of a refused change (clears `refusedChange`). */
  dismissRefusedChange(): void;
  destroy(): void;
}

const MAX_RETRY_DELAY_MS = 30_000;
/** After a local edit, how long to wait for the server's new content hash before assuming it did not change. */
const HASH_SETTLE_MS = 2_000;
/** How long a read-only connection may hold unacknowledged edits before they count as refused. */
const REFUSAL_GRACE_MS = 1_500;
/** After this long without an answer from IndexedDB, stop waiting for it and rely on the server. */
const LOCAL_LOAD_TIMEOUT_MS = 5_000;

export function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
}

/** `userId` is the signed-in person's: only their copy of the statement is opened. */
export function createCollabSession(statementId: string, userId: string, options: CollabSessionOptions = {}): CollabSession {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(STATEMENT_FRAGMENT);
  // Attached first: whatever this device kept is in the Y.Doc before the server is asked.
  const localCopy = openLocalCopy(userId, statementId, ydoc);
  const persistence = localCopy?.persistence ?? null;

  let tokenError: unknown = null;
  const socket = new HocuspocusProviderWebsocket({
    url: collabUrl(),
    maxDelay: MAX_RETRY_DELAY_MS,
    // Runs before the socket's own close handler, which reconnects at once unless told not to:
    // a refused change must not be sent again, and a pause must be a pause.
    onClose: ({ event }: { event: { code?: number; reason?: string } }) => {
      const found = failureFromClose(event);
      if (refusalReasonOf(event) || (found && (!found.retrying || found.pauseMs))) socket.shouldConnect = false;
    },
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: statementDocumentName(statementId),
    document: ydoc,
    token: async () => {
      try {
        const { token, userId: tokenUser } = await fetchCollabToken(statementId);
        // Another person signed in on this browser profile meanwhile (in another tab): this
        // page's document, edits included, is the previous person's and must never be sent
        // under the new person's name. It stops as signed out.
        if (tokenUser !== userId) throw new ApiRequestError('UNAUTHENTICATED', 401, 'Someone else has signed in on this browser. Reload the page.');
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
  let recordChanges = 0;
  let liveContentHash: string | null = null;
  let hashPending = false;
  let hashSettleTimer: ReturnType<typeof setTimeout> | undefined;
  let refusedEdits = false;
  let refusalTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAttempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let restoring = false;
  let handover: RefusalHandover | null = null;
  let pendingReport: RefusalHandover | null = options.after ?? null;
  let refusedChange: RefusedChange | null = null;
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
      recordChanges,
      liveContentHash,
      hashPending,
      refusedEdits,
      failure,
      restoring,
      handover,
      refusedChange,
      syncState: deriveSyncState({
        status: socket.status as 'connecting' | 'connected' | 'disconnected',
        synced: provider.isSynced,
        everSynced,
        unsyncedChanges: provider.unsyncedChanges,
        connectionLost,
        online,
        contentReady,
        failed: failure !== null || refusedEdits,
        restoring,
      }),
    };
  }

  /** A read-only connection answers edits with "not applied" and keeps no record of them: they stay unacknowledged. */
  function refusalSuspected(): boolean {
    return readOnly && everSynced && socket.status === WebSocketStatus.Connected && provider.unsyncedChanges > 0;
  }

  function trackRefusal(): void {
    if (!refusalSuspected()) {
      clearTimeout(refusalTimer);
      refusalTimer = undefined;
      refusedEdits = false;
      return;
    }
    if (refusedEdits || refusalTimer !== undefined) return;
    refusalTimer = setTimeout(() => {
      refusalTimer = undefined;
      refusedEdits = refusalSuspected();
      update();
    }, REFUSAL_GRACE_MS);
  }

  function update(): void {
    if (destroyed) return;
    trackRefusal();
    const next = computeSnapshot();
    const changed = (Object.keys(next) as (keyof CollabSnapshot)[]).some((key) => next[key] !== snapshot[key]);
    if (!changed) return;
    snapshot = next;
    for (const listener of listeners) listener();
  }

  /** False once the connection must stay closed: a stopped failure, a refused change being discarded, or destroyed. */
  function mayConnect(): boolean {
    return !destroyed && !restoring && failure?.retrying !== false;
  }

  /** Closes the socket and opens it again once it is closed (the provider then re-authenticates). */
  function restartSocket(): void {
    if (!mayConnect()) return;
    if (socket.status === WebSocketStatus.Disconnected) {
      void socket.connect();
      return;
    }
    const onDisconnect = () => {
      socket.off('disconnect', onDisconnect);
      if (mayConnect()) void socket.connect();
    };
    socket.on('disconnect', onDisconnect);
    socket.disconnect();
  }

  /** Restarts the socket after a backoff (at least `minDelayMs`) that grows until the server again holds every local change. */
  function scheduleRestart(minDelayMs = 0): void {
    clearTimeout(retryTimer);
    const delay = Math.max(minDelayMs, Math.min(1000 * 2 ** retryAttempt, MAX_RETRY_DELAY_MS));
    retryAttempt += 1;
    retryTimer = setTimeout(restartSocket, delay);
  }

  /** Records a refusal; retryable ones reconnect with backoff, the others stop the socket. */
  function fail(next: CollabFailure, socketStillOpen: boolean): void {
    failure = next;
    if (!next.retrying) {
      clearTimeout(retryTimer);
      socket.disconnect();
    } else if (socketStillOpen || next.pauseMs) {
      // A socket-level close with a pause left the socket closed (see its onClose above).
      scheduleRestart(next.pauseMs);
    }
    update();
  }

  /**
   * The server refused a change sent from here and would refuse it again: stop sending,
   * delete this device's copy, then hand over the refused document (see CollabSnapshot.handover).
   */
  async function discardRefusedChange(reason: RefusalReason): Promise<void> {
    if (restoring || destroyed) return;
    clearTimeout(retryTimer);
    socket.disconnect();
    if (options.after && !everSynced) {
      // Refused again before this fresh session ever synced: what it sent came from a copy this
      // page could not delete (another tab holds it). Stop rather than loop.
      failure = FAILURES['refused-again'];
      update();
      return;
    }
    restoring = true;
    update();
    try {
      await discardLocalCopy();
    } catch (error) {
      // The fresh session then loads whatever is left and is refused again (see above): it stops.
      console.warn('Jointly: could not delete this device’s copy of the statement', error);
    }
    if (destroyed) return;
    handover = { reason, localJSON: statementJSONFromYDoc(ydoc), localState: Y.encodeStateAsUpdate(ydoc) };
    update();
  }

  async function discardLocalCopy(): Promise<void> {
    await localCopy?.delete();
  }

  /** The server withdrew this person's access: what this device kept of the statement goes. */
  function forgetWithdrawnStatement(): void {
    discardLocalCopy().catch((error: unknown) => console.warn('Jointly: could not delete this device’s copy of the statement', error));
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
    if (status === WebSocketStatus.Connecting && !mayConnect()) socket.disconnect();
    update();
  });
  provider.on('unsyncedChanges', noteProgress);
  provider.on('authenticated', ({ scope }: { scope: string }) => {
    readOnly = scope === 'readonly';
    update();
  });
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = decodeServerMessage(payload);
    if (!message) return;
    if (message.type === 'access') {
      readOnly = message.readOnly;
      accessChanges += 1;
    } else {
      if (message.type === 'content') {
        liveContentHash = message.contentHash;
        hashPending = false;
        clearTimeout(hashSettleTimer);
      }
      recordChanges += 1;
    }
    update();
  });
  provider.on('synced', () => {
    everSynced = true;
    connectionLost = false;
    recordChanges += 1;
    if (pendingReport) {
      // This Y.Doc started empty after a refusal: it now holds exactly the server's text.
      refusedChange = describeRefusedChange(pendingReport, ydoc);
      pendingReport = null;
    }
    noteProgress();
  });
  provider.on('disconnect', () => {
    connectionLost = true;
    liveContentHash = null;
    update();
  });

  // Edits made on this page (not those arriving from the server or from this device's copy).
  const onDocumentUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || (persistence !== null && origin === persistence)) return;
    hashPending = true;
    clearTimeout(hashSettleTimer);
    hashSettleTimer = setTimeout(() => {
      hashPending = false;
      update();
    }, HASH_SETTLE_MS);
    update();
  };
  ydoc.on('update', onDocumentUpdate);
  provider.on('close', ({ event }: { event: { code?: number; reason?: string } }) => {
    // A socket-level close arrives with the socket already disconnected, and the socket
    // reconnects by itself. A document-level close leaves the socket open with this
    // document detached on the server: nothing more would sync until the socket restarts.
    const socketStillOpen = socket.status === WebSocketStatus.Connected;
    if (socketStillOpen) connectionLost = true;
    const refused = refusalReasonOf(event);
    if (refused) return void discardRefusedChange(refused);
    const found = failureFromClose(event);
    if (found?.kind === 'forbidden') forgetWithdrawnStatement();
    if (found) return fail(found, socketStillOpen);
    if (socketStillOpen) scheduleRestart();
    update();
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    // The socket stays open; the document was never attached on the server.
    if (isAccessWithdrawn(reason, tokenError)) forgetWithdrawnStatement();
    fail(failureFromAuthentication(reason, tokenError), true);
  });

  // The browser's own online/offline signal is believed: offline drops the socket (a
  // half-dead connection must not look alive), online brings it back.
  const onOnline = () => {
    online = true;
    if (mayConnect()) {
      // A socket still closing after `disconnect()` would ignore connect(); let its close reconnect instead.
      if (socket.status === WebSocketStatus.Connected) socket.shouldConnect = true;
      else void socket.connect();
    }
    update();
  };
  const onOffline = () => {
    online = false;
    socket.disconnect();
    update();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  provider.attach();

  return {
    statementId,
    userId,
    ydoc,
    provider,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    discardLocalCopy,
    dismissRefusedChange() {
      refusedChange = null;
      update();
    },
    reconnect() {
      if (restoring) return;
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
      clearTimeout(hashSettleTimer);
      clearTimeout(refusalTimer);
      ydoc.off('update', onDocumentUpdate);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      listeners.clear();
      provider.destroy();
      socket.destroy();
      // The IndexedDB copy is closed last so every local change reaches it.
      if (!localCopy) return ydoc.destroy();
      void localCopy.close().then(() => ydoc.destroy());
    },
  };
}
