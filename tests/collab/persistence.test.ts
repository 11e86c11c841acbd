import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { api, createStatement, creatorOf } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { makeDataDir, startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

describe('documents persist across app restarts', () => {
  const servers: TestServer[] = [];
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
  });

  async function start(dataDir: string, config = {}): Promise<TestServer> {
    const server = await startServer({ dataDir, config });
    servers.push(server);
    return server;
  }

  async function connect(server: TestServer, id: string): Promise<EditorClient> {
    const client = await EditorClient.connect(server, id);
    clients.push(client);
    return client;
  }

  it('a new app on the same DATA_DIR serves the identical ProseMirror JSON', async () => {
    const dataDir = makeDataDir();
    const first = await start(dataDir);
    const { id } = await createStatement(first.baseUrl, { markdown: '## Our demands\n\n- fair rent\n- **safe** homes' });
    const editor = await connect(first, id);
    editor.appendParagraph('Signed in solidarity.');
    editor.insertText(0, 0, 'Today ');
    await editor.acknowledged();
    const before = editor.json();
    editor.destroy();
    await first.close();

    const second = await start(dataDir);
    const reader = await connect(second, id);
    expect(reader.json()).toEqual(before);
  });

  it('reloads from snapshot plus log, and from a compacted snapshot alone, to the same document', async () => {
    const dataDir = makeDataDir();
    const server = await start(dataDir, { compactAfterUpdates: 1_000_000 });
    const { id } = await createStatement(server.baseUrl);
    const editor = await connect(server, id);
    for (let i = 0; i < 30; i++) editor.appendParagraph(`line ${i}`);
    await editor.acknowledged();
    const store = server.app.jointly.store;
    const name = `statement:${id}`;
    expect(await store.documents.countLogged(name)).toBeGreaterThan(0);
    const expected = editor.json();

    // Last client leaves: the document is compacted into one snapshot and unloaded.
    editor.destroy();
    await waitFor(() => server.app.jointly.collaboration.hocuspocus.getDocumentsCount() === 0, 'document to unload');
    expect(await store.documents.countLogged(name)).toBe(0);

    const reader = await connect(server, id);
    expect(reader.json()).toEqual(expected);
  });

  it('a statement seeded from Markdown is seeded exactly once, however often it is reopened', async () => {
    const dataDir = makeDataDir();
    let server = await start(dataDir);
    const { id } = await createStatement(server.baseUrl, {
      title: 'On the right to housing',
      markdown: '# Preamble\n\nWe call for *action*.\n\n1. one\n2. two',
    });
    const first = await connect(server, id);
    const seeded = first.json();
    expect(seeded.content?.map((node) => node.type)).toEqual(['title', 'heading', 'paragraph', 'orderedList']);

    const store = server.app.jointly.store;
    const loggedBefore = await store.documents.countLogged(`statement:${id}`);
    for (let round = 0; round < 3; round++) {
      const again = await connect(server, id);
      expect(again.json()).toEqual(seeded);
      again.destroy();
    }
    // Reconnecting clients bring nothing new, so nothing new is logged either.
    expect(await store.documents.countLogged(`statement:${id}`)).toBe(loggedBefore);
    first.destroy();
    await server.close();
    servers.length = 0;
    server = await start(dataDir);
    const afterRestart = await connect(server, id);
    expect(afterRestart.json()).toEqual(seeded);
  });

  it('a statement seeded from HTML keeps its structure and marks', async () => {
    const server = await start(makeDataDir());
    const { id } = await createStatement(server.baseUrl, {
      html: '<h2>Context</h2><p>Rents rose <strong>40%</strong> in <a href="https://example.org/report">five years</a>.</p><ul><li><p>one</p></li></ul>',
    });
    const reader = await connect(server, id);
    const [, heading, paragraph, list] = reader.json().content ?? [];
    expect(heading).toMatchObject({ type: 'heading', attrs: { level: 2 } });
    expect(paragraph?.content).toContainEqual({ type: 'text', text: '40%', marks: [{ type: 'bold' }] });
    expect(JSON.stringify(paragraph)).toContain('https://example.org/report');
    expect(list?.type).toBe('bulletList');
  });
});

describe('the statement list follows the document', () => {
  it('shows the title as edited in the document, and when it was last edited', async () => {
    const server = await startServer();
    try {
      const { id, updatedAt } = await createStatement(server.baseUrl, { title: 'Draft title' });
      const editor = await EditorClient.connect(server, id);
      const title = editor.fragment.get(0) as Y.XmlElement;
      (title.get(0) as Y.XmlText).insert(5, ' final');
      await editor.acknowledged();
      await waitFor(() => server.app.jointly.collaboration.hocuspocus.getDocumentsCount() === 1, 'document loaded');
      const read = async () =>
        (await api<{ statement: { title: string; updatedAt: string } }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: creatorOf(id) })).body
          .statement;
      let statement = await read();
      await waitFor(async () => (statement = await read()).title === 'Draft final title', 'the listed title to follow', 5_000, 50).catch(() => {});
      expect(statement.title).toBe('Draft final title');
      expect(statement.updatedAt > updatedAt).toBe(true);
      editor.destroy();
    } finally {
      await server.close();
    }
  });
});
