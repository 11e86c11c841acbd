import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { createStatement } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { RawCollabClient, frame, updateFrame } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import * as encoding from 'lib0/encoding';

/** A real update as a client would send it: 'x' typed into a fresh paragraph. */
function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('a fairly long sentence so that the update has many bytes')]);
  doc.getXmlFragment('default').push([paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

const BAD_FRAMES: Record<string, (documentName: string) => Uint8Array> = {
  'a truncated update': (name) => updateFrame(name, realUpdate().slice(0, 20)),
  'random bytes as an update': (name) => updateFrame(name, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x02])),
  'a frame cut off inside its length prefix': (name) =>
    frame((e) => {
      encoding.writeVarString(e, name);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 5_000);
    }),
};

describe('a malformed frame closes only its own connection', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  for (const [label, build] of Object.entries(BAD_FRAMES)) {
    it(`${label}: the sender is closed with ${CloseCodes.InvalidUpdate.reason}, others keep editing, nothing is stored`, async () => {
      server = await startServer();
      const a = await createStatement(server.baseUrl, { markdown: 'Statement A.' });
      const b = await createStatement(server.baseUrl, { markdown: 'Statement B.' });
      const editorA = await EditorClient.connect(server, a.id);
      const editorB = await EditorClient.connect(server, b.id);
      clients.push(editorA, editorB);
      const logBefore = await server.app.jointly.store.documents.countLogged(`statement:${a.id}`);

      const attacker = await RawCollabClient.open(server, a.id);
      attacker.send(build(attacker.documentName));
      const closed = await attacker.closed;
      expect(closed.code).toBe(CloseCodes.InvalidUpdate.code);

      // Other statements and other clients of the same statement carry on.
      editorB.insertText(0, 0, 'still editing B: ');
      editorA.insertText(0, 0, 'still editing A: ');
      await Promise.all([editorA.acknowledged(), editorB.acknowledged()]);
      expect(editorB.paragraphs()[0]).toBe('still editing B: Statement B.');

      // The bad frame never reached the log: only A's own edit did.
      expect(await server.app.jointly.store.documents.countLogged(`statement:${a.id}`)).toBe(logBefore + 1);
      const reader = await EditorClient.connect(server, a.id);
      clients.push(reader);
      await waitForSameState([editorA, reader]);
      expect(reader.paragraphs()).toEqual(['still editing A: Statement A.']);
    });
  }

  it('an oversized frame is refused by the websocket limit and harms no one else', async () => {
    server = await startServer({ config: { wsMaxPayloadBytes: 256 * 1024 } });
    const a = await createStatement(server.baseUrl);
    const editor = await EditorClient.connect(server, a.id);
    clients.push(editor);
    const attacker = await RawCollabClient.open(server, a.id);
    attacker.send(updateFrame(attacker.documentName, new Uint8Array(300 * 1024)));
    expect((await attacker.closed).code).toBe(1009);
    editor.appendParagraph('after the oversized frame');
    await editor.acknowledged();
  });
});
