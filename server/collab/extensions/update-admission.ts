import type { afterUnloadDocumentPayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { AdmissionLimits } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../storage/store.ts';
import { inspectUpdate, type UpdateSummary } from '../admission/inspect-update.ts';
import { AdmissionOverlay } from '../admission/overlay.ts';
import { AdmissionRefusal } from '../admission/verdict.ts';

/** What admission keeps per open document. */
interface DocumentAdmissionState {
  /** Client ID → user, as in the store (loaded once, then kept in step with every bind). */
  bindings: Map<number, string>;
  /** Upper bound of the document's encoded size: measured, plus every admitted update since. */
  sizeEstimate: number;
}

/**
 * Admission of client updates: every update a connection sends passes `admit` before the
 * durable log stores it (DurableUpdateLog calls it), whatever door it came through.
 *
 * On top of `inspectUpdate` (caps, nothing pending, schema layout), it holds who may write
 * under which Yjs client ID: a client ID belongs to the user whose update first carried
 * structs under it, recorded in the store before that update is logged (so it survives
 * restarts and is shared by every instance). An update writing under a client ID bound to
 * someone else, under the server's own, or under one that already holds content nobody is
 * bound to (written before bindings existed, or by the server) is refused. The document's
 * size is kept under `maxDocumentBytes`.
 */
export class UpdateAdmission implements Extension {
  readonly extensionName = 'UpdateAdmission';
  private readonly store: Store;
  private readonly limits: AdmissionLimits;
  private readonly states = new Map<string, Promise<DocumentAdmissionState>>();

  constructor(store: Store, limits: AdmissionLimits, _logger: Logger) {
    this.store = store;
    this.limits = limits;
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.states.delete(documentName);
    this.loaded.delete(documentName);
  }

  /**
   * Admits `updates` (in order, each against the document and the ones before it) for
   * `userId`, binding the client IDs they write under to that user. Returns how many of them,
   * from the first, are admitted; throws AdmissionRefusal when the first one is refused.
   */
  async admit(document: Y.Doc, documentName: string, userId: string, updates: readonly Uint8Array[]): Promise<number> {
    const state = await this.stateOf(documentName, document);
    const overlay = new AdmissionOverlay(document);
    const toBind = new Set<number>();
    let admitted = 0;
    let bytes = 0;
    for (const update of updates) {
      try {
        const summary = inspectUpdate(document, update, this.limits, overlay);
        this.checkWriters(document, state, userId, summary, toBind);
        this.checkSize(document, state, bytes + summary.bytes);
        bytes += summary.bytes;
        admitted++;
      } catch (error) {
        if (admitted === 0 || !(error instanceof AdmissionRefusal)) throw error;
        break;
      }
    }
    if (toBind.size > 0) {
      const taken = await this.store.clientIds.bind(documentName, userId, [...toBind]);
      // Bound meanwhile by another instance (or connection) for someone else: refuse the batch.
      for (const clientId of toBind) if (!taken.includes(clientId)) state.bindings.set(clientId, userId);
      if (taken.length > 0) {
        const fresh = await this.store.clientIds.bindings(documentName);
        for (const [clientId, owner] of fresh) state.bindings.set(clientId, owner);
        throw new AdmissionRefusal('foreign-client-id', 'the update writes under a client ID that belongs to someone else', { clientIds: taken });
      }
    }
    state.sizeEstimate += bytes;
    return admitted;
  }

  /** The user a client ID of this document is bound to, if known here (awareness admission asks). */
  userOfClient(documentName: string, clientId: number): string | undefined {
    return this.loaded.get(documentName)?.bindings.get(clientId);
  }

  /** States resolved so far, for synchronous questions. */
  private readonly loaded = new Map<string, DocumentAdmissionState>();

  private stateOf(documentName: string, document: Y.Doc): Promise<DocumentAdmissionState> {
    let state = this.states.get(documentName);
    if (!state) {
      state = this.store.clientIds.bindings(documentName).then((bindings) => {
        const loaded = { bindings, sizeEstimate: Y.encodeStateAsUpdate(document).byteLength };
        this.loaded.set(documentName, loaded);
        return loaded;
      });
      state.catch(() => this.states.delete(documentName));
      this.states.set(documentName, state);
    }
    return state;
  }

  private checkWriters(document: Y.Doc, state: DocumentAdmissionState, userId: string, summary: UpdateSummary, toBind: Set<number>): void {
    for (const [clientId, { from }] of summary.writes) {
      const owner = state.bindings.get(clientId);
      if (owner === userId) continue;
      const ownedByNobody = owner === undefined && clientId !== document.clientID && from === 0;
      if (ownedByNobody || toBind.has(clientId)) {
        toBind.add(clientId);
        continue;
      }
      throw new AdmissionRefusal('foreign-client-id', `the update writes under client ID ${clientId}, which belongs to someone else`, {
        clientId,
      });
    }
  }

  private checkSize(document: Y.Doc, state: DocumentAdmissionState, adding: number): void {
    if (state.sizeEstimate + adding <= this.limits.maxDocumentBytes) return;
    // The estimate only grows (updates overlap); measure before refusing.
    state.sizeEstimate = Y.encodeStateAsUpdate(document).byteLength;
    if (state.sizeEstimate + adding > this.limits.maxDocumentBytes) {
      throw new AdmissionRefusal('document-too-large', `the statement would grow past its cap of ${this.limits.maxDocumentBytes} bytes`, {
        size: state.sizeEstimate,
      });
    }
  }
}
