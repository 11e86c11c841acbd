import type { JSONContent } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html';
import createDOMPurify, { type WindowLike } from 'dompurify';
import { statementExtensions, statementSchema } from '../schema/extensions.ts';
import { CERTIFICATE_INTRO, certificateLines, escapeHtml, formatDate, type ExportMeta } from './export-meta.ts';

/** Removes anything active from HTML; see {@link createHtmlSanitizer}. */
export type HtmlSanitizer = (html: string) => string;

/** Every element and attribute an exported statement uses; nothing else survives. */
const ALLOWED_TAGS = ['article', 'section', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'em', 's', 'u', 'a', 'time', 'dl', 'dt', 'dd'];
const OWN_CLASS = /^(statement|statement-date|signatories|certificate|language-[\w#+.-]{1,40})$/;
const OWN_ID = /^(signatories|certificate)-heading$/;
const ALLOWED_ATTR = ['href', 'target', 'rel', 'title', 'start', 'datetime', 'class', 'id', 'aria-labelledby', 'data-type'];

/**
 * DOMPurify on the given window (the browser's own, or jsdom's on the server), limited to
 * the statement's elements and to http, https and mailto links. This is the last line of
 * defence: the schema's renderer already escapes text and refuses unsafe link targets.
 */
export function createHtmlSanitizer(window: WindowLike): HtmlSanitizer {
  const purify = createDOMPurify(window);
  // Classes and ids are the export's own (a Y.Doc attribute could otherwise dress statement
  // text up as the signatory block or the certificate).
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'class' && !OWN_CLASS.test(data.attrValue)) data.keepAttr = false;
    if (data.attrName === 'id' && !OWN_ID.test(data.attrValue)) data.keepAttr = false;
  });
  return (html) =>
    purify.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      // DOMPurify's own pattern with the schemes cut down to ours: a value with a scheme must
      // be http, https or mailto; plain values (a date, "title") have none and pass.
      ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
      ALLOW_DATA_ATTR: false,
    });
}

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
 * then the date line, the signatory list and, when asked for, the certificate.
 */
export function statementToHtmlFragment(doc: JSONContent, meta: ExportMeta, sanitize: HtmlSanitizer): string {
  const body = documentToHtml(doc);
  const date = meta.date ? `<p class="statement-date"><time datetime="${escapeHtml(meta.date)}">${escapeHtml(formatDate(meta.date))}</time></p>` : '';
  const signatories = meta.signatories.length
    ? `<section class="signatories" aria-labelledby="signatories-heading"><h2 id="signatories-heading">Signatories</h2><ul>${meta.signatories
        .map((s) => `<li>${escapeHtml(s.name)}</li>`)
        .join('')}</ul></section>`
    : '';
  return sanitize(`<article class="statement">${body}${date}${signatories}${certificateHtml(meta)}</article>`);
}

function certificateHtml(meta: ExportMeta): string {
  if (!meta.certificate) return '';
  const lines = certificateLines(meta)
    .map((line) => `<dt>${escapeHtml(line.name)}</dt><dd>${escapeHtml(line.detail)}</dd>`)
    .join('');
  return `<section class="certificate" aria-labelledby="certificate-heading"><h2 id="certificate-heading">Certificate</h2><p>${escapeHtml(CERTIFICATE_INTRO)}</p><p>Content hash: <code>${escapeHtml(meta.certificate.contentHash)}</code></p>${lines ? `<dl>${lines}</dl>` : ''}</section>`;
}
