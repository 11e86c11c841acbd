import Heading from '@tiptap/extension-heading';
import Paragraph from '@tiptap/extension-paragraph';
import { escapeBlockStarts, headingMarkdown } from '../export/markdown-escape.ts';

/**
 * Paragraphs whose Markdown stays a paragraph: text that would open a block at the start of
 * a line ("1. ", "# ", "- ", "---", four spaces…) is escaped. Empty paragraphs have no
 * Markdown form and are left out of the export.
 */
export const StatementParagraph = Paragraph.extend({
  renderMarkdown: (node, helpers) => (node.content?.length ? escapeBlockStarts(helpers.renderChildren(node.content)) : ''),
});

/** Headings that stay one heading in Markdown: see {@link headingMarkdown}. */
export const StatementHeading = Heading.extend({
  renderMarkdown: (node, helpers) => {
    if (!node.content) return '';
    const level = Number(node.attrs?.level);
    return headingMarkdown(Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1, helpers.renderChildren(node.content));
  },
});
