import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CollabTokens } from '../auth/collab-token.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../storage/store.ts';
import { AccessGuard, type AccessFilter } from './extensions/access-guard.ts';
import { CollabAuthentication } from './extensions/authenticate.ts';
import { AwarenessAdmission } from './extensions/awareness-admission.ts';
import { ConnectionLimits, MAX_PENDING_DOCUMENTS_PER_SOCKET } from './extensions/connection-limits.ts';
import { FrameValidation } from './extensions/frame-validation.ts';
import { BroadcastBatching } from './extensions/broadcast-batching.ts';
import { ContentHasher } from './extensions/content-hasher.ts';
import { DocumentFreezer } from './freezer.ts';
import { encodeServerMessage, type ServerMessage } from '../../shared/collab-messages.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { DebouncedSnapshotStore } from './extensions/debounced-snapshot.ts';
import { DurableUpdateLog } from './extensions/durable-log.ts';
import { Y_DOC_OPTIONS } from './replay.ts';
import { StatementTitleSync } from './extensions/title-sync.ts';
import { UpdateAdmission } from './extensions/update-admission.ts';

export interface Collaboration {
  hocuspocus: Hocuspocus;
  /** Documents frozen by lock/publish on this instance (see DocumentFreezer). */
  freezer: DocumentFreezer;
  /** Admits each new socket and guards its frames (the websocket route calls it). */
  connectionLimits: ConnectionLimits;
  /** Sends a stateless message to every open client of the statement. */
  notify(statementId: string, message: ServerMessage): void;
  /** Re-checks open connections against the database now: closes or downgrades those that lost rights. */
  revalidateAccess(filter: AccessFilter): Promise<void>;
  /** Closes, at once, every connection opened under these sessions (4401): they were ended. */
  endSessions(sessionIds: readonly string[]): void;
  /** Closes every document connection, lets each document store and unload, within `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createCollaboration(deps: {
  config: Config;
  store: Store;
  tokens: CollabTokens;
  logger: Logger;
  /** Extra extensions, after Jointly's own (tests use this to observe hook order). */
  extensions?: Extension[];
}): Collaboration {
  const { config, store, tokens, logger } = deps;
  const freezer = new DocumentFreezer();
  const admission = new UpdateAdmission(store, config.admission, logger);
  const persistence =
    config.persistence === 'durable-log'
      ? new DurableUpdateLog(store, logger, { compactAfterUpdates: config.compactAfterUpdates, gapWaitMs: config.admission.gapWaitMs }, freezer, admission)
      : new DebouncedSnapshotStore(store);

  const accessGuard = new AccessGuard(store, logger, freezer);
  const connectionLimits = new ConnectionLimits(config.socketLimits, logger);
  const hocuspocus = new Hocuspocus({
    quiet: true,
    maxUnauthenticatedQueueMessages: config.socketLimits.preAuthQueueMessages,
    maxUnauthenticatedQueueSize: config.socketLimits.preAuthQueueBytes,
    maxPendingDocuments: MAX_PENDING_DOCUMENTS_PER_SOCKET,
    yDocOptions: { ...Y_DOC_OPTIONS, gcFilter: () => true },
    debounce: config.storeDebounceMs,
    maxDebounce: Math.max(config.storeDebounceMs, 10_000),
    unloadImmediately: true,
    extensions: inPipelineOrder([
      new FrameValidation(logger),
      connectionLimits,
      accessGuard,
      new CollabAuthentication(tokens, store),
      admission,
      new AwarenessAdmission(config.admission, admission, logger),
      persistence,
      new StatementTitleSync(store),
      new ContentHasher(store, logger, config.hashDelayMs),
      new BroadcastBatching({ delayMs: config.collabFlushDelayMs, minConnections: config.collabBatchFromConnections }),
    ]).concat(deps.extensions ?? []),
  });
  accessGuard.startSweeping(hocuspocus, config.accessSweepMs);

  async function drain(timeoutMs: number): Promise<void> {
    hocuspocus.closeConnections();
    hocuspocus.flushPendingStores();
    const deadline = Date.now() + timeoutMs;
    while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) await sleep(20);
    if (hocuspocus.getDocumentsCount() > 0) {
      logger.warn({ documents: hocuspocus.getDocumentsCount() }, 'documents still loaded at shutdown; their updates are in the log');
    }
  }

  return {
    hocuspocus,
    freezer,
    connectionLimits,
    drain,
    revalidateAccess: (filter) => accessGuard.revalidate(hocuspocus, filter),
    endSessions: (sessionIds) => accessGuard.endSessions(hocuspocus, sessionIds),
    notify: (statementId, message) => hocuspocus.documents.get(statementDocumentName(statementId))?.broadcastStateless(encodeServerMessage(message)),
  };
}

/**
 * The collaboration pipeline, stated once. Hocuspocus runs each hook of every extension in
 * priority order (highest first); the order of this list is that priority. Before any hook,
 * the websocket route hands every new socket to ConnectionLimits (`admitSocket`), whose
 * SocketGuard meters every frame in and out. Then, hook by hook (for an incoming frame,
 * `beforeHandleMessage`), in order:
 *
 * 1. FrameValidation: a frame whose update does not decode is refused (4400).
 * 2. ConnectionLimits: on `connected`, counts document connections per user (4409 over the
 *    cap); after a sync step 1 is answered, lets the next one through.
 * 3. AccessGuard: a frame carrying an update re-checks the user's rights in the database
 *    (refused 4403 when lost, made read-only when they may only read or the text is frozen).
 * 4. CollabAuthentication: only `onAuthenticate` (token → connection, read-only for viewers).
 * 5. UpdateAdmission: tracks each document's client-ID bindings and size; its `admit` is
 *    called by the durable log for every update before it is appended (admission/ holds the
 *    door-independent check).
 * 6. AwarenessAdmission: presence frames (own client IDs, known fields, size, rate; the
 *    server stamps `user`); refused 4424 or 4429.
 * 7. DurableUpdateLog: admits, appends to the log, then applies the update itself; Hocuspocus,
 *    which awaited the hook, then broadcasts it and acknowledges it to its sender (so the
 *    acknowledgement always follows the append). A refusal here closes the sender with
 *    nothing stored or broadcast.
 * 8. The rest observe what was applied: title copy, content hash, broadcast batching.
 *
 * Every refusal is a CollabRefusal closed by `refuse` (refusal.ts). Extensions given by tests
 * run after all of these.
 */
function inPipelineOrder(extensions: Extension[]): Extension[] {
  extensions.forEach((extension, index) => (extension.priority = 10_000 - index * 100));
  return extensions;
}
