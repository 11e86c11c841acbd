import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StatementParams } from '../../shared/api/statements.ts';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import { statementToMarkdown } from '../../shared/export/markdown.ts';
import { statementHtmlDocument, STATEMENT_CSS } from '../export/html-page.ts';
import { RenderCache, type Rendered } from '../export/render-cache.ts';
import { exportMeta, exportSourceOf, loadKeptText, loadSignatories, type ExportSignatories } from '../export/statement-source.ts';
import { AddressRateLimit } from '../http/anonymous-rate-limit.ts';
import { parseInput } from '../http/validate.ts';
import type { StatementRow } from '../storage/store.ts';
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

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p>There is no published statement here.</p></body></html>';

/** The page itself and its two downloads. */
type Variant = 'page' | 'html' | 'md';

/** A published statement as the public sees it now: what its renders read, named by `key`. */
interface Edition {
  statement: StatementRow & { publishedHash: string };
  signatories: ExportSignatories;
  key: string;
}

/**
 * Names everything a public render reads besides the renderer itself: the statement id, the
 * published hash (which fixes the text and so its title), the statement's own title (used
 * when the text has none), the publication date, and the signatory list as it is now (names,
 * who signed and when, order). A later sign-on, a withdrawal, a rename or a new order changes
 * the key, so a cached render can never outlive its inputs; nothing needs invalidating.
 */
function editionKey(statement: Edition['statement'], signatories: ExportSignatories): string {
  const inputs = [statement.id, statement.publishedHash, statement.title, statement.publishedAt, signatories];
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
}

/** Public-page caches by app (the services object is shared by every encapsulation level); tests and benchmarks read their counters. */
const caches = new WeakMap<object, RenderCache>();

export function publicPageCacheOf(app: FastifyInstance): RenderCache | undefined {
  return caches.get(app.jointly);
}

function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * The public face of a published statement, readable without login and without
 * JavaScript: GET /s/:id (server-rendered page), /s/:id.html and /s/:id.md (downloads).
 * Anything not published answers 404 as if it did not exist.
 *
 * Every request costs at most three small reads (the statement; participants and sign-offs
 * for the key) before it is answered from the cache: a page is rendered once per edition and
 * variant, and re-rendered only after eviction. Every request first passes the per-address
 * anonymous rate limit (429 RATE_LIMITED with Retry-After). Responses carry the edition key
 * as a strong ETag; a matching If-None-Match gets 304 without rendering.
 */
export async function publicPageRoutes(app: FastifyInstance): Promise<void> {
  const { store, config } = app.jointly;
  const limit = new AddressRateLimit(config.anonymousLimits);
  const cache = new RenderCache(config.publicPageCacheBytes);
  caches.set(app.jointly, cache);

  // Registered inside this plugin, so it covers exactly the /s/ routes below.
  app.addHook('onRequest', async (request, reply) => limit.refuseIfExceeded(request, reply));

  /** The edition, or null when nothing is published under this id (decided per request, never cached). */
  async function findEdition(params: unknown): Promise<Edition | null> {
    const { id } = parseInput(StatementParams, params);
    const row = await store.statements.get(id);
    if (!row || row.status !== 'published' || !row.publishedHash) return null;
    const statement = { ...row, publishedHash: row.publishedHash };
    const signatories = await loadSignatories(store, statement, statement.publishedHash);
    return { statement, signatories, key: editionKey(statement, signatories) };
  }

  async function render(edition: Edition, variant: Variant): Promise<Rendered> {
    const { statement, signatories } = edition;
    const doc = await loadKeptText(store, statement.id, statement.publishedHash);
    const source = exportSourceOf(statement, doc, statement.publishedHash, signatories);
    if (variant === 'page') {
      const id = escapeHtml(statement.id);
      const hash = escapeHtml(source.contentHash);
      const downloads = `<footer class="downloads"><p>Download: <a href="/s/${id}.html" download>HTML</a> · <a href="/s/${id}.md" download>Markdown</a></p><p>Content hash (SHA-256): <code>${hash}</code></p></footer>`;
      const html = await statementHtmlDocument(source, source.title, { stylesheet: '/s/public.css', extra: downloads });
      return { body: Buffer.from(html), headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    const text = variant === 'html' ? await statementHtmlDocument(source, source.title) : statementToMarkdown(source.doc, exportMeta(source));
    return {
      body: Buffer.from(text),
      headers: {
        'content-type': variant === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="${fileNameFor(source.title, variant)}"`,
      },
    };
  }

  async function serve(request: FastifyRequest, reply: FastifyReply, variant: Variant) {
    const edition = await findEdition(request.params);
    if (!edition) return hardenPublic(reply).code(404).type('text/html; charset=utf-8').send(NOT_FOUND_PAGE);
    const etag = `"${edition.key}.${variant}"`;
    hardenPublic(reply).header('etag', etag);
    if (matchesEtag(request, etag)) return reply.code(304).send();
    const rendered = await cache.get(`${edition.key}.${variant}`, () => render(edition, variant));
    return reply.headers(rendered.headers).send(rendered.body);
  }

  app.get('/s/public.css', async (_request, reply) => hardenPublic(reply).type('text/css; charset=utf-8').send(STATEMENT_CSS));
  app.get('/s/:id', async (request, reply) => serve(request, reply, 'page'));
  app.get('/s/:id.html', async (request, reply) => serve(request, reply, 'html'));
  app.get('/s/:id.md', async (request, reply) => serve(request, reply, 'md'));
}
