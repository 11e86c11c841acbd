import * as Y from 'yjs';
import type { EditorClient } from '../helpers/editor-client.ts';

/** What waitForSameState compares: the Yjs state vector and the document's JSON. */
export function stateKey(client: EditorClient): string {
  return `${Buffer.from(Y.encodeStateVector(client.doc)).toString('hex')}|${JSON.stringify(client.json())}`;
}
