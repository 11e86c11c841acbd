import { escapeHtml } from '../../shared/export/export-meta.ts';
import { statementToHtmlFragment } from '../../shared/export/html.ts';
import { htmlSanitizer } from './html-sanitizer.ts';
import { exportMeta, type ExportSource } from './statement-source.ts';

/** A small print-friendly stylesheet, for downloads (inline) and the public page (/s/public.css). */
export const STATEMENT_CSS = `
body { font: 17px/1.6 Georgia, 'Times New Roman', serif; color: #1d1d1f; margin: 0; background: #fff; }
main { max-width: 42rem; margin: 3rem auto; padding: 0 1.25rem; }
h1 { font-size: 2rem; line-height: 1.25; }
h2, h3 { line-height: 1.3; }
a { color: #1d4ed8; }
blockquote { border-left: 3px solid #cbd5e1; margin-left: 0; padding-left: 1rem; color: #374151; }
pre { background: #f3f4f6; padding: .75rem; overflow-x: auto; }
.statement-date { color: #4b5563; font-style: italic; }
.signatories, .certificate { margin-top: 2.5rem; border-top: 1px solid #d1d5db; padding-top: 1rem; }
.certificate { font-size: .9rem; }
.certificate code { word-break: break-all; }
.certificate dt { font-weight: bold; }
.certificate dd { margin: 0 0 .5rem; }
.signatories ul { list-style: none; padding: 0; columns: 2; }
.downloads { margin-top: 2rem; font-family: system-ui, sans-serif; font-size: .9rem; }
.downloads code { overflow-wrap: anywhere; }
@media print { main { margin: 0; max-width: none; } .downloads { display: none; } a { color: inherit; } }
`.trim();

/**
 * A complete HTML document around the statement. `stylesheet` links an external sheet
 * (the public page, whose CSP forbids inline styles); otherwise the CSS is inlined so the
 * downloaded file stands alone.
 */
export async function statementHtmlDocument(
  source: ExportSource,
  title: string,
  options: { stylesheet?: string; extra?: string; certificate?: boolean } = {},
): Promise<string> {
  const sanitize = await htmlSanitizer();
  const style = options.stylesheet ? `<link rel="stylesheet" href="${escapeHtml(options.stylesheet)}">` : `<style>${STATEMENT_CSS}</style>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta property="og:title" content="${escapeHtml(title)}">
<meta name="content-hash" content="${escapeHtml(source.contentHash)}">
${style}
</head>
<body>
<main>
${statementToHtmlFragment(source.doc, exportMeta(source, options.certificate), sanitize)}
${options.extra ?? ''}
</main>
</body>
</html>
`;
}
