import type { Hocuspocus } from '@hocuspocus/server';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { canonicalJSON, contentHashOf } from '../../shared/content-hash.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import type { Store, VersionInput } from '../storage/store.ts';
import type { InspectLimits } from './admission/inspect-update.ts';
import { documentWorkers, isLargeDocument, isLargeStoredDocument } from './document-worker.ts';
import type { DescribedState } from './document-worker-thread.ts';
import { replayStoredDocument, storedEntryLimits, Y_DOC_OPTIONS } from './replay.ts';

/** The text of a statement as it is right now, with what a version keeps of it. */
export interface StatementText {
  json: JSONContent;
  contentHash: string;
  version: VersionInput;
}

/**
 * Reads the authoritative current text: the live document when this instance has it open
 * (it holds every acknowledged edit), otherwise the stored snapshot and log, replayed as a
 * load replays them (what admission refuses today is left out).
 *
 * A large document is read in a worker thread (DocumentWorkers): the live one on its replica,
 * which has every update the live document applied before this call, a stored one by
 * replaying it there. Small ones are read inline. The text, hash and Yjs state always
 * describe one and the same moment of the document.
 */
export async function readStatementText(
  hocuspocus: Hocuspocus,
  store: Store,
  statementId: string,
  limits: InspectLimits = storedEntryLimits(),
): Promise<StatementText> {
  const name = statementDocumentName(statementId);
  const live = hocuspocus.documents.get(name);
  if (live) return documentWorkers.isFollowing(live) || isLargeDocument(live) ? fromDescribed(await documentWorkers.describe(live)) : describe(live);
  const stored = await store.documents.load(name);
  if (isLargeStoredDocument(stored)) return fromDescribed(await documentWorkers.describeStored(stored, limits));
  const doc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    replayStoredDocument(doc, stored, limits);
    return await describe(doc);
  } finally {
    doc.destroy();
  }
}

function fromDescribed({ json, documentJson, contentHash, yjsSnapshot, yjsState }: DescribedState): StatementText {
  return { json, contentHash, version: { contentHash, documentJson, yjsSnapshot, yjsState } };
}

async function describe(doc: Y.Doc): Promise<StatementText> {
  // Everything is read synchronously first, so the parts agree with each other.
  const json = statementJSONFromYDoc(doc);
  const yjsSnapshot = Y.encodeSnapshot(Y.snapshot(doc));
  const yjsState = Y.encodeStateAsUpdate(doc);
  const contentHash = await contentHashOf(json);
  return { json, contentHash, version: { contentHash, documentJson: canonicalJSON(json), yjsSnapshot, yjsState } };
}
