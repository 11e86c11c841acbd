import type { Hocuspocus } from '@hocuspocus/server';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { canonicalJSON, contentHashOf } from '../../shared/content-hash.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import type { Store, VersionInput } from '../storage/store.ts';
import { replayStoredDocument, Y_DOC_OPTIONS } from './replay.ts';

/** The text of a statement as it is right now, with what a version keeps of it. */
export interface StatementText {
  json: JSONContent;
  contentHash: string;
  version: VersionInput;
}

/**
 * Reads the authoritative current text: the live document when this instance has it open
 * (it holds every acknowledged edit), otherwise the stored snapshot and log.
 */
export async function readStatementText(hocuspocus: Hocuspocus, store: Store, statementId: string): Promise<StatementText> {
  const name = statementDocumentName(statementId);
  const live = hocuspocus.documents.get(name);
  if (live) return describe(live);
  const doc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    replayStoredDocument(doc, await store.documents.load(name));
    return await describe(doc);
  } finally {
    doc.destroy();
  }
}

async function describe(doc: Y.Doc): Promise<StatementText> {
  // Everything is read synchronously first, so the parts agree with each other.
  const json = statementJSONFromYDoc(doc);
  const yjsSnapshot = Y.encodeSnapshot(Y.snapshot(doc));
  const yjsState = Y.encodeStateAsUpdate(doc);
  const contentHash = await contentHashOf(json);
  return { json, contentHash, version: { contentHash, documentJson: canonicalJSON(json), yjsSnapshot, yjsState } };
}
