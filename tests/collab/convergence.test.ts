import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { EditorClient, waitForSameState } from '../helpers/editor-client.ts';

describe('real providers editing one statement converge', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  async function connect(statementId: string): Promise<EditorClient> {
    const client = await EditorClient.connect(server, statementId);
    clients.push(client);
    return client;
  }

  async function expectConverged(group: EditorClient[], expectedParagraphs: number): Promise<void> {
    await Promise.all(group.map((c) => c.acknowledged()));
    await waitForSameState(group);
    const reference = JSON.stringify(group[0]!.json());
    for (const client of group) expect(JSON.stringify(client.json())).toBe(reference);
    expect(group[0]!.paragraphs()).toHaveLength(expectedParagraphs);
  }

  it('two editors typing at the same time end with the same document', async () => {
    const { id } = await createStatement(server.baseUrl, { markdown: 'We, the undersigned,' });
    const [a, b] = [await connect(id), await connect(id)];
    for (let i = 0; i < 20; i++) {
      a.insertText(0, 0, `a${i} `);
      b.insertText(0, 1_000, ` b${i}`);
    }
    await expectConverged([a, b], 1);
    const text = a.paragraphs()[0]!;
    for (let i = 0; i < 20; i++) expect(text).toContain(`a${i} `);
    for (let i = 0; i < 20; i++) expect(text).toContain(` b${i}`);
  });

  it('five editors converge and a client joining late receives the full text', async () => {
    const { id } = await createStatement(server.baseUrl, { markdown: 'Opening paragraph.' });
    const group = await Promise.all([1, 2, 3, 4, 5].map(() => connect(id)));
    group.forEach((client, n) => {
      client.appendParagraph(`Paragraph from editor ${n}.`);
      client.insertText(0, 0, `[${n}]`);
    });
    await expectConverged(group, 6);

    const late = await connect(id);
    expect(late.json()).toEqual(group[0]!.json());
    expect(late.paragraphs()).toHaveLength(6);
    expect(late.json().content?.[0]).toMatchObject({ type: 'title', content: [{ text: 'Joint statement on housing' }] });
  });
});
