import { JSDOM } from 'jsdom';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { createHtmlSanitizer } from '../../shared/export/html.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { RawCollabClient, updateFrame } from '../helpers/raw-client.ts';
import { storedDocument, updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers } from '../helpers/update-answers.ts';
import { activeParts } from './active-content.ts';
import { ownParts } from './own-parts.ts';

/**
 * Each layer of a defence in depth, tested on its own: the other layers are either absent
 * from the scenario or cannot see the attack, so removing this one layer fails its test.
 */

/**
 * A raw client that writes paragraphs under one client ID of its own, each update built on
 * the server's state and on its own earlier writes (so it is complete and applies cleanly).
 */
class RawWriter {
  readonly raw: RawCollabClient;
  readonly answers: UpdateAnswers;
  private readonly doc = new Y.Doc();

  private constructor(raw: RawCollabClient, served: Y.Doc) {
    this.raw = raw;
    this.answers = UpdateAnswers.ofRaw(raw);
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(served));
  }

  static async open(server: TestServer, statementId: string, as: Pick<Person, 'cookie'>): Promise<RawWriter> {
    const raw = await RawCollabClient.open(server, statementId, as);
    const served = server.app.jointly.collaboration.hocuspocus.documents.get(statementDocumentName(statementId));
    if (!served) throw new Error('the document is not loaded');
    return new RawWriter(raw, served);
  }

  /** Sends a paragraph with `words`; resolves with the server's answer. */
  async write(words: string) {
    const before = Y.encodeStateVector(this.doc);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(words)]);
    this.doc.getXmlFragment(STATEMENT_FRAGMENT).push([paragraph]);
    this.raw.send(updateFrame(this.raw.documentName, Y.encodeStateAsUpdate(this.doc, before)));
    return this.answers.next(`the paragraph "${words}"`);
  }

  close(): void {
    this.raw.close();
    this.doc.destroy();
  }
}

const servers: TestServer[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const server of servers.splice(0)) await server.close();
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

describe('the per-update rights re-check (AccessGuard.beforeHandleMessage)', () => {
  // The sweep that would catch this a little later runs once an hour here, and nothing calls
  // `revalidateAccess`: only the re-check of each update stands between the removed member
  // and the document.
  const HOURLY_SWEEP = { accessSweepMs: 3_600_000 };

  async function memberWithOpenConnection(server: TestServer) {
    const lead = await signUp(server.baseUrl, 'Lead', 'Lead Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Base.' }, lead);
    const member = await signUpUser(server.baseUrl, 'Soon Removed');
    await joinOrg(server.baseUrl, lead, lead.orgId, member, 'editor');
    const writer = await RawWriter.open(server, id, member);
    closers.push(() => writer.close());
    // One accepted update first: the connection's rights are checked and cached.
    expect(await writer.write('written while a member')).toEqual({ kind: 'saved' });
    return { lead, member, id, writer };
  }

  async function expectRefusedAndUnstored(server: TestServer, id: string, writer: RawWriter) {
    const before = updatesLoggedSoFar(server);
    expect(await writer.write('written after removal')).toEqual({ kind: 'closed', code: CloseCodes.Forbidden.code });
    expect(updatesLoggedSoFar(server)).toBe(before);
    const stored = await storedDocument(server, id);
    expect(stored.xml).toContain('written while a member');
    expect(stored.xml).not.toContain('written after removal');
  }

  it('a member removed in the database by another instance cannot store one more update (4403)', async () => {
    const server = await serve({ config: HOURLY_SWEEP });
    const { lead, member, id, writer } = await memberWithOpenConnection(server);
    // Another instance sharing the database: another connection to the same file.
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    db.prepare('DELETE FROM memberships WHERE org_id = ? AND user_id = ?').run(lead.orgId, member.user.id);
    db.close();
    await expectRefusedAndUnstored(server, id, writer);
  });

  it('a member removed through the store without revalidation cannot store one more update (4403)', async () => {
    const server = await serve({ config: HOURLY_SWEEP });
    const { lead, member, id, writer } = await memberWithOpenConnection(server);
    expect(await server.app.jointly.store.orgs.removeMember(lead.orgId, member.user.id)).toBeNull();
    await expectRefusedAndUnstored(server, id, writer);
  });
});

describe('the status part of the edit right (canEdit), after a restart', () => {
  // A lock freezes the document in this process's DocumentFreezer as well; a restart empties
  // it. What then keeps the locked text final is the status the database holds.
  it('a locked statement opened after a restart is read-only: provider and raw updates are refused and not stored', async () => {
    const first = await serve();
    const lead = await signUp(first.baseUrl, 'Lead', 'Lead Org');
    const { id } = await createStatement(first.baseUrl, { markdown: 'Final text.' }, lead);
    const locked = await api<{ statement: { status: string } }>(first.baseUrl, 'POST', `/api/statements/${id}/lock`, undefined, { as: lead });
    expect(locked.body.statement.status).toBe('locked');
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const server = await serve({ dataDir: first.dataDir });
    expect(server.app.jointly.collaboration.freezer.isFrozen(statementDocumentName(id))).toBe(false);
    const editor = await EditorClient.connect(server, id, lead);
    closers.push(() => editor.destroy());
    await editor.acknowledged();
    expect(editor.provider.authorizedScope).toBe('readonly');

    const answers = UpdateAnswers.ofEditor(editor);
    const before = updatesLoggedSoFar(server);
    editor.appendParagraph('typed after the restart');
    expect(await answers.next('the provider’s update')).toEqual({ kind: 'refused' });

    const raw = await RawWriter.open(server, id, lead);
    closers.push(() => raw.close());
    expect(await raw.write('raw update after the restart')).toEqual({ kind: 'refused' });

    expect(updatesLoggedSoFar(server)).toBe(before);
    const stored = await storedDocument(server, id);
    expect(stored.xml).toContain('Final text.');
    expect(stored.xml).not.toContain('after the restart');
    const served = server.app.jointly.collaboration.hocuspocus.documents.get(statementDocumentName(id))!;
    expect(served.getXmlFragment(STATEMENT_FRAGMENT).toString()).not.toContain('after the restart');
  });
});

describe('DOMPurify in the HTML export, on HTML the schema renderer never produces', () => {
  const sanitizer = createHtmlSanitizer(new JSDOM('').window);
  const page = (fragment: string) => `<!doctype html><html><body>${fragment}</body></html>`;

  const HOSTILE = [
    '<script>alert(1)</script>',
    '<p onclick="alert(2)" onmouseover="alert(3)">click</p>',
    '<a href="javascript:alert(4)">js</a>',
    '<a href=" JaVaScRiPt:alert(5)">spaced</a>',
    '<a href="data:text/html,<script>alert(6)</script>">data</a>',
    '<a href="vbscript:msgbox(7)">vb</a>',
    '<svg onload="alert(8)"><circle r="1"/></svg>',
    '<math><mi xlink:href="javascript:alert(9)">m</mi></math>',
    '<style>body { background: url(https://evil.example/x) }</style>',
    '<p style="background:url(javascript:alert(10))">styled</p>',
    '<img src="x" onerror="alert(11)">',
    '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"><input name="password"><button>go</button></form>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<details open ontoggle="alert(12)"><summary>s</summary></details>',
    '<template><script>alert(13)</script></template><noscript><p title="</noscript><img src=x onerror=alert(14)>"></p></noscript>',
    '<p>text<!--<img src=x onerror=alert(15)>--></p>',
  ];

  it('nothing active survives in the statement text or in the export’s own parts', () => {
    const text = sanitizer.text(HOSTILE.join(''));
    const parts = sanitizer.ownParts(HOSTILE.join(''));
    expect(activeParts(page(text), false)).toEqual([]);
    expect(activeParts(page(parts), false)).toEqual([]);
    for (const html of [text, parts]) {
      expect(html).not.toMatch(/<(script|svg|math|style|img|iframe|form|input|object|embed|base|meta|link|details|template)\b/i);
      expect(html).not.toMatch(/\son\w+\s*=|javascript:|vbscript:|data:text|style=/i);
    }
    // The words themselves are kept, as text.
    expect(text).toContain('click');
    expect(text).toContain('styled');
  });

  it('links keep http, https and mailto targets only, and can never reach back into the page', () => {
    const html = sanitizer.text(
      '<p><a href="https://ok.example/" target="_self" rel="opener">web</a> <a href="mailto:a@b.example">mail</a> <a href="javascript:alert(1)" target="x">bad</a></p>',
    );
    const links = [...new JSDOM(html).window.document.querySelectorAll('a')].map((a) => [
      a.getAttribute('href'),
      a.getAttribute('target'),
      a.getAttribute('rel'),
    ]);
    expect(links).toEqual([
      ['https://ok.example/', '_blank', 'noopener noreferrer nofollow'],
      ['mailto:a@b.example', '_blank', 'noopener noreferrer nofollow'],
      [null, '_blank', 'noopener noreferrer nofollow'],
    ]);
  });

  it('the export’s own classes, ids and labels never survive in the statement text', () => {
    const html = sanitizer.text(
      '<h1 data-type="title" id="signatories-heading">Title</h1>' +
        '<p class="statement-date">Not a date</p>' +
        '<p><a class="signatories" id="certificate-heading" href="https://x.example/">link</a></p>' +
        '<blockquote class="certificate" aria-labelledby="certificate-heading"><p>quote</p></blockquote>' +
        '<pre><code class="language-js signatories">a</code></pre><pre><code class="language-c++">b</code></pre><p><code class="language-js">inline</code></p>' +
        '<p data-type="title" data-x="1">plain</p>',
    );
    expect(html).toBe(
      '<h1 data-type="title">Title</h1><p>Not a date</p>' +
        '<p><a href="https://x.example/" target="_blank" rel="noopener noreferrer nofollow">link</a></p>' +
        '<blockquote><p>quote</p></blockquote><pre><code>a</code></pre><pre><code class="language-c++">b</code></pre><p><code>inline</code></p><p>plain</p>',
    );
  });

  it('in the export’s own parts, classes, ids and labels stay only where the export puts them', () => {
    const html = sanitizer.ownParts(
      '<p class="statement-date"><time datetime="2026-03-03T10:00:00Z">3 March 2026</time></p>' +
        '<section class="signatories" aria-labelledby="signatories-heading"><h2 id="signatories-heading">Signatories</h2><ul><li class="certificate">Org</li></ul></section>' +
        // Misplaced: an own class on the wrong element or nested, a label or id that does not match its section.
        '<p class="signatories">p</p><section class="statement-date" aria-labelledby="certificate-heading"><h2 id="certificate-heading">x</h2>' +
        '<section class="certificate" aria-labelledby="certificate-heading"><h2 id="certificate-heading">nested</h2></section></section>' +
        '<section class="certificate" aria-labelledby="signatories-heading"><h2 id="signatories-heading">wrong id</h2><p class="statement-date">y</p></section>',
    );
    const report = ownParts(`<article class="statement">${html}</article>`);
    expect(report.forged).toEqual([]);
    expect(report.counts).toEqual({ signatories: 1, certificate: 1, date: 1 });
    expect(html).toContain('<p class="statement-date"><time datetime="2026-03-03T10:00:00Z">3 March 2026</time></p>');
    expect(html).toContain(
      '<section class="signatories" aria-labelledby="signatories-heading"><h2 id="signatories-heading">Signatories</h2><ul><li>Org</li></ul></section>',
    );
    expect(html).toContain('<section class="certificate"><h2>wrong id</h2><p>y</p></section>');
  });
});
