import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';
import { activeParts } from './active-content.ts';
import { XSS_PAYLOADS } from './xss-corpus.ts';

/**
 * The schema refuses unsafe content on every way in, and admission refuses it at the
 * collaboration door; but a Y.Doc holds whatever is written into it. Here the payloads are
 * written straight into the shared document past the door, as a server-side write (what a
 * document stored before admission existed may hold): link targets and titles, code-block
 * languages, list starts, inline code, text with line breaks; and a signatory is named with
 * one. The exports and their certificate must still be inert.
 */
describe('XSS written straight into the shared document', () => {
  let server: TestServer;
  let lead: Person;
  let statement: StatementDetail;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, `<img src=x onerror=alert(1)>"'><script>alert(2)</script>`, 'Crafted Org');
    statement = await createStatement(server.baseUrl, { title: 'Crafted', markdown: 'x' }, lead);
    const crafter = await server.app.jointly.collaboration.hocuspocus.openDirectConnection(statementDocumentName(statement.id), {});
    await crafter.transact((doc) => {
      for (const payload of XSS_PAYLOADS) {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        text.insert(0, payload, { link: { href: payload, target: payload, rel: payload, class: payload, title: payload } });
        // A safe target with a title of several lines; inline code; a line break inside text.
        const sneaky = new Y.XmlText();
        sneaky.insert(0, 'titled', { link: { href: 'https://ok.example', title: `x\n${payload}\n` } });
        sneaky.insert(sneaky.length, ` ${payload} \`${payload}`, { code: {} });
        sneaky.insert(sneaky.length, `\n${payload}\n\n${payload}`);
        paragraph.insert(0, [text, sneaky]);
        const code = new Y.XmlElement('codeBlock');
        code.setAttribute('language', payload);
        code.insert(0, [new Y.XmlText(payload)]);
        const list = new Y.XmlElement('orderedList');
        list.setAttribute('start', payload as never);
        const item = new Y.XmlElement('listItem');
        const inner = new Y.XmlElement('paragraph');
        inner.insert(0, [new Y.XmlText(payload)]);
        item.insert(0, [inner]);
        list.insert(0, [item]);
        doc.getXmlFragment(STATEMENT_FRAGMENT).push([paragraph, code, list]);
      }
    });
    // Sign the crafted text and publish it, so the public page shows it too.
    let detail = statement;
    await waitFor(
      async () => {
        detail = (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${statement.id}`, undefined, { as: lead })).body.statement;
        return detail.contentHash !== statement.contentHash;
      },
      'the content hash to follow the crafted edit',
      5_000,
      50,
    );
    expect(
      (await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: lead.orgId, contentHash: detail.contentHash }, { as: lead }))
        .status,
    ).toBe(201);
    expect((await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/publish`, undefined, { as: lead })).status).toBe(200);
    await crafter.disconnect();
  }, 60_000);
  afterAll(async () => server.close());

  async function download(format: 'html' | 'md'): Promise<string> {
    const response = await fetch(`${server.baseUrl}/api/statements/${statement.id}/export?format=${format}&certificate=true`, {
      headers: { cookie: lead.cookie },
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('the HTML export with its certificate is inert, and the payloads are still there as text', async () => {
    const html = await download('html');
    expect(activeParts(html, true)).toEqual([]);
    expect(html).toContain('Certificate');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('the Markdown export with its certificate, rendered with raw HTML allowed, is inert', async () => {
    const rendered = new MarkdownIt({ html: true }).render(await download('md'));
    expect(activeParts(`<!doctype html><html><body>${rendered}</body></html>`, false)).toEqual([]);
  });

  it('the public page is inert', async () => {
    expect(activeParts(await (await fetch(`${server.baseUrl}/s/${statement.id}`)).text(), false)).toEqual([]);
  });
});
