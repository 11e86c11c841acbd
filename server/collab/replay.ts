import * as Y from 'yjs';
import type { FoldedDocument, StoredDocument } from '../storage/store.ts';

/** Every statement's Y.Doc keeps deleted content: version snapshots need it. */
export const Y_DOC_OPTIONS = { gc: false } as const;

/**
 * Applies a stored document (snapshot, then log entries in order) to `doc`.
 *
 * Contract: a log entry that throws while applying is reported in the result and the
 * replay goes on with the next one; one bad entry never makes the document unloadable.
 * A bad snapshot is different: it is the base of everything else, so it throws.
 */
export function replayStoredDocument(doc: Y.Doc, stored: StoredDocument, origin?: unknown): FoldedDocument['rejected'] {
  const rejected: FoldedDocument['rejected'] = [];
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, origin);
  for (const { seq, update } of stored.updates) {
    try {
      Y.applyUpdate(doc, update, origin);
    } catch (error) {
      rejected.push({ seq, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return rejected;
}

/** Folds snapshot + log into one state update, for compaction. Never uses Y.mergeUpdates (super-linear). */
export function foldDocument(stored: StoredDocument): FoldedDocument {
  const doc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    const rejected = replayStoredDocument(doc, stored);
    return { state: Y.encodeStateAsUpdate(doc), rejected };
  } finally {
    doc.destroy();
  }
}
