import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { createStatement } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { RawCollabClient, frame, updateFrame } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import * as encoding from 'lib0/encoding';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';

/** A real update as a client would send it: 'x' typed into a fresh paragraph. */
function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('a fairly long sentence so that the update has many bytes')]);
  doc.getXmlFragment('default').push([paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Found by fuzzing a real update: it decodes, then throws inside Y.applyUpdate ("reading 'id'").
 * Admission now refuses it before the log (it writes to a root type "d|fault").
 */
const DECODES_BUT_DOES_NOT_APPLY = Buffer.from(
  '01030100070107647c6661756c7403097061726167726170680700011206040001012368656c6c6f20776f726c642c206120666169726c79206c6f6e672073656e74656e636500',
  'hex',
);

const BAD_FRAMES: Record<string, { build: (documentName: string) => Uint8Array }> = {
  'a truncated update': { build: (name) => updateFrame(name, realUpdate().slice(0, 20)) },
  'random bytes as an update': {
    build: (name) => updateFrame(name, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x02])),
  },
  'a frame cut off inside its length prefix': {
    build: (name) =>
      frame((e) => {
        encoding.writeVarString(e, name);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint(e, 5_000);
      }),
  },
  'an update that decodes but throws while applying': {
    build: (name) => updateFrame(name, DECODES_BUT_DOES_NOT_APPLY),
  },
};

describe('a malformed frame closes only its own connection', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  for (const [label, { build }] of Object.entries(BAD_FRAMES)) {
    it(`${label}: the sender is refused (${CloseCodes.InvalidUpdate.reason} or ${CloseCodes.UpdateRefused.reason}), others keep editing, nothing is stored`, async () => {
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
      expect([CloseCodes.InvalidUpdate.code, CloseCodes.UpdateRefused.code]).toContain(closed.code);

      // Other statements and other clients of the same statement carry on.
      editorB.insertText(0, 0, 'still editing B: ');
      editorA.insertText(0, 0, 'still editing A: ');
      await Promise.all([editorA.acknowledged(), editorB.acknowledged()]);
      expect(editorB.paragraphs()[0]).toBe('still editing B: Statement B.');

      const logged = await server.app.jointly.store.documents.countLogged(`statement:${a.id}`);
      const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'), { readOnly: true });
      const quarantined = (db.prepare('SELECT count(*) AS n FROM quarantined_updates').get() as { n: number }).n;
      db.close();
      // Refused before the log: only A's own edit was stored, nothing set aside.
      expect(quarantined).toBe(0);
      expect(logged).toBe(logBefore + 1);
      const reader = await EditorClient.connect(server, a.id);
      clients.push(reader);
      await waitForSameState([editorA, reader]);
      expect(reader.paragraphs()[0]).toBe('still editing A: Statement A.');
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
