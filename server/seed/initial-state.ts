import type { JSONContent } from '@tiptap/core';
import { generateJSON } from '@tiptap/html/server';
import { MarkdownManager } from '@tiptap/markdown';
import * as Y from 'yjs';
import { statementExtensions } from '../../shared/schema/extensions.ts';
import { writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';
import { Y_DOC_OPTIONS } from '../collab/replay.ts';

export interface SeedSource {
  title: string;
  markdown?: string | undefined;
  html?: string | undefined;
  /** A Word file; the seed worker turns it into `html` (mammoth) before conversion. */
  docxBase64?: string | undefined;
}

let markdownManager: MarkdownManager | undefined;

/** The body blocks of a Markdown or HTML source, converted through the statement schema. */
export function seedBodyBlocks(source: SeedSource): JSONContent[] {
  let body: JSONContent | undefined;
  if (source.markdown !== undefined) {
    markdownManager ??= new MarkdownManager({ extensions: statementExtensions() });
    body = markdownManager.parse(source.markdown);
  } else if (source.html !== undefined) {
    // The schema wants a title first; give the parser an empty one so the source's first
    // block stays a body block instead of being poured into the title.
    body = generateJSON(`<h1 data-type="title"></h1>${source.html}`, statementExtensions());
  }
  // Parsers may produce a title node of their own; only the given title is the title.
  const blocks = (body?.content ?? []).filter((block) => block.type !== 'title');
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
    content: [{ type: 'title', content: [{ type: 'text', text: source.title }] }, ...seedBodyBlocks(source)],
  };
  const ydoc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    writeStatementJSONToYDoc(ydoc, json);
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}
