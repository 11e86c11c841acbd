import type {
  Connection,
  Document,
  beforeHandleMessagePayload,
  beforeUnloadDocumentPayload,
  Extension,
  onChangePayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { CloseCodes } from '../../../shared/close-codes.ts';
import type { Logger } from '../../logger.ts';
import type { DocumentFreezer } from '../freezer.ts';
import { withRetry } from '../../storage/retry.ts';
import type { CompactionResult, FoldedDocument, Store, StoredDocument } from '../../storage/store.ts';
import { documentWorkers, DocumentWorkerError, isLargeStoredDocument, SliceMismatch } from '../document-worker.ts';
import { foldDocument, isSameStoredDocument, replayStoredDocument, storedBytes, storedEntryLimits, type ReplayReport } from '../replay.ts';
import { CollabRefusal, refuse } from '../refusal.ts';
import { acknowledgeHandled, queuedUpdatesBehind } from '../queued-updates.ts';
import { isEmptyUpdate, readDocumentUpdate } from '../sync-frame.ts';
import type { UpdateAdmission } from './update-admission.ts';
import { AdmissionRefusal } from '../admission/verdict.ts';
import { completeFromQueue } from '../missing-state.ts';
import type { CollabContext } from './authenticate.ts';

export interface DurableLogOptions {
  /** Compact once this many updates are logged; documents are also compacted when they unload. */
  compactAfterUpdates: number;
  /** How long an update that lacks edits its sender has yet to send is held (see missing-state.ts). */
  gapWaitMs: number;
}

/**
 * Persistence that makes every acknowledged edit durable.
 *
 * Guarantees:
 * - An update received from a client is decoded, then appended to the store's update log,
 *   and only then handed to Hocuspocus, which applies, broadcasts and acknowledges it.
 *   Updates already queued behind it on the same connection are logged and applied with it
 *   (one commit, one broadcast), then acknowledged and taken out of the queue.
 *   `beforeHandleMessage` is awaited before Hocuspocus reads the frame, which is what
 *   makes this order hold. A frame that does not decode closes that connection and is
 *   never stored; an append that still fails after retries closes the connection
 *   unacknowledged, so the client keeps the edit and sends it again.
 * - Updates that do not come from a client connection (server-side edits) are appended
 *   as they happen, and a document is not unloaded while such a write is pending.
 * - Loading replays snapshot + log; a log entry that does not apply is quarantined and
 *   reported, and the document loads without it.
 * - Compaction (after `compactAfterUpdates` logged updates, and when a document unloads)
 *   folds the stored snapshot and log (not the in-memory document, which may
 *   lag the log) into one snapshot and truncates the log in one store transaction.
 */
export class DurableUpdateLog implements Extension {
  readonly extensionName = 'DurableUpdateLog';

  private readonly pendingLocalWrites = new Map<string, Set<Promise<unknown>>>();
  /** Documents with a server-side update whose append failed for good; their full state is logged again. */
  private readonly failedLocalWrites = new Set<string>();

  private readonly store: Store;
  private readonly logger: Logger;
  private readonly options: DurableLogOptions;
  private readonly freezer: DocumentFreezer;

  private readonly admission: UpdateAdmission;

  constructor(store: Store, logger: Logger, options: DurableLogOptions, freezer: DocumentFreezer, admission: UpdateAdmission) {
    this.admission = admission;
    this.store = store;
    this.logger = logger;
    this.options = options;
    this.freezer = freezer;
  }

  /**
   * Replays snapshot + log into the document (see `replayInto`). What the replay leaves out (a
   * log entry that admission refuses today or that does not apply, pending state held by the
   * snapshot) is reported with a structured log line, never served, and put aside for good
   * (see `putAside`). Throws StorageUnavailable when the stored document cannot be read or
   * replayed; clients retry later.
   */
  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    try {
      const stored = await withRetry(() => this.store.documents.load(documentName));
      const started = performance.now();
      const loaded = await this.replayInto(document, documentName, stored);
      this.logger.debug({ documentName, storedBytes: storedBytes(stored), ms: Math.round(performance.now() - started) }, 'loaded document');
      if (loaded.rejected.length > 0 || loaded.setAside.length > 0) await this.putAside(documentName, stored, loaded);
    } catch (error) {
      this.logger.error({ documentName, err: error }, 'could not load a document');
      // Hocuspocus answers with this reason; clients retry later instead of giving up.
      throw CloseCodes.StorageUnavailable;
    }
  }

  /**
   * Replays the stored document into the live one (empty, not served yet). A small document is
   * replayed here, in one transaction; a large one in a worker thread, and the result applied a
   * slice per event-loop turn (DocumentWorkers.load), so one statement loading never stalls the
   * others. `state` is the loaded state as one update.
   */
  private async replayInto(document: Document, documentName: string, stored: StoredDocument): Promise<ReplayReport & { state(): Uint8Array }> {
    const limits = storedEntryLimits();
    if (isLargeStoredDocument(stored)) {
      try {
        const loaded = await documentWorkers.load(document, stored, limits);
        return { ...loaded, state: () => loaded.state ?? Y.encodeStateAsUpdate(document) };
      } catch (error) {
        if (!(error instanceof SliceMismatch)) throw error;
        this.logger.error({ documentName, err: error }, 'replaying the document on the main thread instead');
      }
    }
    // Hocuspocus buffers each replayed update for broadcasting (to nobody yet); sending each
    // on at once keeps it from merging them all with Y.mergeUpdates on its next flush.
    const flushEach = () => document.flush();
    document.on('update', flushEach);
    try {
      const report = replayStoredDocument(document, stored, limits);
      return { ...report, state: () => Y.encodeStateAsUpdate(document) };
    } finally {
      document.off('update', flushEach);
    }
  }

  /**
   * Puts what the load left out aside for good, by committing what was loaded as a compaction:
   * the rejected entries move to quarantine, the snapshot's pending state is kept there too,
   * and the new snapshot is exactly the live document (with any part of a rejected entry that
   * applied). If storage changed meanwhile, the compaction folds what is stored now instead; if
   * it does not commit, the entries are quarantined one by one and, when one applied in part,
   * the live state is logged again, so that storage and memory agree.
   */
  private async putAside(documentName: string, stored: StoredDocument, loaded: ReplayReport & { state(): Uint8Array }): Promise<void> {
    for (const { seq, rule, reason } of loaded.rejected) {
      this.logger.error({ documentName, seq, rule, reason }, 'quarantining a logged update that admission refuses or that does not apply');
    }
    for (const { update, reason } of loaded.setAside) {
      this.logger.error({ documentName, bytes: update.byteLength, reason }, 'setting aside pending state held by the stored snapshot');
    }
    const folded: FoldedDocument = { state: loaded.state(), rejected: loaded.rejected, setAside: loaded.setAside };
    const result = await this.compact(documentName, async (current) => (isSameStoredDocument(current, stored) ? folded : this.fold(current)));
    if (result?.committed) return;
    for (const { seq, reason } of loaded.rejected) await withRetry(() => this.store.documents.quarantine(documentName, [seq], reason));
    if (loaded.rejected.some((entry) => entry.appliedInPart)) await withRetry(() => this.store.documents.append(documentName, folded.state));
  }

  async beforeHandleMessage({ connection, document, documentName, update: frame }: beforeHandleMessagePayload): Promise<void> {
    try {
      await this.logIncomingUpdate(connection, document, documentName, frame);
    } catch (error) {
      refuse(connection, error, this.logger);
      throw error;
    }
  }

  private async logIncomingUpdate(connection: Connection, document: Document, documentName: string, frame: Uint8Array): Promise<void> {
    const found = readDocumentUpdate(frame);
    // Read-only connections never get their updates applied (Hocuspocus answers them
    // "not synced"), so they must not be logged either.
    if (!found || connection.readOnly || isEmptyUpdate(found.update)) return;
    // A reconnecting client's sync step 2 usually brings nothing new (yet always carries the
    // whole delete set). What the document already contains was logged when it arrived.
    if (found.kind === 'sync-step-2' && Y.snapshotContainsUpdate(Y.snapshot(document), found.update)) return;
    this.refuseIfFrozen(documentName);
    // Updates from the same connection already waiting behind this frame (an offline
    // session's edits arrive as thousands of frames at once) are logged and applied with it:
    // one commit, one apply, one broadcast; then they leave the queue acknowledged. They were
    // received before this frame's access check, under the same rights.
    const { updates, ahead } = await this.admit(connection, document, documentName, frame, found.update);
    let seqs: number[];
    try {
      seqs = await Promise.all(
        updates.map((update) =>
          withRetry(() => this.store.documents.append(documentName, update), {
            attempts: 5,
            initialDelayMs: 25,
            onRetry: (error, attempt) => this.logger.warn({ documentName, attempt, err: error }, 'update log append failed; retrying'),
          }),
        ),
      );
    } catch (error) {
      this.logger.error({ documentName, err: error }, 'update log append failed; refusing the update');
      throw new CollabRefusal(CloseCodes.StorageUnavailable, 'the update could not be stored');
    }
    // Apply here rather than leave it to Hocuspocus: y-protocols swallows an update that
    // throws while applying and acknowledges it anyway. Hocuspocus's own apply that follows
    // finds nothing new.
    if (this.freezer.isFrozen(documentName)) {
      // Locked or published while the append was under way: the text is final without it.
      await withRetry(() => this.store.documents.quarantine(documentName, seqs, 'arrived after the statement was frozen'));
      this.refuseIfFrozen(documentName);
    }
    if (connection.readOnly || !document.hasConnection(connection)) {
      // Demoted or removed while the append was under way (AccessGuard re-checked meanwhile):
      // none of it applies. A read-only connection is answered "not synced" by Hocuspocus, and
      // the frames left in its queue are refused one by one.
      await withRetry(() => this.store.documents.quarantine(documentName, seqs, 'the sender lost the right to edit'));
      if (connection.readOnly) return;
      throw new CollabRefusal(CloseCodes.Forbidden, 'access revoked');
    }
    const before = Y.encodeStateVector(document);
    const origin = { source: 'connection', connection };
    try {
      document.transact(() => {
        for (const update of updates) Y.applyUpdate(document, update, origin);
      }, origin);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ documentName, seqs, reason }, 'refusing an update that does not apply');
      // Part of it may have applied (and been broadcast): store exactly that part, set the
      // whole entries aside, and close the sender's connection unacknowledged.
      await withRetry(() => this.store.documents.quarantine(documentName, seqs, reason));
      await withRetry(() => this.store.documents.append(documentName, Y.encodeStateAsUpdate(document, before)));
      throw new CollabRefusal(CloseCodes.InvalidUpdate, `update does not apply (${reason})`);
    }
    acknowledgeHandled(connection, documentName, ahead);
  }

  /**
   * Admission of this frame's update and of the queued ones behind it: nothing is stored that
   * admission refused. Throws when this frame's update is refused; queued updates after the
   * first refused one stay in the queue and are refused in their turn. An update that only
   * lacks edits the client has yet to send is held until they arrive (missing-state.ts).
   */
  private async admit(connection: Connection, document: Document, documentName: string, frame: Uint8Array, update: Uint8Array) {
    const userId = (connection.context as CollabContext).userId;
    const queued = queuedUpdatesBehind(connection, frame, documentName);
    try {
      const admitted = await this.admission.admit(document, documentName, userId, [update, ...queued.map((q) => q.found.update)]);
      const ahead = queued.slice(0, admitted - 1);
      return { updates: [update, ...ahead.map((q) => q.found.update)], ahead };
    } catch (error) {
      if (!(error instanceof AdmissionRefusal) || !error.isPending) throw error;
      const completed = await completeFromQueue({
        connection,
        document,
        documentName,
        frame,
        update,
        userId,
        admission: this.admission,
        waitMs: this.options.gapWaitMs,
      });
      return { updates: [completed.update], ahead: completed.merged };
    }
  }

  private refuseIfFrozen(documentName: string): void {
    if (this.freezer.isFrozen(documentName)) {
      throw new CollabRefusal(CloseCodes.StatementFrozen, 'the statement is locked or published');
    }
  }

  async onChange({ documentName, transactionOrigin, update }: onChangePayload): Promise<void> {
    if (!isServerSideOrigin(transactionOrigin)) return;
    const write = withRetry(() => this.store.documents.append(documentName, update)).catch((error: unknown) => {
      this.logger.error({ documentName, err: error }, 'could not log a server-side update');
      throw error;
    });
    this.trackLocalWrite(documentName, write);
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.settleLocalWrites(documentName, document);
    if ((await this.store.documents.countLogged(documentName)) >= this.options.compactAfterUpdates) {
      await this.compact(documentName);
    }
  }

  async beforeUnloadDocument({ document, documentName }: beforeUnloadDocumentPayload): Promise<void> {
    // Throwing here keeps the document in memory: it must not unload with a server-side edit unstored.
    await this.settleLocalWrites(documentName, document);
    if ((await this.store.documents.countLogged(documentName)) > 0) await this.compact(documentName);
  }

  /** The compaction running per document; the next one waits for it. */
  private readonly compactions = new Map<string, Promise<CompactionResult | null>>();

  /**
   * Compacts the stored document: snapshot + log up to now folded (in a worker thread when
   * large) and committed by the store only if storage did not change meanwhile. One at a time
   * per document. Nothing is lost when it fails or does not commit: the log still holds every
   * update, and the next store (or unload) compacts again. Answers null when it failed.
   */
  private compact(documentName: string, fold = (stored: StoredDocument) => this.fold(stored)): Promise<CompactionResult | null> {
    const run = (this.compactions.get(documentName) ?? Promise.resolve(null)).then(() => this.compactNow(documentName, fold));
    this.compactions.set(documentName, run);
    const forget = () => {
      if (this.compactions.get(documentName) === run) this.compactions.delete(documentName);
    };
    void run.then(forget);
    return run;
  }

  private async compactNow(documentName: string, fold: (stored: StoredDocument) => Promise<FoldedDocument>): Promise<CompactionResult | null> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.store.documents.compact(documentName, fold);
        const ms = Math.round(performance.now() - started);
        if (result.committed) this.logger.debug({ documentName, ...result, ms }, 'compacted document');
        else this.logger.info({ documentName, ms }, 'storage changed while compacting; the log is kept for the next compaction');
        return result;
      } catch (error) {
        // A worker that timed out or crashed would do so again: only storage errors are retried.
        if (attempt < 3 && !(error instanceof DocumentWorkerError)) {
          await sleep(25 * attempt);
          continue;
        }
        this.logger.error({ documentName, err: error }, 'compaction failed; the update log is kept');
        return null;
      }
    }
  }

  /** Snapshot + log folded into one state (see `foldDocument`): in a worker thread when the document is large. */
  private fold(stored: StoredDocument): Promise<FoldedDocument> {
    const limits = storedEntryLimits();
    return isLargeStoredDocument(stored) ? documentWorkers.fold(stored, limits) : Promise.resolve(foldDocument(stored, limits));
  }

  private trackLocalWrite(documentName: string, write: Promise<unknown>): void {
    let writes = this.pendingLocalWrites.get(documentName);
    if (!writes) this.pendingLocalWrites.set(documentName, (writes = new Set()));
    writes.add(write);
    const forget = () => {
      writes.delete(write);
      if (writes.size === 0) this.pendingLocalWrites.delete(documentName);
    };
    write.then(forget, () => {
      this.failedLocalWrites.add(documentName);
      forget();
    });
  }

  /** Waits for pending server-side appends; if one failed, logs the whole state instead (throws if that fails too). */
  private async settleLocalWrites(documentName: string, document: Y.Doc): Promise<void> {
    const writes = this.pendingLocalWrites.get(documentName);
    if (writes) await Promise.allSettled(writes);
    if (!this.failedLocalWrites.has(documentName)) return;
    await withRetry(() => this.store.documents.append(documentName, Y.encodeStateAsUpdate(document)));
    this.failedLocalWrites.delete(documentName);
  }
}

/**
 * Transactions that did not come from a client connection or from another instance.
 * (Storage replay needs no exclusion: Hocuspocus reports changes only after loading.)
 */
function isServerSideOrigin(origin: unknown): boolean {
  if (typeof origin === 'object' && origin !== null && 'source' in origin) {
    return origin.source === 'local';
  }
  return true;
}
