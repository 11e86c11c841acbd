import { createHtmlSanitizer, type HtmlSanitizer } from '../../shared/export/html.ts';

let sanitizer: Promise<HtmlSanitizer> | undefined;

/**
 * The server's HTML sanitizer (see createHtmlSanitizer: one policy for the statement text, one
 * for the export's own parts) on one jsdom window, created on the first export (jsdom takes a
 * few hundred milliseconds to load, which start-up should not pay).
 */
export function htmlSanitizer(): Promise<HtmlSanitizer> {
  sanitizer ??= import('jsdom').then(({ JSDOM }) => createHtmlSanitizer(new JSDOM('').window));
  return sanitizer;
}
