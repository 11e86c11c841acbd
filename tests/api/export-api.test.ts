import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { escapeMarkdownText } from '../../shared/export/markdown-escape.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/** Downloads by version (published, current, a kept hash), with the certificate, and imports of each kind. */
describe('export and import over the API', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;
  let statement: StatementDetail;
  let signedHash: string;

  const get = async () =>
    (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${statement.id}`, undefined, { as: lead })).body.statement;
  const download = (query: string, as: Person = lead) =>
    fetch(`${server.baseUrl}/api/statements/${statement.id}/export?${query}`, { headers: { cookie: as.cookie } });

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal Haddad', 'Housing Now');
    partner = await signUp(server.baseUrl, 'Dev Patel', 'Tenants Union');
    statement = await createStatement(server.baseUrl, { title: 'Winter moratorium', markdown: 'We call for a **moratorium**.' }, lead);
    await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    signedHash = statement.contentHash;
    for (const person of [lead, partner]) {
      expect(
        (await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: person.orgId, contentHash: signedHash }, { as: person }))
          .status,
      ).toBe(201);
    }
    // Then the text moves on: the sign-offs are of the first version only.
    const editor = await EditorClient.connect(server, statement.id, lead);
    editor.appendParagraph('An edit after both sign-offs.');
    await editor.acknowledged();
    editor.destroy();
    await waitFor(async () => (await get()).contentHash !== signedHash, 'the hash to follow the edit', 5_000, 50);
  });
  afterAll(async () => server.close());

  it('serves the current text as a Markdown download named after the title, without signatories it no longer has', async () => {
    const response = await download('format=md');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="winter-moratorium.md"');
    expect(response.headers.get('x-content-hash')).toBe((await get()).contentHash);
    expect(await response.text()).toBe('# Winter moratorium\n\nWe call for a **moratorium**.\n\nAn edit after both sign-offs.\n');
  });

  it('serves a kept version by its hash, with its signatories and a certificate naming who signed when', async () => {
    const md = await (await download(`format=md&version=${signedHash}&certificate=true`)).text();
    expect(md).toMatch(/^# Winter moratorium\n\nWe call for a \*\*moratorium\*\*\.\n\n## Signatories\n\n- Housing Now\n- Tenants Union\n\n## Certificate\n/);
    expect(md).toContain(`Content hash: \`${signedHash}\``);
    expect(md).toMatch(/- \*\*Housing Now\*\*: signed by Amal Haddad, \d{1,2} \w+ \d{4}, \d\d:\d\d UTC/);
    expect(md).toMatch(/- \*\*Tenants Union\*\*: signed by Dev Patel, /);
    // Each line carries the organization's stable id: a name alone can change or be imitated.
    expect(md).toContain(`; organization id ${escapeMarkdownText(partner.orgId)}`);
    expect(md).toContain(`; organization id ${escapeMarkdownText(lead.orgId)}`);
    expect(md).not.toContain('An edit after');

    const html = await (await download(`format=html&version=${signedHash}&certificate=true`)).text();
    expect(html).toContain(`<meta name="content-hash" content="${signedHash}">`);
    expect(html).toContain('<section class="certificate"');
    expect(html).toMatch(/<dt>Tenants Union<\/dt><dd>signed by Dev Patel, /);
    expect(html).toContain(`; organization id ${partner.orgId}</dd>`);
  });

  it('answers the bare HTML fragment when asked for, for pasting into a website', async () => {
    const fragment = await (await download(`format=html&version=${signedHash}&fragment=true`)).text();
    expect(fragment).toMatch(/^<article class="statement"><h1 data-type="title">Winter moratorium<\/h1><p>We call for a <strong>moratorium<\/strong>\.<\/p>/);
    expect(fragment).toMatch(/<\/article>$/);
    expect(fragment).not.toContain('<html');
  });

  it('leaves the certificate out unless asked for', async () => {
    expect(await (await download(`format=md&version=${signedHash}`)).text()).not.toContain('Certificate');
  });

  it('answers an unknown version or an unpublished "published" with 404, and a bad query with 400', async () => {
    const unknown = await download(`format=md&version=${'a'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await download('format=md&version=published')).status).toBe(404);
    expect((await download('format=pdf')).status).toBe(400);
    expect((await download('format=md&certificate=yes')).status).toBe(400);
  });

  it('refuses someone who is not a participant with 404', async () => {
    const outsider = await signUp(server.baseUrl, 'Outsider', 'Elsewhere');
    expect((await download('format=md', outsider)).status).toBe(404);
  });

  it.each([
    ['Markdown', { markdown: '## Demands\n\n1. No evictions\n2. Legal aid\n\n*Urgent* and [linked](<https://example.org/a b>)' }],
    [
      'HTML',
      { html: '<h2>Demands</h2><ol><li>No evictions</li><li>Legal aid</li></ol><p><em>Urgent</em> and <a href="https://example.org/a b">linked</a></p>' },
    ],
    [
      'HTML saved from Word',
      {
        html: `<h2>Demands<o:p></o:p></h2><p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.&nbsp;</span>No evictions</p><p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>2.&nbsp;</span>Legal aid</p><p class=MsoNormal><i>Urgent</i> and <a href="https://example.org/a b">linked</a></p>`,
      },
    ],
  ])('creates a statement from %s with the same headings, lists, emphasis and links', async (_kind, source) => {
    const created = await createStatement(server.baseUrl, { title: 'Imported', ...source }, lead);
    const md = await (await fetch(`${server.baseUrl}/api/statements/${created.id}/export?format=md`, { headers: { cookie: lead.cookie } })).text();
    expect(md).toBe('# Imported\n\n## Demands\n\n1. No evictions\n2. Legal aid\n\n*Urgent* and [linked](<https://example.org/a b>)\n');
  });
});
