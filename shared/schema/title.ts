import { mergeAttributes, Node } from '@tiptap/core';
import { headingMarkdown } from '../export/markdown-escape.ts';

/**
 * The statement's title: always the document's first node, plain text without marks.
 * It is co-edited like the rest of the text and covered by the content hash, so the
 * title a partner signed off on is exactly the title that is published.
 */
export const Title = Node.create({
  name: 'title',
  content: 'text*',
  marks: '',
  defining: true,

  parseHTML() {
    return [{ tag: 'h1[data-type="title"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['h1', mergeAttributes(HTMLAttributes, { 'data-type': 'title' }), 0];
  },

  // In Markdown the title is the document's first level-1 heading.
  renderMarkdown: (node, helpers) => (node.content ? headingMarkdown(1, helpers.renderChildren(node.content)) : ''),
});
