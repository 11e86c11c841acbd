import type { JSONContent } from '@tiptap/core';
import { Fragment, type Attrs, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { STATEMENT_FRAGMENT, statementSchema } from './extensions.ts';

/**
 * The statement held by a Y.Doc as schema-normalized ProseMirror JSON. Content the schema
 * does not allow is left out of the result, so the result is always a valid statement.
 *
 * Read-only: unlike y-prosemirror's own conversion (which deletes, in the Y.Doc, every element
 * it cannot convert), this never changes the document. The server converts documents to hash
 * and export them and must never "repair" one by deleting what a person wrote. For valid
 * content the result equals y-prosemirror's, node for node and mark for mark.
 */
export function statementJSONFromYDoc(ydoc: Y.Doc): JSONContent {
  const children = ydoc
    .getXmlFragment(STATEMENT_FRAGMENT)
    .toArray()
    .flatMap((child) => nodeFromElement(child) ?? []);
  return statementSchema.topNodeType.create(null, Fragment.from(children)).toJSON() as JSONContent;
}

function nodeFromElement(element: unknown): ProseMirrorNode | null {
  if (!(element instanceof Y.XmlElement)) return null;
  const children: ProseMirrorNode[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) {
      const node = nodeFromElement(child);
      if (node) children.push(node);
    } else if (child instanceof Y.XmlText) {
      children.push(...textNodesFrom(child));
    }
  }
  try {
    return statementSchema.node(element.nodeName, element.getAttributes(), children);
  } catch {
    return null;
  }
}

function textNodesFrom(text: Y.XmlText): ProseMirrorNode[] {
  try {
    return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map(({ insert, attributes }) => {
      if (typeof insert !== 'string') throw new RangeError('not text');
      const marks = Object.entries(attributes ?? {}).map(([key, attrs]) => statementSchema.mark(markNameOfFormatKey(key), attrs as Attrs));
      return statementSchema.text(insert, marks);
    });
  } catch {
    return [];
  }
}

/** The mark a Y.XmlText formatting key stands for: y-prosemirror suffixes the key of a mark that may overlap itself with "--" and an 8-character hash. */
export function markNameOfFormatKey(key: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
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
