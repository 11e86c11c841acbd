import Heading from '@tiptap/extension-heading';
import Paragraph from '@tiptap/extension-paragraph';
import { escapeBlockStarts, escapeHeadingEnd } from '../export/markdown-escape.ts';

/**
 * Paragraphs whose Markdown stays a paragraph: text that would open a block at the start of
 * a line ("1. ", "# ", "- ", "---", four spaces…) is escaped. Empty paragraphs have no
 * Markdown form and are left out of the export.
 */
export const StatementParagraph = Paragraph.extend({
  renderMarkdown: (node, helpers) => (node.content?.length ? escapeBlockStarts(helpers.renderChildren(node.content)) : ''),
});

/** Headings whose text may end in "#" without it being read as a closing sequence. */
export const StatementHeading = Heading.extend({
  renderMarkdown: (node, helpers) => {
    if (!node.content) return '';
    const level = Number(node.attrs?.level) || 1;
    return `${'#'.repeat(level)} ${escapeHeadingEnd(helpers.renderChildren(node.content))}`;
  },
});
