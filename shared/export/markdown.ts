import type { JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import { statementExtensions, statementSchema } from '../schema/extensions.ts';
import { CERTIFICATE_INTRO, certificateLines, formatDate, signatoryLine, type ExportMeta } from './export-meta.ts';
import { escapeMarkdownText } from './markdown-escape.ts';

let manager: MarkdownManager | undefined;

function markdownManager(): MarkdownManager {
  manager ??= new MarkdownManager({ extensions: statementExtensions() });
  return manager;
}

/**
 * A statement document as CommonMark (with GFM strikethrough): the title as the first
 * level-1 heading, then the body. Text is escaped so it reads back as the same text, raw
 * HTML is neutralized to entities, and only http, https and mailto links are written.
 * Empty paragraphs have no Markdown form and are left out.
 */
export function documentToMarkdown(doc: JSONContent): string {
  return `${markdownManager().serialize(exportable(doc)).trim()}\n`;
}

/**
 * The document as Markdown can carry it, whatever a client wrote into the Y.Doc:
 * - no empty paragraphs between blocks (a container keeps at least one block);
 * - ordered lists start at a whole number;
 * - inline text has no line breaks (a text node can hold "\n"; a new line could start a
 *   block, raw HTML included), so they become spaces;
 * - inline code holding a backtick loses its code mark: a backtick would close the span
 *   early and let the rest be read as Markdown. The text itself is kept, escaped.
 */
function exportable(node: JSONContent, inCodeBlock = false): JSONContent {
  if (node.type === 'text') {
    if (inCodeBlock) return node;
    const text = (node.text ?? '').replace(/[\r\n]+/g, ' ');
    const marks = text.includes('`') ? node.marks?.filter((mark) => mark.type !== 'code') : node.marks;
    return { ...node, text, ...(marks ? { marks } : {}) };
  }
  if (!node.content) return node;
  let content = node.content.map((child) => exportable(child, inCodeBlock || node.type === 'codeBlock'));
  if (node.type === 'doc' || node.type === 'blockquote') {
    const kept = content.filter((child) => child.type !== 'paragraph' || (child.content?.length ?? 0) > 0);
    content = kept.length > 0 ? kept : content.slice(0, 1);
  }
  const start = Number(node.attrs?.start);
  const attrs = node.type === 'orderedList' ? { ...node.attrs, start: Number.isSafeInteger(start) && start >= 0 ? start : 1 } : node.attrs;
  return { ...node, ...(attrs ? { attrs } : {}), content };
}

/**
 * Markdown as a statement document through the statement schema. The first block becomes
 * the title when it is a level-1 heading (as {@link documentToMarkdown} writes it) or when
 * `title` is not given; otherwise `title` is the title and every block is body text.
 */
export function markdownToDocument(markdown: string, title?: string): JSONContent {
  const blocks = (markdownManager().parse(markdown).content ?? []).filter((block) => block.type !== 'title');
  let titleText: JSONContent[] = title ? [{ type: 'text', text: title }] : [];
  const first = blocks[0];
  if (title === undefined && first?.type === 'heading' && first.attrs?.level === 1) {
    blocks.shift();
    titleText = (first.content ?? []).filter((node) => node.type === 'text').map(({ type, text }) => ({ type, text }));
  }
  const doc = { type: 'doc', content: [{ type: 'title', content: titleText }, ...(blocks.length ? blocks : [{ type: 'paragraph' }])] };
  // Normalized through the schema: unknown attributes dropped, defaults filled in.
  return statementSchema.nodeFromJSON(doc).toJSON() as JSONContent;
}

/** The statement as Markdown: the text, the date line, the signatory list and the optional certificate. */
export function statementToMarkdown(doc: JSONContent, meta: ExportMeta): string {
  const parts = [documentToMarkdown(doc).trim()];
  if (meta.date) parts.push(`*${formatDate(meta.date)}*`);
  if (meta.signatories.length) parts.push(`## Signatories\n\n${meta.signatories.map((s) => `- ${escapeMarkdownText(signatoryLine(s))}`).join('\n')}`);
  if (meta.certificate) {
    const lines = certificateLines(meta).map((line) => `- **${escapeMarkdownText(line.name)}**: ${escapeMarkdownText(line.detail)}`);
    parts.push(`## Certificate\n\n${CERTIFICATE_INTRO}\n\nContent hash: \`${meta.certificate.contentHash}\`${lines.length ? `\n\n${lines.join('\n')}` : ''}`);
  }
  return `${parts.join('\n\n')}\n`;
}
