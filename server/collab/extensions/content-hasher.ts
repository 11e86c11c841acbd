import type { afterLoadDocumentPayload, beforeUnloadDocumentPayload, Document, Extension, onChangePayload } from '@hocuspocus/server';
import { encodeServerMessage } from '../../../shared/collab-messages.ts';
import { contentHashOf } from '../../../shared/content-hash.ts';
import { parseStatementDocumentName } from '../../../shared/document-name.ts';
import { statementJSONFromYDoc } from '../../../shared/schema/ydoc.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../storage/store.ts';
import { documentWorkers, isLargeDocument } from '../document-worker.ts';

/** After a hash could not be stored (a full disk, a lock held by another process), the next try. */
const REHASH_RETRY_MS = 1_000;

/**
 * Keeps every statement's content hash current: `hashDelayMs` after typing pauses, the
 * hash of the live document is stored (GET /api/statements/:id reports it) and, when it
 * changed, sent to every open client as a `content` stateless message. A document is
 * hashed once more before it unloads, and `hashDelayMs` after it loads (not before its
 * first sync: hashing a big document takes as long as loading it, and the stored hash is
 * already that of the stored text unless the server stopped before re-hashing).
 *
 * A large document is hashed in a worker thread, on a replica kept in step with the live
 * document (DocumentWorkers): hashing it costs the event loop nothing but a message. Small
 * ones are hashed inline. Either way the hash is that of shared/content-hash.ts over
 * `statementJSONFromYDoc`. Re-hashes of one document run one after the other, so a slower
 * earlier one never stores its hash over a later one's. A hash that could not be stored is
 * tried again every REHASH_RETRY_MS while the document stays loaded (and on its next load).
 */
export class ContentHasher implements Extension {
  readonly extensionName = 'ContentHasher';
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly hashDelayMs: number;
  /** Pending re-hash per document, and when the first change it covers was made. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  private readonly lastHash = new Map<string, string>();
  /** The re-hash running per document; the next one waits for it. */
  private readonly hashing = new Map<string, Promise<void>>();
  /** Documents loaded here: a retry never re-hashes one that has unloaded (or been replaced). */
  private readonly loaded = new Map<string, Document>();

  constructor(store: Store, logger: Logger, hashDelayMs: number) {
    this.store = store;
    this.logger = logger;
    this.hashDelayMs = hashDelayMs;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    this.loaded.set(documentName, document);
    this.scheduleRehash(documentName, document);
  }

  async onChange({ document, documentName }: onChangePayload): Promise<void> {
    this.scheduleRehash(documentName, document);
  }

  /**
   * Re-hashes `hashDelayMs` after the last change, but never later than 3 × `hashDelayMs`
   * after the first change it covers: under continuous typing the pause never comes, and
   * the hash must still follow the text within a second.
   */
  private scheduleRehash(documentName: string, document: Document, delayMs = this.hashDelayMs): void {
    const pending = this.timers.get(documentName);
    if (pending && Date.now() - pending.since >= 2 * this.hashDelayMs) return;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.timers.delete(documentName);
      this.rehash(documentName, document).catch((error: unknown) => {
        this.logger.error({ documentName, err: error }, 'hashing failed; trying again');
        // The stored hash lags the text until a write succeeds; a newer change schedules its own.
        if (this.loaded.get(documentName) === document && !this.timers.has(documentName)) {
          this.scheduleRehash(documentName, document, REHASH_RETRY_MS);
        }
      });
    }, delayMs);
    this.timers.set(documentName, { timer, since: pending?.since ?? Date.now() });
  }

  async beforeUnloadDocument({ document, documentName }: beforeUnloadDocumentPayload): Promise<void> {
    if (this.loaded.get(documentName) === document) this.loaded.delete(documentName);
    const pending = this.timers.get(documentName);
    if (pending) {
      clearTimeout(pending.timer);
      this.timers.delete(documentName);
      await this.rehash(documentName, document);
    }
    this.lastHash.delete(documentName);
  }

  private rehash(documentName: string, document: Document): Promise<void> {
    const run = (this.hashing.get(documentName) ?? Promise.resolve()).catch(() => {}).then(() => this.rehashNow(documentName, document));
    this.hashing.set(documentName, run);
    const forget = () => {
      if (this.hashing.get(documentName) === run) this.hashing.delete(documentName);
    };
    run.then(forget, forget);
    return run;
  }

  private async rehashNow(documentName: string, document: Document): Promise<void> {
    const statementId = parseStatementDocumentName(documentName);
    if (!statementId) return;
    const large = documentWorkers.isFollowing(document) || isLargeDocument(document);
    const hash = large ? await documentWorkers.hash(document) : await contentHashOf(statementJSONFromYDoc(document));
    if (this.lastHash.get(documentName) === hash) return;
    // Remembered only once stored: a hash whose write failed is written by the next try.
    await this.store.workflow.setContentHash(statementId, hash);
    this.lastHash.set(documentName, hash);
    // Buffered edits go out first: a client must never hold a hash for text it has not received.
    document.flush();
    document.broadcastStateless(encodeServerMessage({ type: 'content', contentHash: hash }));
  }
}
