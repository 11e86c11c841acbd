import type { FastifyInstance } from 'fastify';
import { ExportQuery } from '../../shared/api/export.ts';
import { StatementParams } from '../../shared/api/statements.ts';
import { statementToHtmlFragment } from '../../shared/export/html.ts';
import { statementToMarkdown } from '../../shared/export/markdown.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { statementHtmlDocument } from '../export/html-page.ts';
import { htmlSanitizer } from '../export/html-sanitizer.ts';
import { exportMeta, loadExportSource } from '../export/statement-source.ts';
import { defineRoute } from '../http/route.ts';

/** A file name from the title: lower-case ASCII words joined by dashes. */
export function fileNameFor(title: string, extension: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 80);
  return `${slug || 'statement'}.${extension}`;
}

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const { store, collaboration } = app.jointly;

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id/export',
      tag: 'export',
      summary: 'Download the text and its signatory list as HTML or Markdown (participants; any status)',
      auth: 'session',
      params: StatementParams,
      query: ExportQuery,
      errors: ['STATEMENT_NOT_FOUND', 'NOT_FOUND'],
    },
    async ({ params, query, user, reply }) => {
      const { statement } = await requireStatementAccess(store, params.id, user.id);
      const source = await loadExportSource(store, collaboration, statement, query.version);
      const isHtml = query.format === 'html';
      const certificate = query.certificate === 'true';
      reply
        .header('content-disposition', `attachment; filename="${fileNameFor(source.title, query.format)}"`)
        .type(isHtml ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
        .header('x-content-hash', source.contentHash)
        // A download, never a page of this origin: no sniffing, and sandboxed should it render.
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      if (!isHtml) return statementToMarkdown(source.doc, exportMeta(source, certificate)) as never;
      if (query.fragment === 'true') return statementToHtmlFragment(source.doc, exportMeta(source, certificate), await htmlSanitizer()) as never;
      return (await statementHtmlDocument(source, source.title, { certificate })) as never;
    },
  );
}
