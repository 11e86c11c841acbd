import type { JSONContent } from '@tiptap/core';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import * as Y from 'yjs';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';

interface StoreOwner {
  app: { jointly: { store: { documents: { load(name: string): Promise<{ snapshot: Uint8Array | null; updates: { seq: number; update: Uint8Array }[] }> } } } };
  dataDir: string;
}

/**
 * What storage holds of a statement's document (snapshot, then the log; an entry that does
 * not apply is skipped, as loading quarantines it), as a fresh Y.Doc's content.
 */
export async function storedDocument(server: StoreOwner, statementId: string): Promise<{ xml: string; json: JSONContent }> {
  const doc = new Y.Doc({ gc: false });
  try {
    const stored = await server.app.jointly.store.documents.load(statementDocumentName(statementId));
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const { update } of stored.updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        // not part of the document
      }
    }
    return { xml: doc.getXmlFragment(STATEMENT_FRAGMENT).toString(), json: statementJSONFromYDoc(doc) };
  } finally {
    doc.destroy();
  }
}

/**
 * How many updates this server's log has taken so far, for every document together (SQLite's
 * AUTOINCREMENT counter of the log: compaction and quarantine never lower it). "Nothing was
 * stored" is: this number did not move, at a moment when nothing else is being written.
 */
export function updatesLoggedSoFar(server: Pick<StoreOwner, 'dataDir'>): number {
  const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'), { readOnly: true });
  try {
    const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'document_updates'").get() as { seq: number } | undefined;
    return Number(row?.seq ?? 0);
  } finally {
    db.close();
  }
}
