import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { createStatement } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { startFaultServer } from '../helpers/fault-server.ts';
import type { FaultStore } from '../helpers/fault-store.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { setTimeout as sleep } from 'node:timers/promises';

describe('store failures never lose or falsely acknowledge an edit', () => {
  let server: (TestServer & { store: FaultStore }) | undefined;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
  });

  it('a failing append is retried and the edit is acknowledged once it is stored', async () => {
    server = await startFaultServer();
    const { id } = await createStatement(server.baseUrl, { markdown: 'Base.' });
    const author = await EditorClient.connect(server, id);
    clients.push(author);
    const name = `statement:${id}`;
    const logged = await server.app.jointly.store.documents.countLogged(name);

    server.store.failNextAppends = 3;
    const attempts = server.store.appendAttempts;
    author.appendParagraph('stored after retries');
    await author.acknowledged();
    expect(server.store.appendAttempts - attempts).toBe(4);
    expect(await server.app.jointly.store.documents.countLogged(name)).toBe(logged + 1);
  });

  it('when the store stays down the edit is refused unacknowledged, then lands after the store recovers', async () => {
    server = await startFaultServer();
    const { id } = await createStatement(server.baseUrl, { markdown: 'Base.' });
    const author = await EditorClient.connect(server, id);
    const observer = await EditorClient.connect(server, id);
    clients.push(author, observer);
    const closes: number[] = [];
    author.socket.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));

    server.store.failAllAppends = true;
    author.appendParagraph('written while storage is down');
    await waitForClose(closes, CloseCodes.StorageUnavailable.code);
    expect(author.provider.unsyncedChanges).toBeGreaterThan(0);
    const serverDoc = server.app.jointly.collaboration.hocuspocus.documents.get(`statement:${id}`);
    expect(serverDoc?.getXmlFragment('default').toString() ?? '').not.toContain('written while storage is down');
    expect(observer.paragraphs()).toEqual(['Base.']);

    server.store.failAllAppends = false;
    await author.acknowledged(15_000);
    await waitForSameState([author, observer]);
    expect(observer.paragraphs()).toEqual(['Base.', 'written while storage is down']);
  });
});

async function waitForClose(closes: number[], code: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!closes.includes(code)) {
    if (Date.now() > deadline) throw new Error(`no close with ${code}; saw ${closes.join(', ') || 'none'}`);
    await sleep(10);
  }
}
