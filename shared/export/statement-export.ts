import type { JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html';
import { MarkdownManager } from '@tiptap/markdown';
import { statementExtensions } from '../schema/extensions.ts';

/** What goes out with the text: the signatory block in print order and an optional date line. */
export interface ExportMeta {
  signatories: readonly { name: string }[];
  /** ISO date-time, printed as a date (e.g. the publication time). */
  date?: string | null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The statement as an HTML fragment: the text rendered through the shared schema (every
 * text node is escaped by the renderer; links keep only allowed targets), then the date
 * line and the signatory list, escaped.
 */
export function statementToHtmlFragment(doc: JSONContent, meta: ExportMeta): string {
  const body = generateHTML(doc, statementExtensions());
  const date = meta.date ? `<p class="statement-date"><time datetime="${escapeHtml(meta.date)}">${escapeHtml(formatDate(meta.date))}</time></p>` : '';
  const signatories = meta.signatories.length
    ? `<section class="signatories" aria-labelledby="signatories-heading"><h2 id="signatories-heading">Signatories</h2><ul>${meta.signatories
        .map((s) => `<li>${escapeHtml(s.name)}</li>`)
        .join('')}</ul></section>`
    : '';
  return `<article class="statement">${body}${date}${signatories}</article>`;
}

let markdown: MarkdownManager | undefined;

/** Markdown-escapes a signatory name or other plain text for a list item. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** The statement as Markdown: the text (title as the first heading), the date line and the signatory list. */
export function statementToMarkdown(doc: JSONContent, meta: ExportMeta): string {
  markdown ??= new MarkdownManager({ extensions: statementExtensions() });
  const parts = [markdown.serialize(doc).trim()];
  if (meta.date) parts.push(`*${formatDate(meta.date)}*`);
  if (meta.signatories.length) parts.push(`## Signatories\n\n${meta.signatories.map((s) => `- ${escapeMarkdownText(s.name)}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
