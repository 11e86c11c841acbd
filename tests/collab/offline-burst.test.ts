import { afterEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';
import { makeDataDir, startServer, type TestServer } from '../helpers/test-server.ts';

// A reconnecting provider sends every edit made offline as its own frame, in one burst; the
// durable log takes the queued ones in one batch (server/collab/queued-updates.ts).
describe('an offline session replayed on reconnect', () => {
  const servers: TestServer[] = [];
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
  });

  async function connect(server: TestServer, id: string): Promise<EditorClient> {
    const client = await EditorClient.connect(server, id);
    clients.push(client);
    await client.acknowledged();
    return client;
  }

  it('is stored, acknowledged and seen by others, and survives a restart', async () => {
    const dataDir = makeDataDir();
    const server = await startServer({ dataDir, config: { compactAfterUpdates: 1_000_000 } });
    servers.push(server);
    const { id } = await createStatement(server.baseUrl, { markdown: 'First paragraph.\n\nSecond paragraph.' });
    const writer = await connect(server, id);
    const reader = await connect(server, id);

    writer.goOffline();
    for (let i = 0; i < 600; i++) writer.insertText(i % 2, i % 7, String.fromCharCode(97 + (i % 26)));
    expect(writer.provider.unsyncedChanges).toBeGreaterThan(0);
    await writer.goOnline();
    await writer.acknowledged(20_000);
    await waitForSameState([writer, reader], 20_000);
    const expected = writer.json();
    const store = server.app.jointly.store;
    expect(await store.documents.countLogged(`statement:${id}`)).toBeGreaterThan(0);

    for (const client of clients.splice(0)) client.destroy();
    await servers.pop()!.close();
    const restarted = await startServer({ dataDir });
    servers.push(restarted);
    const fresh = await connect(restarted, id);
    expect(fresh.json()).toEqual(expected);
  }, 60_000);
});
