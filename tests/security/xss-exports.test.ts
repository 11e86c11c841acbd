import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { activeParts } from './active-content.ts';
import { XSS_PAYLOADS } from './xss-corpus.ts';

describe('XSS corpus: nothing active survives in exports or on the public page', () => {
  let server: TestServer;
  let author: Person;
  const published: { payload: string; id: string }[] = [];

  beforeAll(async () => {
    server = await startServer();
    author = await signUp(server.baseUrl, 'Author', 'Base Org');
    for (const [index, payload] of XSS_PAYLOADS.entries()) {
      // The payload is the organization's name, the title, literal text, raw HTML in the source, and a link target.
      // Numbered: organization names must read differently, and several payloads differ only in case or punctuation.
      const org = await api<{ org: { id: string } }>(server.baseUrl, 'POST', '/api/orgs', { name: `${payload.slice(0, 110)} #${index}` }, { as: author });
      expect(org.status, payload).toBe(201);
      const html = `<p>${escapeHtml(payload)}</p>${payload}<p><a href="${escapeHtml(payload)}">the link</a></p>`;
      const created = await api<{ statement: StatementDetail }>(
        server.baseUrl,
        'POST',
        '/api/statements',
        { title: payload.slice(0, 300), leadOrgId: org.body.org.id, html },
        { as: author },
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
      const rendered = new MarkdownIt({ html: true }).render(md);
      const active = activeParts(`<!doctype html><html><body>${rendered}</body></html>`, false);
      if (active.length) failures.push(`${JSON.stringify(payload)} → ${active.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});
