import type { Extension, onStoreDocumentPayload } from '@hocuspocus/server';
import { parseStatementDocumentName } from '../../../shared/document-name.ts';
import { readTitle } from '../../../shared/schema/ydoc.ts';
import type { Store } from '../../storage/store.ts';

/**
 * Keeps the statement list's title and last-edited time in step with the document. The
 * document is the truth; the stored title is a copy for listing, refreshed on every
 * (debounced) store, so the list may lag an edit by the store debounce.
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
    await this.store.statements.recordEdit(statementId, readTitle(document) || 'Untitled statement');
  }
}
