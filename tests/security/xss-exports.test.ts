import { Window } from 'happy-dom';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { XSS_PAYLOADS } from './xss-corpus.ts';

const ACTIVE_ELEMENTS = 'script, iframe, frame, object, embed, applet, svg, math, form, input, button, textarea, select, base, meta[http-equiv], audio, video, source, marquee, details, noscript, template';
const SAFE_URL = /^(https?:\/\/|mailto:|\/s\/[A-Za-z0-9_-]+\.(html|md)$|\/s\/public\.css$|#)/i;

/** Everything in `html` that could run or leave the page unsafely; empty when the document is inert. */
function activeParts(html: string, allowOwnStylesheet: boolean): string[] {
  const window = new Window();
  const document = window.document;
  document.write(html);
  const found: string[] = [];
  for (const element of document.querySelectorAll(ACTIVE_ELEMENTS)) found.push(`<${element.tagName.toLowerCase()}>`);
  if (!allowOwnStylesheet && document.querySelectorAll('style').length > 0) found.push('<style>');
  for (const element of document.querySelectorAll('link')) {
    if (element.getAttribute('href') !== '/s/public.css') found.push(`<link href=${element.getAttribute('href')}>`);
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName.toLowerCase()}[${name}]`);
      if (name === 'style' || name === 'srcdoc') found.push(`${element.tagName.toLowerCase()}[${name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster'].includes(name)) {
        // Browsers ignore control characters and spaces inside URLs ("java\tscript:").
        // eslint-disable-next-line no-control-regex
        const value = (attribute.value ?? '').replace(/[\u0000-\u0020]/g, '');
        if (value !== '' && !SAFE_URL.test(value)) found.push(`${element.tagName.toLowerCase()}[${name}=${attribute.value}]`);
      }
    }
  }
  window.close();
  return found;
}

describe('XSS corpus: nothing active survives in exports or on the public page', () => {
  let server: TestServer;
  let author: Person;
  const published: { payload: string; id: string }[] = [];

  beforeAll(async () => {
    server = await startServer();
    author = await signUp(server.baseUrl, 'Author', 'Base Org');
    for (const payload of XSS_PAYLOADS) {
      // The payload is the organization's name, the title, literal text, raw HTML in the source, and a link target.
      const org = await api<{ org: { id: string } }>(server.baseUrl, 'POST', '/api/orgs', { name: payload.slice(0, 120) }, { as: author });
      const html = `<p>${escapeHtml(payload)}</p>${payload}<p><a href="${escapeHtml(payload)}">the link</a></p>`;
      const created = await api<{ statement: StatementDetail }>(
        server.baseUrl, 'POST', '/api/statements', { title: payload.slice(0, 300), leadOrgId: org.body.org.id, html }, { as: author },
      );
      expect(created.status, payload).toBe(201);
      const { id, contentHash } = created.body.statement;
      expect((await api(server.baseUrl, 'POST', `/api/statements/${id}/signoffs`, { orgId: org.body.org.id, contentHash }, { as: author })).status).toBe(201);
      expect((await api(server.baseUrl, 'POST', `/api/statements/${id}/publish`, undefined, { as: author })).status).toBe(200);
      published.push({ payload, id });
    }
  }, 120_000);
  afterAll(async () => server.close());

  it('has at least 100 payloads, and a checker that does flag active content', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(activeParts('<p>plain <a href="https://ok.example">link</a></p>', false)).toEqual([]);
    for (const payload of ['<script>x</script>', '<p onclick="x">', '<a href=" javascript:x">', '<img src=x onerror=y>', '<svg></svg>']) {
      expect(activeParts(payload, false), payload).not.toEqual([]);
    }
  });

  it('the HTML export is inert for every payload', async () => {
    const failures: string[] = [];
    for (const { payload, id } of published) {
      const html = await (await fetch(`${server.baseUrl}/api/statements/${id}/export?format=html`, { headers: { cookie: author.cookie } })).text();
      const active = activeParts(html, true);
      if (active.length) failures.push(`${JSON.stringify(payload)} → ${active.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the public page is inert for every payload, and its CSP forbids scripts anyway', async () => {
    const failures: string[] = [];
    for (const { payload, id } of published) {
      const response = await fetch(`${server.baseUrl}/s/${id}`);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      const active = activeParts(await response.text(), false);
      if (active.length) failures.push(`${JSON.stringify(payload)} → ${active.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the Markdown export, rendered by an independent Markdown parser that allows raw HTML, is inert for every payload', async () => {
    const failures: string[] = [];
    for (const { payload, id } of published) {
      const md = await (await fetch(`${server.baseUrl}/api/statements/${id}/export?format=md`, { headers: { cookie: author.cookie } })).text();
      const rendered = await marked.parse(md, { async: true });
      const active = activeParts(`<!doctype html><html><body>${rendered}</body></html>`, false);
      if (active.length) failures.push(`${JSON.stringify(payload)} → ${active.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});
