import type { JSONContent } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html';
import { statementExtensions, statementSchema } from '../schema/extensions.ts';
import { CERTIFICATE_INTRO, certificateLines, escapeHtml, formatDate, signatoryLine, type ExportMeta } from './export-meta.ts';
import type { HtmlSanitizer } from './html-sanitizer.ts';

export { createHtmlSanitizer, type HtmlSanitizer } from './html-sanitizer.ts';

/** The document's HTML as the schema renders it: `<h1 data-type="title">` then the body blocks. */
export function documentToHtml(doc: JSONContent): string {
  return generateHTML(doc, statementExtensions());
}

/**
 * HTML as a statement document through the statement schema's parse rules (anything they do
 * not know is dropped, its text kept). An `<h1 data-type="title">` is the title; when the
 * HTML has none, `title` is.
 */
export function htmlToDocument(html: string, title = ''): JSONContent {
  const hasTitle = /<h1\b[^>]*\sdata-type\s*=\s*(["']?)title\1[\s/>]/i.test(html);
  const json = generateJSON(hasTitle ? html : `<h1 data-type="title">${escapeHtml(title)}</h1>${html}`, statementExtensions());
  return statementSchema.nodeFromJSON(json).toJSON() as JSONContent;
}

/**
 * The statement as a sanitized HTML fragment: the text rendered through the shared schema,
 * then the date line, the signatory list and, when asked for, the certificate. The text and
 * the export's own parts are sanitized apart, so nothing in the text can pass for them.
 */
export function statementToHtmlFragment(doc: JSONContent, meta: ExportMeta, sanitize: HtmlSanitizer): string {
  const body = documentToHtml(doc);
  const date = meta.date ? `<p class="statement-date"><time datetime="${escapeHtml(meta.date)}">${escapeHtml(formatDate(meta.date))}</time></p>` : '';
  const signatories = meta.signatories.length
    ? `<section class="signatories" aria-labelledby="signatories-heading"><h2 id="signatories-heading">Signatories</h2><ul>${meta.signatories
        .map((s) => `<li>${escapeHtml(signatoryLine(s))}</li>`)
        .join('')}</ul></section>`
    : '';
  return `<article class="statement">${sanitize.text(body)}${sanitize.ownParts(`${date}${signatories}${certificateHtml(meta)}`)}</article>`;
}

function certificateHtml(meta: ExportMeta): string {
  if (!meta.certificate) return '';
  const lines = certificateLines(meta)
    .map((line) => `<dt>${escapeHtml(line.name)}</dt><dd>${escapeHtml(line.detail)}</dd>`)
    .join('');
  return `<section class="certificate" aria-labelledby="certificate-heading"><h2 id="certificate-heading">Certificate</h2><p>${escapeHtml(CERTIFICATE_INTRO)}</p><p>Content hash: <code>${escapeHtml(meta.certificate.contentHash)}</code></p>${lines ? `<dl>${lines}</dl>` : ''}</section>`;
}
