import { generateHTML } from '@tiptap/html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import type { SignoffDiffResponse } from '../../shared/api/workflow.ts';
import { statementToMarkdown } from '../../shared/export/markdown.ts';
import { statementExtensions } from '../../shared/schema/extensions.ts';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { RawCollabClient, updateFrame } from '../helpers/raw-client.ts';
import { updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers } from '../helpers/update-answers.ts';
import { contentHashOf } from '../../shared/content-hash.ts';
import { waitFor } from '../helpers/wait.ts';
import * as Y from 'yjs';

type ErrorBody = { error: { code: string; message: string; details?: { missing?: { name: string }[] } } };

describe('the whole sign-off story: co-edit, sign, stale, re-sign, lock, publish, export', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;
  let third: Person;
  let statementId: string;
  const clients: EditorClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    partner = await signUp(server.baseUrl, 'Dev', 'Tenants Union');
    third = await signUp(server.baseUrl, 'Farid', 'Legal Aid Collective');
    statementId = (await createStatement(server.baseUrl, { title: 'Winter moratorium', markdown: 'We call for a moratorium.' }, lead)).id;
    for (const org of [partner, third]) {
      await api(server.baseUrl, 'POST', `/api/statements/${statementId}/participants`, { orgId: org.orgId, required: true }, { as: lead });
    }
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.close();
  });

  const get = async (as: Person) =>
    (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${statementId}`, undefined, { as })).body.statement;
  const sign = (as: Person, orgId: string, contentHash: string) =>
    api<{ statement: StatementDetail } & ErrorBody>(server.baseUrl, 'POST', `/api/statements/${statementId}/signoffs`, { orgId, contentHash }, { as });
  const serverText = () => server.app.jointly.collaboration.hocuspocus.documents.get(`statement:${statementId}`)?.getXmlFragment('default').toString() ?? '';

  it('runs from co-editing to a published, exported, public text equal to what was signed', async () => {
    // Three organizations co-edit.
    const [a, b, c] = await Promise.all([lead, partner, third].map((p) => EditorClient.connect(server, statementId, p)));
    clients.push(a!, b!, c!);
    a!.appendParagraph('First, no evictions in winter.');
    b!.appendParagraph('Second, legal advice for tenants.');
    await Promise.all([a!, b!, c!].map((client) => client.acknowledged()));
    await waitForSameState([a!, b!, c!]);
    // The server's hash follows the text within a second: it is the hash of what clients see.
    let hash = await contentHashOf(a!.json());
    await waitFor(async () => (await get(lead)).contentHash === hash, 'the server to report the hash clients see', 1_000, 50);

    // Two sign.
    expect((await sign(lead, lead.orgId, hash)).status).toBe(201);
    expect((await sign(partner, partner.orgId, hash)).status).toBe(201);
    let view = await get(lead);
    expect(view.participants.map((p) => [p.name, p.signoff?.current ?? null])).toEqual([
      ['Housing Now', true],
      ['Legal Aid Collective', null],
      ['Tenants Union', true],
    ]);

    // An edit makes both stale.
    c!.appendParagraph('Third, a register of empty homes.');
    await c!.acknowledged();
    const newHash = await contentHashOf(c!.json());
    expect(newHash).not.toBe(hash);
    await waitFor(async () => (await get(lead)).contentHash === newHash, 'the server to report the new hash', 1_000, 50);
    view = await get(partner);
    expect(view.participants.filter((p) => p.signoff).map((p) => p.signoff!.current)).toEqual([false, false]);
    expect(view.signatories).toEqual([]);

    // They see what changed since they signed.
    const diff = await api<SignoffDiffResponse>(server.baseUrl, 'GET', `/api/statements/${statementId}/signoffs/${partner.orgId}/diff`, undefined, {
      as: partner,
    });
    expect(diff.body.current).toBe(false);
    expect(diff.body.blocks.filter((block) => block.change !== 'same')).toEqual([
      { kind: 'paragraph', change: 'added', parts: [{ text: 'Third, a register of empty homes.', change: 'added' }] },
    ]);

    // A stale hash is refused; they re-sign the current text.
    const stale = await sign(partner, partner.orgId, hash);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_CONTENT');
    hash = view.contentHash;
    expect((await sign(lead, lead.orgId, hash)).status).toBe(201);
    expect((await sign(partner, partner.orgId, hash)).status).toBe(201);

    // Publish is refused while the third is missing, and names it.
    const early = await api<ErrorBody>(server.baseUrl, 'POST', `/api/statements/${statementId}/publish`, undefined, { as: lead });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_ALL_SIGNED');
    expect(early.body.error.details?.missing?.map((m) => m.name)).toEqual(['Legal Aid Collective']);
    expect(early.body.error.message).toContain('Legal Aid Collective');

    // The third signs; the lead locks: every connection becomes read-only.
    expect((await sign(third, third.orgId, hash)).status).toBe(201);
    const locked = await api<{ statement: StatementDetail }>(server.baseUrl, 'POST', `/api/statements/${statementId}/lock`, undefined, { as: lead });
    expect(locked.body.statement.status).toBe('locked');
    await b!.acknowledged();
    const answersToB = UpdateAnswers.ofEditor(b!);
    const logged = updatesLoggedSoFar(server);
    b!.appendParagraph('Sneaked in after the lock.');
    // Refused on the server ("not applied": the connection is read-only now), and not stored.
    expect(await answersToB.next('the edit after the lock')).toEqual({ kind: 'refused' });
    expect(updatesLoggedSoFar(server)).toBe(logged);
    expect(serverText()).not.toContain('Sneaked in');

    const published = await api<{ statement: StatementDetail }>(server.baseUrl, 'POST', `/api/statements/${statementId}/publish`, undefined, { as: lead });
    expect(published.status).toBe(200);
    expect(published.body.statement).toMatchObject({ status: 'published', publishedHash: hash, contentHash: hash });
    expect(published.body.statement.signatories.map((s) => s.name)).toEqual(['Housing Now', 'Legal Aid Collective', 'Tenants Union']);

    // What leaves Jointly is exactly what everyone signed.
    const signedVersion = await server.app.jointly.store.workflow.version(statementId, hash);
    const signedDoc = JSON.parse(signedVersion!.documentJson);
    const signedHtml = generateHTML(signedDoc, statementExtensions());
    const md = await fetch(`${server.baseUrl}/api/statements/${statementId}/export?format=md`, { headers: { cookie: third.cookie } });
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="winter-moratorium.md"');
    expect(await md.text()).toBe(
      statementToMarkdown(signedDoc, { signatories: published.body.statement.signatories, date: published.body.statement.publishedAt }),
    );
    const html = await (await fetch(`${server.baseUrl}/api/statements/${statementId}/export?format=html`, { headers: { cookie: partner.cookie } })).text();
    expect(html).toContain(signedHtml);
    const publicPage = await fetch(`${server.baseUrl}/s/${statementId}`);
    expect(publicPage.status).toBe(200);
    expect(publicPage.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await publicPage.text();
    expect(page).toContain(signedHtml);
    expect(page).not.toMatch(/<script/i);
    for (const name of ['Housing Now', 'Legal Aid Collective', 'Tenants Union']) expect(page).toContain(`<li>${name}</li>`);

    // Audit trail and versions record the story.
    const audit = await api<{ events: { action: string; orgName: string | null }[] }>(
      server.baseUrl,
      'GET',
      `/api/statements/${statementId}/audit`,
      undefined,
      { as: lead },
    );
    expect(audit.body.events.map((e) => e.action)).toEqual([
      'created',
      'added required participant',
      'added required participant',
      'signed',
      'signed',
      'signed',
      'signed',
      'signed',
      'locked',
      'published',
    ]);
    const versions = await api<{ versions: { reason: string }[] }>(server.baseUrl, 'GET', `/api/statements/${statementId}/versions`, undefined, { as: lead });
    expect(versions.body.versions.map((v) => v.reason)).toEqual(['sign-off', 'sign-off']);
  }, 60_000);

  it('after publish, raw updates are refused on connections opened before and after, and the text stays as published', async () => {
    const before = (await get(lead)).publishedHash;
    const logged = updatesLoggedSoFar(server);
    const opened = clients[0]!;
    await opened.acknowledged();
    const answersToOpened = UpdateAnswers.ofEditor(opened);
    opened.appendParagraph('Edit through a connection opened before publishing.');
    expect(await answersToOpened.next('the edit through the connection opened before')).toEqual({ kind: 'refused' });
    const fresh = await RawCollabClient.open(server, statementId, lead);
    const answersToFresh = UpdateAnswers.ofRaw(fresh);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.app.jointly.collaboration.hocuspocus.documents.get(`statement:${statementId}`)!));
    const known = Y.encodeStateVector(doc);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Raw update after publishing.')]);
    doc.getXmlFragment('default').push([paragraph]);
    fresh.send(updateFrame(fresh.documentName, Y.encodeStateAsUpdate(doc, known)));
    expect(await answersToFresh.next('the raw update')).toEqual({ kind: 'refused' });
    fresh.close();
    expect(updatesLoggedSoFar(server)).toBe(logged);
    expect(serverText()).not.toContain('Edit through a connection opened before');
    expect(serverText()).not.toContain('Raw update after publishing');
    const after = await get(lead);
    expect(after.contentHash).toBe(before);
    expect(after.status).toBe('published');
    // Frozen for good: no unlock, no new sign-off, no participant changes.
    for (const [method, path, body] of [
      ['POST', 'unlock', undefined],
      ['POST', 'lock', undefined],
      ['POST', 'signoffs', { orgId: lead.orgId, contentHash: before }],
      ['POST', 'participants', { orgId: third.orgId, required: false }],
    ] as const) {
      const answer = await api<ErrorBody>(server.baseUrl, method, `/api/statements/${statementId}/${path}`, body, { as: lead });
      expect([answer.status, answer.body.error.code]).toEqual([409, 'STATEMENT_PUBLISHED']);
    }
  });
});

describe('who may sign', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('a signatory of A cannot sign or withdraw for B; an editor cannot sign; a wrong hash is refused', async () => {
    const a = await signUp(server.baseUrl, 'A admin', 'Org A');
    const b = await signUp(server.baseUrl, 'B admin', 'Org B');
    const { id, contentHash } = await createStatement(server.baseUrl, { markdown: 'Text.' }, a);
    await api(server.baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: b.orgId, required: true }, { as: a });
    const signatoryOfA = await signUpUser(server.baseUrl, 'Sig A');
    await joinOrg(server.baseUrl, a, a.orgId, signatoryOfA, 'signatory');
    const editorOfB = await signUpUser(server.baseUrl, 'Ed B');
    await joinOrg(server.baseUrl, b, b.orgId, editorOfB, 'editor');
    const sign = (as: { cookie: string }, orgId: string, hash = contentHash) =>
      api<ErrorBody>(server.baseUrl, 'POST', `/api/statements/${id}/signoffs`, { orgId, contentHash: hash }, { as });

    expect((await sign(signatoryOfA, b.orgId)).status).toBe(403);
    expect((await sign(editorOfB, b.orgId)).status).toBe(403);
    expect((await sign(signatoryOfA, a.orgId, 'f'.repeat(64))).body.error.code).toBe('STALE_CONTENT');
    expect((await sign(signatoryOfA, a.orgId)).status).toBe(201);
    expect((await sign(b, b.orgId)).status).toBe(201);
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/signoffs/${b.orgId}`, undefined, { as: signatoryOfA })).status).toBe(403);
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/signoffs/${b.orgId}`, undefined, { as: editorOfB })).status).toBe(403);
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/signoffs/${b.orgId}`, undefined, { as: b })).status).toBe(204);
  });
});
