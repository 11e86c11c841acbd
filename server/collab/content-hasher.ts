import type { afterLoadDocumentPayload, beforeUnloadDocumentPayload, Document, Extension, onChangePayload } from '@hocuspocus/server';
import { encodeServerMessage } from '../../shared/collab-messages.ts';
import { contentHashOf } from '../../shared/content-hash.ts';
import { parseStatementDocumentName } from '../../shared/document-name.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../storage/store.ts';

/**
 * Keeps every statement's content hash current: `hashDelayMs` after typing pauses, the
 * hash of the live document is stored (GET /api/statements/:id reports it) and, when it
 * changed, sent to every open client as a `content` stateless message. A document is
 * hashed once more before it unloads.
 */
export class ContentHasher implements Extension {
  readonly extensionName = 'ContentHasher';
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly hashDelayMs: number;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastHash = new Map<string, string>();

  constructor(store: Store, logger: Logger, hashDelayMs: number) {
    this.store = store;
    this.logger = logger;
    this.hashDelayMs = hashDelayMs;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    await this.rehash(documentName, document);
  }

  async onChange({ document, documentName }: onChangePayload): Promise<void> {
    clearTimeout(this.timers.get(documentName));
    this.timers.set(
      documentName,
      setTimeout(() => {
        this.timers.delete(documentName);
        this.rehash(documentName, document).catch((error: unknown) => this.logger.error({ documentName, err: error }, 'hashing failed'));
      }, this.hashDelayMs),
    );
  }

  async beforeUnloadDocument({ document, documentName }: beforeUnloadDocumentPayload): Promise<void> {
    if (this.timers.has(documentName)) {
      clearTimeout(this.timers.get(documentName));
      this.timers.delete(documentName);
      await this.rehash(documentName, document);
    }
    this.lastHash.delete(documentName);
  }

  private async rehash(documentName: string, document: Document): Promise<void> {
    const statementId = parseStatementDocumentName(documentName);
    if (!statementId) return;
    const hash = await contentHashOf(statementJSONFromYDoc(document));
    if (this.lastHash.get(documentName) === hash) return;
    this.lastHash.set(documentName, hash);
    await this.store.workflow.setContentHash(statementId, hash);
    document.broadcastStateless(encodeServerMessage({ type: 'content', contentHash: hash }));
  }
}
