import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { MAX_TITLE_LENGTH } from '../../shared/api/statements.ts';
import { api, createStatement, creatorOf } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/** Titles are at most MAX_TITLE_LENGTH characters where Jointly lists them, whatever a Yjs client writes. */
describe('the title length limit on the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a statement created with a longer title (400)', async () => {
    const person = creatorOf((await createStatement(server.baseUrl, { title: 'Short' })).id);
    const refused = await api(server.baseUrl, 'POST', '/api/statements', { title: 'x'.repeat(MAX_TITLE_LENGTH + 1), leadOrgId: person.orgId }, { as: person });
    expect(refused.status).toBe(400);
  });

  it('lists a title written longer through the document cut to the limit (the document itself is left as written)', async () => {
    const { id } = await createStatement(server.baseUrl, { title: 'Draft' });
    const editor = await EditorClient.connect(server, id);
    const long = `Draft ${'word '.repeat(100)}`; // 506 characters: past the limit
    const title = editor.fragment.get(0) as Y.XmlElement;
    (title.get(0) as Y.XmlText).insert(5, long.slice(5));
    await editor.acknowledged();
    const read = async () =>
      (await api<{ statement: { title: string } }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: creatorOf(id) })).body.statement.title;
    await waitFor(async () => (await read()).startsWith('Draft word word'), 'the listed title to follow', 10_000, 50);
    const listed = await read();
    expect(listed.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(listed).toBe(long.slice(0, MAX_TITLE_LENGTH).trim());
    const listItem = (
      await api<{ statements: { id: string; title: string }[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as: creatorOf(id) })
    ).body.statements.find((statement) => statement.id === id);
    expect(listItem?.title).toBe(listed);
    // The server never rewrites what a person wrote: the document keeps the whole title.
    expect((title.get(0) as Y.XmlText).toString()).toBe(long);
    editor.destroy();
  });
});
