import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { MAX_TITLE_LENGTH } from '../../shared/api/statements.ts';

export const titleLimitKey = new PluginKey('titleLimit');

/** Characters of the title node (the document's first node). */
function titleLength(doc: { firstChild: { textContent: string } | null }): number {
  return doc.firstChild?.textContent.length ?? 0;
}

/**
 * The title cannot grow past MAX_TITLE_LENGTH characters by this person's edits: a local
 * transaction that would make a title longer than the limit (typing, pasting, dropping) is
 * refused as a whole; one that shortens it, or leaves it as long as it was, always passes.
 * Changes that arrive from the shared document (other people, the server) are never refused:
 * refusing them would make this editor differ from the Y.Doc. Concurrent edits may therefore
 * exceed the limit together; the server lists the title cut to the limit (server/collab).
 */
export const TitleLimit = Extension.create({
  name: 'titleLimit',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: titleLimitKey,
        filterTransaction(transaction, state) {
          if (!transaction.docChanged || isChangeOrigin(transaction)) return true;
          const after = titleLength(transaction.doc);
          return after <= MAX_TITLE_LENGTH || after <= titleLength(state.doc);
        },
      }),
    ];
  },
});
