import { getSchema, type AnyExtension } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import StarterKit from '@tiptap/starter-kit';
import { StatementCodeBlock } from './code-block.ts';
import { StatementLink } from './link.ts';
import { PasteCleanup } from './paste-cleanup.ts';
import { StatementHeading, StatementParagraph } from './text-blocks.ts';
import { Title } from './title.ts';

export { isSafeLinkTarget } from './link.ts';

/** A statement is its title followed by at least one block of body text. */
const StatementDocument = Document.extend({ content: 'title block+' });

/**
 * The one list of Tiptap extensions that defines a statement's schema. The browser
 * editor, the server's validation, seeding, hashing and exports all build on it.
 *
 * Editor-only behaviour (collaboration, carets, placeholders) is added by the client on
 * top of this list; it must never add node or mark types.
 */
export function statementExtensions(): AnyExtension[] {
  return [
    StatementDocument,
    Title,
    StarterKit.configure({
      document: false,
      // Yjs owns history in a shared document; ProseMirror's undo would undo other people's edits.
      undoRedo: false,
      // Replaced below by versions whose Markdown and links are safe to export.
      paragraph: false,
      heading: false,
      codeBlock: false,
      link: false,
    }),
    StatementParagraph,
    StatementCodeBlock,
    StatementHeading,
    StatementLink,
    PasteCleanup,
  ];
}

/** The ProseMirror schema built from {@link statementExtensions}. */
export const statementSchema = getSchema(statementExtensions());

/** Name of the Y.XmlFragment holding the document (Tiptap's default field). */
export const STATEMENT_FRAGMENT = 'default';
