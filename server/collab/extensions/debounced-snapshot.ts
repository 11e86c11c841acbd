import type { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Store } from '../../storage/store.ts';
import { replayStoredDocument } from '../replay.ts';

/**
 * The stock Hocuspocus persistence pattern: updates are applied and acknowledged at once
 * and the whole document is written on the debounced `onStoreDocument`.
 *
 * It exists only as a baseline for tests and benchmarks. It acknowledges edits that are
 * not stored yet, so a crash inside the debounce window loses them; never run it in production.
 */
export class DebouncedSnapshotStore implements Extension {
  readonly extensionName = 'DebouncedSnapshotStore';

  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    replayStoredDocument(document, await this.store.documents.load(documentName));
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.store.documents.writeSnapshot(documentName, Y.encodeStateAsUpdate(document));
  }
}
