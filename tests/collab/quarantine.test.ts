import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { createStatement } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

describe('a stored update that does not apply never bricks a statement', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('is quarantined on load and reported; the document loads with everything else', async () => {
    server = await startServer();
    const { id } = await createStatement(server.baseUrl, { markdown: 'Survives.' });
    const name = `statement:${id}`;
    const store = server.app.jointly.store;
    // Simulate damage that got past validation (a bug, a disk error): bytes that cannot apply.
    const badSeq = await store.documents.append(name, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const goodDoc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Logged after the damage.')]);
    goodDoc.getXmlFragment('default').push([paragraph]);
    await store.documents.append(name, Y.encodeStateAsUpdate(goodDoc));

    const reader = await EditorClient.connect(server, id);
    clients.push(reader);
    expect(reader.paragraphs()).toContain('Survives.');
    expect(reader.paragraphs()).toContain('Logged after the damage.');

    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'), { readOnly: true });
    const quarantined = db.prepare('SELECT seq, name, reason FROM quarantined_updates').all();
    db.close();
    expect(quarantined).toEqual([{ seq: badSeq, name, reason: expect.any(String) }]);
  });
});
