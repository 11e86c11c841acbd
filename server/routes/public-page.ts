import type { FastifyInstance, FastifyReply } from 'fastify';
import { StatementParams } from '../../shared/api/statements.ts';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import { statementToMarkdown } from '../../shared/export/markdown.ts';
import { statementHtmlDocument, STATEMENT_CSS } from '../export/html-page.ts';
import { exportMeta, loadExportSource } from '../export/statement-source.ts';
import { parseInput } from '../http/validate.ts';
import { fileNameFor } from './export.ts';

/** No scripts, no inline styles, nothing from elsewhere: the page is text and one stylesheet. */
const PUBLIC_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function hardenPublic(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PUBLIC_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'public, max-age=60');
}

/**
 * The public face of a published statement, readable without login and without
 * JavaScript: GET /s/:id (server-rendered page), /s/:id.html and /s/:id.md (downloads).
 * Anything not published answers 404 as if it did not exist.
 */
export async function publicPageRoutes(app: FastifyInstance): Promise<void> {
  const { store, collaboration } = app.jointly;

  async function publishedSource(params: unknown) {
    const { id } = parseInput(StatementParams, params);
    const statement = await store.statements.get(id);
    if (!statement || statement.status !== 'published') return null;
    return { statement, source: await loadExportSource(store, collaboration, statement, 'published') };
  }

  function notFound(reply: FastifyReply) {
    return hardenPublic(reply).code(404).type('text/html; charset=utf-8').send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p>There is no published statement here.</p></body></html>',
    );
  }

  app.get('/s/public.css', async (_request, reply) => hardenPublic(reply).type('text/css; charset=utf-8').send(STATEMENT_CSS));

  app.get('/s/:id', async (request, reply) => {
    const found = await publishedSource(request.params);
    if (!found) return notFound(reply);
    const id = escapeHtml(found.statement.id);
    const hash = escapeHtml(found.source.contentHash);
    const downloads = `<footer class="downloads"><p>Download: <a href="/s/${id}.html" download>HTML</a> · <a href="/s/${id}.md" download>Markdown</a></p><p>Content hash (SHA-256): <code>${hash}</code></p></footer>`;
    return hardenPublic(reply)
      .type('text/html; charset=utf-8')
      .send(await statementHtmlDocument(found.source, found.source.title, { stylesheet: '/s/public.css', extra: downloads }));
  });

  for (const format of ['html', 'md'] as const) {
    app.get(`/s/:id.${format}`, async (request, reply) => {
      const found = await publishedSource(request.params);
      if (!found) return notFound(reply);
      return hardenPublic(reply)
        .header('content-disposition', `attachment; filename="${fileNameFor(found.source.title, format)}"`)
        .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
        .send(
          format === 'html'
            ? await statementHtmlDocument(found.source, found.source.title)
            : statementToMarkdown(found.source.doc, exportMeta(found.source)),
        );
    });
  }
}
