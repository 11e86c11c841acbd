import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { cleanPastedHtml } from '../import/pasted-html.ts';

/**
 * Rich text pasted from Word or Google Docs keeps its headings, lists, bold, italic and
 * links; the rest is dropped by the schema's parse rules. Adds no node or mark types.
 */
export const PasteCleanup = Extension.create({
  name: 'pasteCleanup',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pasteCleanup'),
        props: {
          transformPastedHTML: (html) => (typeof DOMParser === 'undefined' ? html : cleanPastedHtml(html, new DOMParser())),
        },
      }),
    ];
  },
});
