import type { JSONContent } from '@tiptap/core';
import { Window } from 'happy-dom';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/close-codes.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { createHtmlSanitizer, htmlToDocument, statementToHtmlFragment } from '../../shared/export/html.ts';
import { cleanPastedHtml } from '../../shared/import/pasted-html.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { RawCollabClient, updateFrame } from '../helpers/raw-client.ts';
import { storedDocument, updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers } from '../helpers/update-answers.ts';
import { waitFor } from '../helpers/wait.ts';
import { ownParts } from './own-parts.ts';

/**
 * The export prints its own parts under the text (date line, signatory block, certificate),
 * marked by classes and ids the stylesheet and screen readers rely on. Text that carries one
 * of those classes could pass for the signatory block or the certificate. Every way a class
 * could get into the text is closed: the collaboration door refuses it (admission), an import
 * or a paste drops it (the schema's parse rules), and should a document hold one anyway (a
 * version stored before, a server-side write), the sanitizer keeps the export's own classes
 * and ids only on the export's own elements.
 */

/** A link mark as y-prosemirror stores it: every attribute of the schema's link. */
const HONEST_LINK = { href: 'https://forged.example/', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null };
/** The same with the export's own classes and the signatory block's heading id. */
const FORGED_LINK = { ...HONEST_LINK, class: 'signatories certificate', id: 'signatories-heading' };

const FORGED_HTML =
  '<p>Before. <a class="signatories certificate" id="signatories-heading" target="_self" rel="opener" href="https://x.example/">Signed by everyone</a> after.</p>' +
  '<p class="statement-date" id="certificate-heading">Not a date line</p><section class="signatories"><h2 id="signatories-heading">Signatories</h2><ul><li>Nobody</li></ul></section>';

/** The link marks of a document, in order. */
function linkMarks(doc: JSONContent): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: JSONContent) => {
    for (const mark of node.marks ?? []) if (mark.type === 'link') found.push(mark.attrs ?? {});
    for (const child of node.content ?? []) visit(child);
  };
  visit(doc);
  return found;
}

describe('the export’s own classes cannot be forged', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
  });
  afterAll(async () => server.close());

  describe('a document that holds them anyway', () => {
    let statement: StatementDetail;
    let liveHtml = '';

    beforeAll(async () => {
      statement = await createStatement(server.baseUrl, { title: 'Forgery', markdown: 'The real text.' }, lead);
      // A server-side write, past the collaboration door: what a document stored before
      // admission existed, or any other way round it, may hold.
      const direct = await server.app.jointly.collaboration.hocuspocus.openDirectConnection(statementDocumentName(statement.id), {});
      await direct.transact((doc) => {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        text.insert(0, 'Signed by every organization on earth', { link: FORGED_LINK });
        paragraph.insert(0, [text]);
        const codeBlock = new Y.XmlElement('codeBlock');
        codeBlock.setAttribute('language', 'js signatories');
        codeBlock.insert(0, [new Y.XmlText('forged code')]);
        doc.getXmlFragment(STATEMENT_FRAGMENT).push([paragraph, codeBlock]);
      });
      let detail = statement;
      await waitFor(
        async () => {
          detail = (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${statement.id}`, undefined, { as: lead })).body
            .statement;
          return detail.contentHash !== statement.contentHash;
        },
        'the content hash to follow the server-side write',
        5_000,
        50,
      );
      expect(
        (await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: lead.orgId, contentHash: detail.contentHash }, { as: lead }))
          .status,
      ).toBe(201);
      // The live text, while the document is open (loading it again would quarantine the write).
      liveHtml = await fetchHtml(`/api/statements/${statement.id}/export?format=html&version=current`, lead);
      expect((await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/publish`, undefined, { as: lead })).status).toBe(200);
      await direct.disconnect();
    }, 30_000);

    async function fetchHtml(path: string, as?: Person): Promise<string> {
      const response = await fetch(`${server.baseUrl}${path}`, as ? { headers: { cookie: as.cookie } } : {});
      expect(response.status, path).toBe(200);
      return response.text();
    }

    it('the stored text does carry the forged class (so what follows is tested)', async () => {
      const version = await server.app.jointly.store.workflow.version(
        statement.id,
        (await server.app.jointly.store.statements.get(statement.id))!.publishedHash!,
      );
      expect(linkMarks(JSON.parse(version!.documentJson) as JSONContent)).toMatchObject([{ class: 'signatories certificate' }]);
    });

    for (const [what, path, withCookie] of [
      ['the HTML export with its certificate', 'export?format=html&certificate=true', true],
      ['the HTML fragment', 'export?format=html&fragment=true&certificate=true', true],
      ['the HTML export of the live text', 'live', true],
      ['the public page', 'public', false],
      ['the public HTML download', 'public.html', false],
    ] as const) {
      it(`${what} keeps the export’s classes and ids on its own parts only`, async () => {
        const url = path === 'public' ? `/s/${statement.id}` : path === 'public.html' ? `/s/${statement.id}.html` : `/api/statements/${statement.id}/${path}`;
        const html = path === 'live' ? liveHtml : await fetchHtml(url, withCookie ? lead : undefined);
        const report = ownParts(html);
        expect(report.forged).toEqual([]);
        expect(report.counts.signatories).toBe(1);
        expect(report.signatoryBlock).toBe('SignatoriesHousing Now');
        expect(report.counts.certificate).toBe(path.includes('certificate') ? 1 : 0);
        // The forged words are still there, as the text they are.
        expect(html).toContain('Signed by every organization on earth');
        expect(html).toContain('forged code');
      });
    }
  });

  it('document JSON whose link carries the classes renders them nowhere', () => {
    const doc: JSONContent = {
      type: 'doc',
      content: [
        { type: 'title', content: [{ type: 'text', text: 'Title' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Forged', marks: [{ type: 'link', attrs: { ...FORGED_LINK, class: 'signatories' } }] }] },
        { type: 'codeBlock', attrs: { language: 'x certificate' }, content: [{ type: 'text', text: 'code' }] },
      ],
    };
    const html = statementToHtmlFragment(
      doc,
      { signatories: [{ name: 'Real Org' }], certificate: { contentHash: 'f'.repeat(64) } },
      createHtmlSanitizer(new JSDOM('').window),
    );
    const report = ownParts(html);
    expect(report.forged).toEqual([]);
    expect([report.counts.signatories, report.counts.certificate]).toEqual([1, 1]);
    expect(report.signatoryBlock).toBe('SignatoriesReal Org');
  });

  describe('an HTML import does not keep them', () => {
    it('a new statement from HTML: its links keep their address and title, never a class, frame or rel', async () => {
      const created = await api<{ statement: StatementDetail }>(
        server.baseUrl,
        'POST',
        '/api/statements',
        { title: 'Imported', leadOrgId: lead.orgId, html: FORGED_HTML },
        { as: lead },
      );
      expect(created.status).toBe(201);
      const { json } = await storedDocument(server, created.body.statement.id);
      expect(linkMarks(json)).toEqual([{ href: 'https://x.example/', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null }]);
      // And its export: one signatory block, the real one (the imported "section" is plain text).
      const html = await (
        await fetch(`${server.baseUrl}/api/statements/${created.body.statement.id}/export?format=html`, { headers: { cookie: lead.cookie } })
      ).text();
      expect(ownParts(html).forged).toEqual([]);
    });

    it('HTML pasted into the editor (Word, Google Docs, a web page) parses the same way', () => {
      const parser = new new Window().DOMParser() as unknown as DOMParser;
      const doc = htmlToDocument(cleanPastedHtml(FORGED_HTML, parser), 'Pasted');
      expect(linkMarks(doc)).toEqual([{ href: 'https://x.example/', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null }]);
    });
  });

  describe('the collaboration door refuses them', () => {
    /** An update adding one paragraph with a link carrying `link`, written on top of the server's state under a fresh client ID. */
    function linkParagraphUpdate(statementId: string, words: string, link: Record<string, unknown>): Uint8Array {
      const served = server.app.jointly.collaboration.hocuspocus.documents.get(statementDocumentName(statementId))!;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(served));
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      doc.getXmlFragment(STATEMENT_FRAGMENT).push([paragraph]);
      text.insert(0, words, { link });
      return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(served));
    }

    it('a raw update writing a link with the export’s class or an id is closed 4422 and nothing is stored', async () => {
      const { id } = await createStatement(server.baseUrl, { markdown: 'Door.' }, lead);
      const keeper = await EditorClient.connect(server, id, lead);
      try {
        // The same update with the schema's own link attributes is admitted: the refusals
        // below are for the class and the id, not for the shape of the update.
        const control = await RawCollabClient.open(server, id, lead);
        const controlAnswers = UpdateAnswers.ofRaw(control);
        control.send(updateFrame(control.documentName, linkParagraphUpdate(id, 'An honest link', HONEST_LINK)));
        expect(await controlAnswers.next('the honest link')).toEqual({ kind: 'saved' });
        control.close();

        for (const [what, link] of [
          ['class', { ...HONEST_LINK, class: 'signatories' }],
          ['id', { ...HONEST_LINK, id: 'signatories-heading' }],
        ] as const) {
          const before = updatesLoggedSoFar(server);
          const raw = await RawCollabClient.open(server, id, lead);
          const answers = UpdateAnswers.ofRaw(raw);
          raw.send(updateFrame(raw.documentName, linkParagraphUpdate(id, `Forged ${what}`, link)));
          expect(await answers.next(`a link with a forged ${what}`), what).toEqual({ kind: 'closed', code: CloseCodes.UpdateRefused.code });
          expect(updatesLoggedSoFar(server), what).toBe(before);
          expect((await storedDocument(server, id)).xml, what).not.toContain(`Forged ${what}`);
        }
        // Everyone else has the honest link and nothing forged.
        await waitFor(() => JSON.stringify(keeper.json()).includes('An honest link'), 'the honest link to reach another editor');
        expect(JSON.stringify(keeper.json())).not.toContain('Forged');
      } finally {
        keeper.destroy();
      }
    });
  });
});
