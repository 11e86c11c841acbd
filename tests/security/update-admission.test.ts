import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/close-codes.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { RawCollabClient, updateFrame } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Each attack of issue 12 on a real server, with real providers and raw frames: the attacker
 * holds a valid editor token (a partner is another organization: every frame is hostile).
 * Each test asserts the refusal (close code), that nothing was logged, and that a canary
 * editor on another statement keeps working.
 */
describe('admission refuses hostile updates before they are stored', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;
  let canary: EditorClient;
  let canaryStatement: string;
  const clients: EditorClient[] = [];

  beforeEach(async () => {
    server = await startServer({ config: { admission: { gapWaitMs: 300 } } });
    lead = await signUp(server.baseUrl, 'Lead', 'Lead Org');
    partner = await signUp(server.baseUrl, 'Partner', 'Partner Org');
    canaryStatement = (await createStatement(server.baseUrl, { markdown: 'Canary text.' }, lead)).id;
    canary = await open(canaryStatement, lead);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  async function open(statementId: string, as: Pick<Person, 'cookie'>): Promise<EditorClient> {
    const client = await EditorClient.connect(server, statementId, as);
    clients.push(client);
    return client;
  }

  /** A statement led by `lead` with `partner`'s organization taking part. */
  async function sharedStatement(markdown = 'The agreed text.'): Promise<string> {
    const { id } = await createStatement(server.baseUrl, { markdown }, lead);
    const added = await api(server.baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    expect(added.status).toBe(200);
    return id;
  }

  const logged = (statementId: string) => server.app.jointly.store.documents.countLogged(statementDocumentName(statementId));

  /** The canary's edit is acknowledged, and a fresh reader of its statement sees it. */
  async function expectCanaryWorks(): Promise<void> {
    const token = `canary ${Math.random().toString(36).slice(2)}`;
    canary.appendParagraph(token);
    await canary.acknowledged(5_000);
    const reader = await open(canaryStatement, lead);
    expect(reader.paragraphs()).toContain(token);
  }

  /**
   * Sends `update` as `attacker` on a fresh raw socket and returns how the server closed it,
   * checking that the statement's log did not grow.
   */
  async function sendHostile(statementId: string, attacker: Person, update: Uint8Array): Promise<number> {
    const before = await logged(statementId);
    const raw = await RawCollabClient.open(server, statementId, attacker);
    raw.send(updateFrame(raw.documentName, update));
    const { code } = await raw.closed;
    expect(await logged(statementId)).toBe(before);
    return code;
  }

  /** A copy of `editor`'s document on which an attacker crafts an update (under `clientID` if given); returns what it adds. */
  function craft(editor: EditorClient, edit: (doc: Y.Doc) => void, clientID?: number): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(editor.doc));
    // After the copy: Yjs gives a document a fresh ID when remote content arrives under its own.
    if (clientID !== undefined) doc.clientID = clientID;
    const base = Y.encodeStateVector(doc);
    edit(doc);
    return Y.encodeStateAsUpdate(doc, base);
  }

  it('a pending-delete bomb (a delete set naming a client nobody has) is refused; the statement stays fast', async () => {
    const id = await sharedStatement();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // no structs
    encoding.writeVarUint(encoder, 1); // one client in the delete set…
    encoding.writeVarUint(encoder, 987_654_321);
    const ranges = 20_000;
    encoding.writeVarUint(encoder, ranges); // …with many ranges of content that does not exist
    for (let i = 0; i < ranges; i++) {
      encoding.writeVarUint(encoder, i * 10);
      encoding.writeVarUint(encoder, 5);
    }
    expect(await sendHostile(id, partner, encoding.toUint8Array(encoder))).toBe(CloseCodes.UpdateRefused.code);
    const editor = await open(id, lead);
    expect(editor.doc.store.pendingDs).toBeNull();
    const started = performance.now();
    editor.appendParagraph('typed after the bomb');
    await editor.acknowledged();
    console.log(`pending-delete bomb: refused; next keystroke on that statement acknowledged in ${(performance.now() - started).toFixed(1)} ms`);
    await expectCanaryWorks();
  });

  it('a bomb over the size caps is refused as too large', async () => {
    const id = await sharedStatement();
    const update = craft(await open(id, partner), (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('x'.repeat(2.5 * 1024 * 1024))]);
      doc.getXmlFragment('default').push([paragraph]);
    });
    expect(await sendHostile(id, partner, update)).toBe(CloseCodes.UpdateTooLarge.code);
    await expectCanaryWorks();
  });

  it('clock squatting: a GC struct under another editor’s client ID is refused; the victim’s next edit and offline replay reach a fresh client', async () => {
    const id = await sharedStatement();
    const victim = await open(id, lead);
    victim.appendParagraph('victim writes first');
    await victim.acknowledged();
    const victimClock = Y.getState(victim.doc.store, victim.doc.clientID);

    // One GC run under the victim's ID, far ahead of its clock.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, victim.doc.clientID);
    encoding.writeVarUint(encoder, victimClock);
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, 10_000);
    encoding.writeVarUint(encoder, 0);
    expect(await sendHostile(id, partner, encoding.toUint8Array(encoder))).toBe(CloseCodes.UpdateRefused.code);

    // Real content under the victim's ID is refused too.
    const squat = craft(victim, (doc) => doc.getXmlFragment('default').push([new Y.XmlElement('paragraph')]), victim.doc.clientID);
    expect(await sendHostile(id, partner, squat)).toBe(CloseCodes.UpdateRefused.code);

    victim.appendParagraph('victim writes again');
    await victim.acknowledged();
    victim.goOffline();
    victim.appendParagraph('victim writes offline');
    await victim.goOnline();
    await victim.acknowledged();
    const fresh = await open(id, lead);
    expect(fresh.paragraphs()).toEqual(expect.arrayContaining(['victim writes first', 'victim writes again', 'victim writes offline']));
    await expectCanaryWorks();
  });

  it('writing under a client ID that holds content nobody is bound to (the seeded text) is refused', async () => {
    const id = await sharedStatement('Seeded by the server.');
    const reader = await open(id, partner);
    const [seedClient] = [...reader.doc.store.clients.keys()];
    const update = craft(reader, (doc) => doc.getXmlFragment('default').push([new Y.XmlElement('paragraph')]), seedClient);
    expect(await sendHostile(id, partner, update)).toBe(CloseCodes.UpdateRefused.code);
  });

  it('a hidden root type (200 KB in getMap("hidden")) is refused and never served', async () => {
    const id = await sharedStatement();
    const editor = await open(id, partner);
    const update = craft(editor, (doc) => doc.getMap('hidden').set('payload', 'x'.repeat(200 * 1024)));
    expect(await sendHostile(id, partner, update)).toBe(CloseCodes.UpdateRefused.code);
    const fresh = await open(id, lead);
    expect(fresh.doc.share.has('hidden')).toBe(false);
    expect(Y.encodeStateAsUpdate(fresh.doc).byteLength).toBeLessThan(10_000);
    await expectCanaryWorks();
  });

  it('an unknown mark on one character is refused, and the paragraph keeps its text', async () => {
    const id = await sharedStatement('Keep every word of this paragraph.');
    const editor = await open(id, partner);
    const hashBefore = (await api<{ statement: { contentHash: string } }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: lead })).body
      .statement.contentHash;
    const update = craft(editor, (doc) => {
      const paragraph = doc.getXmlFragment('default').get(1) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).format(0, 1, { evil: {} });
    });
    expect(await sendHostile(id, partner, update)).toBe(CloseCodes.UpdateRefused.code);
    const fresh = await open(id, lead);
    expect(fresh.paragraphs()).toEqual(['Keep every word of this paragraph.']);
    const hashAfter = (await api<{ statement: { contentHash: string } }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: lead })).body
      .statement.contentHash;
    expect(hashAfter).toBe(hashBefore);
    await expectCanaryWorks();
  });

  it('attributes outside the rules are refused: a forged export class, a javascript: link, heading level 9', async () => {
    const id = await sharedStatement('Some linked text.');
    const editor = await open(id, partner);
    const textOf = (doc: Y.Doc) => (doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const link = { href: 'https://example.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null };
    const attacks = [
      craft(editor, (doc) => textOf(doc).format(0, 4, { link: { ...link, class: 'signatories' } })),
      craft(editor, (doc) => textOf(doc).format(0, 4, { link: { ...link, href: 'javascript:alert(document.cookie)' } })),
      craft(editor, (doc) => {
        const heading = new Y.XmlElement('heading');
        heading.setAttribute('level', 9 as unknown as string);
        doc.getXmlFragment('default').push([heading]);
      }),
    ];
    for (const update of attacks) expect(await sendHostile(id, partner, update)).toBe(CloseCodes.UpdateRefused.code);
    // The same edits within the rules go through.
    editor.doc.transact(() => textOf(editor.doc).format(0, 4, { link }));
    await editor.acknowledged();
    await expectCanaryWorks();
  });
});
