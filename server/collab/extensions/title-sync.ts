import type { Extension, onStoreDocumentPayload } from '@hocuspocus/server';
import { MAX_TITLE_LENGTH } from '../../../shared/api/statements.ts';
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
    // Listed cut to MAX_TITLE_LENGTH (editors refuse longer titles, but concurrent edits or other Yjs clients may exceed it).
    const title = readTitle(document)
      .slice(0, MAX_TITLE_LENGTH)
      .replace(/[\uD800-\uDBFF]$/, '')
      .trim();
    await this.store.statements.recordEdit(statementId, title || 'Untitled statement');
  }
}
