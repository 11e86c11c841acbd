import type { Extension, onStoreDocumentPayload } from '@hocuspocus/server';
import { parseStatementDocumentName } from '../../shared/document-name.ts';
import { readTitle } from '../../shared/schema/ydoc.ts';
import type { Store } from '../storage/store.ts';

/**
 * Keeps the statement list's title in step with the title node of the document. The
 * document is the truth; the stored title is a copy for listing, refreshed on every store.
 */
export class StatementTitleSync implements Extension {
  readonly extensionName = 'StatementTitleSync';

  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    const statementId = parseStatementDocumentName(documentName);
    if (!statementId) return;
    await this.store.setStatementTitle(statementId, readTitle(document) || 'Untitled statement');
  }
}
