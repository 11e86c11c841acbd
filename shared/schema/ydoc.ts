import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { STATEMENT_FRAGMENT, statementSchema } from './extensions.ts';

/**
 * The statement held by a Y.Doc as schema-normalized ProseMirror JSON. Content the schema
 * does not allow is dropped by the conversion, so the result is always a valid statement.
 */
export function statementJSONFromYDoc(ydoc: Y.Doc): JSONContent {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(STATEMENT_FRAGMENT), statementSchema).toJSON() as JSONContent;
}

/**
 * Writes a statement document into an empty Y.Doc's fragment.
 * Throws a RangeError when `json` is not a valid statement for the schema.
 */
export function writeStatementJSONToYDoc(ydoc: Y.Doc, json: JSONContent): void {
  const node = statementSchema.nodeFromJSON(json);
  node.check();
  prosemirrorJSONToYXmlFragment(statementSchema, node.toJSON(), ydoc.getXmlFragment(STATEMENT_FRAGMENT));
}

/** The plain text of the title node (the fragment's first element), '' when there is none. */
export function readTitle(ydoc: Y.Doc): string {
  const first = ydoc.getXmlFragment(STATEMENT_FRAGMENT).get(0);
  if (!(first instanceof Y.XmlElement) || first.nodeName !== 'title') return '';
  let text = '';
  for (const child of first.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) {
        if (typeof op.insert === 'string') text += op.insert;
      }
    }
  }
  return text.trim();
}
