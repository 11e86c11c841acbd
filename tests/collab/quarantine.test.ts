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

  it('a logged update that admission would refuse today (pending deletes, another root type) is quarantined at load, never served', async () => {
    server = await startServer();
    const { id } = await createStatement(server.baseUrl, { markdown: 'Kept as it was.' });
    const name = `statement:${id}`;
    const store = server.app.jointly.store;
    // Stored before admission existed (or by a bug): deletes of structs nobody has, pending forever…
    const absent = new Y.Doc();
    absent.clientID = 424_242;
    absent.getXmlFragment('default').push([new Y.XmlText('never stored')]);
    const deleter = new Y.Doc();
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(absent));
    deleter.getXmlFragment('default').delete(0, 1);
    const pendingDelete = Y.encodeStateAsUpdate(deleter, Y.encodeStateVector(absent));
    const pendingSeq = await store.documents.append(name, pendingDelete);
    // …and a write to a root type outside the statement, invisible to its content hash.
    const hidden = new Y.Doc();
    hidden.getMap('hidden').set('payload', 'x'.repeat(1_000));
    const hiddenSeq = await store.documents.append(name, Y.encodeStateAsUpdate(hidden));

    const reader = await EditorClient.connect(server, id);
    clients.push(reader);
    expect(reader.paragraphs()).toContain('Kept as it was.');
    expect(reader.doc.getMap('hidden').size).toBe(0);
    expect(reader.doc.store.pendingDs).toBeNull();
    expect(reader.doc.store.pendingStructs).toBeNull();

    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'), { readOnly: true });
    const quarantined = db
      .prepare('SELECT seq FROM quarantined_updates ORDER BY seq')
      .all()
      .map((row) => row.seq);
    const logged = db.prepare('SELECT seq FROM document_updates WHERE name = ? AND seq IN (?, ?)').all(name, pendingSeq, hiddenSeq);
    db.close();
    expect(quarantined).toEqual([pendingSeq, hiddenSeq]);
    expect(logged).toEqual([]);
  });
});
