import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJSON, contentHashOf } from '../../shared/content-hash.ts';
import { statementJSONFromYDoc, writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';
import { api, createStatement } from '../helpers/api.ts';
import { creatorOf } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

const TEXT = {
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: 'On housing' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'We call for action.' }] },
  ],
};

describe('content hash', () => {
  it('is the same for the same text built by different edit histories', async () => {
    const direct = new Y.Doc();
    writeStatementJSONToYDoc(direct, TEXT);

    // Typed character by character, with a detour: a word typed and deleted again.
    const typed = new Y.Doc();
    writeStatementJSONToYDoc(typed, { type: 'doc', content: [{ type: 'title' }, { type: 'paragraph' }] });
    const [title, paragraph] = typed.getXmlFragment('default').toArray() as Y.XmlElement[];
    const titleText = new Y.XmlText();
    title!.insert(0, [titleText]);
    for (const ch of 'On housing') titleText.insert(titleText.length, ch);
    const bodyText = new Y.XmlText();
    paragraph!.insert(0, [bodyText]);
    bodyText.insert(0, 'We call for urgent action.');
    bodyText.delete('We call for '.length, 'urgent '.length);

    expect(statementJSONFromYDoc(typed)).toEqual(statementJSONFromYDoc(direct));
    expect(await contentHashOf(statementJSONFromYDoc(typed))).toBe(await contentHashOf(statementJSONFromYDoc(direct)));
    expect(await contentHashOf(statementJSONFromYDoc(direct))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any visible change: a character, a mark, a block type', async () => {
    const base = await contentHashOf(TEXT);
    const variants = [
      JSON.parse(JSON.stringify(TEXT).replace('action.', 'action!')),
      JSON.parse(JSON.stringify(TEXT).replace('"text":"We call for action."', '"text":"We call for action.","marks":[{"type":"bold"}]')),
      JSON.parse(JSON.stringify(TEXT).replace('"type":"paragraph"', '"type":"heading","attrs":{"level":2}')),
      JSON.parse(JSON.stringify(TEXT).replace('On housing', 'On Housing')),
    ];
    const hashes = await Promise.all(variants.map((variant) => contentHashOf(variant)));
    expect(new Set([base, ...hashes]).size).toBe(5);
  });

  it('does not depend on key order (canonical JSON)', () => {
    expect(canonicalJSON({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":2,"f":1}]},"b":1}');
  });
});

describe('content hash under concurrent editing', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('clients editing concurrently end with one hash, and the server reports that hash', async () => {
    const { id } = await createStatement(server.baseUrl, { markdown: 'Shared text.' });
    const editors = await Promise.all([1, 2, 3].map(() => EditorClient.connect(server, id)));
    editors.forEach((editor, n) => {
      for (let i = 0; i < 10; i++) editor.insertText(0, i * 3, `${n}${i} `);
      editor.appendParagraph(`From editor ${n}.`);
    });
    await Promise.all(editors.map((e) => e.acknowledged()));
    await waitForSameState(editors);
    const hashes = new Set(await Promise.all(editors.map((e) => contentHashOf(e.json()))));
    expect(hashes.size).toBe(1);
    const [expected] = hashes;
    let reported = '';
    const reportsExpected = async () => {
      reported = (await api<{ statement: { contentHash: string } }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: creatorOf(id) })).body
        .statement.contentHash;
      return reported === expected;
    };
    await waitFor(reportsExpected, 'the server to report the converged hash', 1_000, 50).catch(() => {});
    expect(reported).toBe(expected);
    for (const editor of editors) editor.destroy();
  });
});
