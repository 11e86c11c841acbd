import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { htmlToDocument } from '../../shared/export/html.ts';
import { markdownToDocument } from '../../shared/export/markdown.ts';
import { writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';
import { Y_DOC_OPTIONS } from '../collab/replay.ts';

export interface SeedSource {
  title: string;
  markdown?: string | undefined;
  html?: string | undefined;
  /** A Word file; the seed worker turns it into `html` (mammoth) before conversion. */
  docxBase64?: string | undefined;
}

/**
 * The body blocks of a Markdown or HTML source, converted through the statement schema by
 * the same shared code the exports use. The given title is the title: a source's own first
 * heading stays body text, and the title element of a Jointly HTML export is replaced.
 */
export function seedBodyBlocks(source: SeedSource): JSONContent[] {
  const parsed =
    source.markdown !== undefined
      ? markdownToDocument(source.markdown, source.title)
      : source.html !== undefined
        ? htmlToDocument(source.html, source.title)
        : undefined;
  const blocks = (parsed?.content ?? []).filter((block) => block.type !== 'title');
  return blocks.length > 0 ? blocks : [{ type: 'paragraph' }];
}

/**
 * The first state of a new statement's document, as one Yjs update: the title node then the
 * body. It is stored with the statement in one transaction, so a document is seeded exactly
 * once; loading and reconnecting only ever replay stored state.
 *
 * Throws a RangeError when the source converts to content the schema rejects.
 */
export function buildInitialState(source: SeedSource): Uint8Array {
  const json: JSONContent = {
    type: 'doc',
    // An empty title is an empty node (ProseMirror has no empty text nodes).
    content: [{ type: 'title', ...(source.title ? { content: [{ type: 'text', text: source.title }] } : {}) }, ...seedBodyBlocks(source)],
  };
  const ydoc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    writeStatementJSONToYDoc(ydoc, json);
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}
