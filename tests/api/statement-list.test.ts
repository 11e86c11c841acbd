import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementListItem } from '../../shared/api/statements.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/** The dashboard reads sign-off progress from the list alone: the counts must follow the text. */
describe("the statement list carries each statement's sign-off progress", () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    partner = await signUp(server.baseUrl, 'Dev', 'Tenants Union');
  });
  afterAll(async () => server.close());

  const listed = async (as: Person, id: string) =>
    (await api<{ statements: StatementListItem[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as })).body.statements.find((s) => s.id === id);

  it("counts current and outdated sign-offs of participants, with the lead organization's name", async () => {
    const statement = await createStatement(server.baseUrl, { title: 'Counts', markdown: 'Text.' }, lead);
    await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    expect(await listed(partner, statement.id)).toMatchObject({ leadOrgName: 'Housing Now', signoffs: { signed: 0, stale: 0, total: 2 } });

    await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: lead.orgId, contentHash: statement.contentHash }, { as: lead });
    expect((await listed(partner, statement.id))?.signoffs).toEqual({ signed: 1, stale: 0, total: 2 });

    const editor = await EditorClient.connect(server, statement.id, partner);
    editor.appendParagraph('A partner edit.');
    await editor.acknowledged();
    editor.destroy();
    await waitFor(async () => (await listed(lead, statement.id))?.signoffs.stale === 1, 'the edit to make the sign-off outdated', 5_000, 50);
    expect((await listed(lead, statement.id))?.signoffs).toEqual({ signed: 0, stale: 1, total: 2 });
  });
});
