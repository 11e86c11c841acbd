import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail, StatementListItem } from '../../shared/api/statements.ts';
import type { Role } from '../../shared/roles.ts';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { databaseFile } from '../helpers/sqlite-faults.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The dashboard says whose turn it is from the list alone: `waitingOn` names exactly the
 * required organizations without a sign-off of the text that counts (the current one; once
 * published, the published one), optional ones never; `needsMySignoff` names those of them the
 * reader may sign for (signatory or admin there), and nothing once published.
 */
describe('the statement list says whose turn it is (waitingOn, needsMySignoff, required counts)', () => {
  let server: TestServer;
  let lead: Person; // admin of Housing Now
  let tenants: Person; // admin of Tenants Union
  let green: Person; // admin of Green Streets (an optional partner)

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    tenants = await signUp(server.baseUrl, 'Dev', 'Tenants Union');
    green = await signUp(server.baseUrl, 'Gia', 'Green Streets');
  });
  afterAll(async () => server.close());

  const listed = async (as: Person | Pick<Person, 'cookie'>, id: string): Promise<StatementListItem> => {
    const answer = await api<{ statements: StatementListItem[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as });
    expect(answer.status).toBe(200);
    const found = answer.body.statements.find((s) => s.id === id);
    if (!found) throw new Error(`statement ${id} is not in the list`);
    return found;
  };
  const detail = async (as: Person, id: string): Promise<StatementDetail> =>
    (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as })).body.statement;
  const names = (refs: { name: string }[]) => refs.map((r) => r.name);
  const post = async (path: string, body: unknown, as: Person) => {
    const answer = await api<{ statement: StatementDetail }>(server.baseUrl, 'POST', path, body, { as });
    if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const signFor = (id: string, person: Person, contentHash: string) => post(`/api/statements/${id}/signoffs`, { orgId: person.orgId, contentHash }, person);

  /** A statement led by Housing Now with Tenants Union required and Green Streets optional. */
  async function coalitionStatement(title: string): Promise<StatementDetail> {
    const statement = await createStatement(server.baseUrl, { title, markdown: 'We call for a moratorium on evictions.' }, lead);
    await post(`/api/statements/${statement.id}/participants`, { orgId: tenants.orgId, required: true }, lead);
    return (await post(`/api/statements/${statement.id}/participants`, { orgId: green.orgId, required: false }, lead)).statement;
  }

  it('names the required organizations without a current sign-off, lead first, never the optional ones', async () => {
    const statement = await coalitionStatement('Waiting on');
    const item = await listed(lead, statement.id);
    expect(names(item.waitingOn)).toEqual(['Housing Now', 'Tenants Union']);
    expect(item.waitingOn.map((w) => w.orgId)).toEqual([lead.orgId, tenants.orgId]);
    expect(item.requiredSignoffs).toEqual({ signed: 0, stale: 0, total: 2 });
    expect(item.signoffs).toEqual({ signed: 0, stale: 0, total: 3 });
    // The statement record says the same.
    expect(names((await detail(lead, statement.id)).waitingOn)).toEqual(['Housing Now', 'Tenants Union']);

    // The optional partner signing changes nothing about whose turn it is.
    await signFor(statement.id, green, statement.contentHash);
    expect(names((await listed(lead, statement.id)).waitingOn)).toEqual(['Housing Now', 'Tenants Union']);
    expect((await listed(lead, statement.id)).requiredSignoffs).toEqual({ signed: 0, stale: 0, total: 2 });
    expect((await listed(lead, statement.id)).signoffs).toEqual({ signed: 1, stale: 0, total: 3 });

    await signFor(statement.id, tenants, statement.contentHash);
    expect(names((await listed(lead, statement.id)).waitingOn)).toEqual(['Housing Now']);
    await signFor(statement.id, lead, statement.contentHash);
    const signed = await listed(tenants, statement.id);
    expect(signed.waitingOn).toEqual([]);
    expect(signed.requiredSignoffs).toEqual({ signed: 2, stale: 0, total: 2 });

    // Withdrawn: missing again.
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/signoffs/${tenants.orgId}`, undefined, { as: tenants })).status).toBeLessThan(
      300,
    );
    expect(names((await listed(lead, statement.id)).waitingOn)).toEqual(['Tenants Union']);
  });

  it('counts a stale sign-off (of an earlier text) as missing', async () => {
    const statement = await coalitionStatement('Stale');
    await signFor(statement.id, lead, statement.contentHash);
    await signFor(statement.id, tenants, statement.contentHash);
    await signFor(statement.id, green, statement.contentHash);
    expect((await listed(lead, statement.id)).waitingOn).toEqual([]);

    const editor = await EditorClient.connect(server, statement.id, tenants);
    editor.appendParagraph('Rents must be capped.');
    await editor.acknowledged();
    editor.destroy();
    await waitFor(async () => (await listed(lead, statement.id)).waitingOn.length === 2, 'the edit to make the sign-offs stale', 5_000, 50);

    const item = await listed(lead, statement.id);
    expect(names(item.waitingOn)).toEqual(['Housing Now', 'Tenants Union']);
    expect(item.requiredSignoffs).toEqual({ signed: 0, stale: 2, total: 2 });
    // The optional partner's stale sign-off counts in the overall figures only.
    expect(item.signoffs).toEqual({ signed: 0, stale: 3, total: 3 });
    expect(names(item.needsMySignoff)).toEqual(['Housing Now']);
    expect(names((await listed(tenants, statement.id)).needsMySignoff)).toEqual(['Tenants Union']);
    expect((await listed(green, statement.id)).needsMySignoff).toEqual([]);
  });

  it("is relative to the published text once published, and nobody's sign-off is asked for then", async () => {
    const statement = await coalitionStatement('Published');
    await signFor(statement.id, lead, statement.contentHash);
    await signFor(statement.id, tenants, statement.contentHash);
    const published = (await post(`/api/statements/${statement.id}/publish`, undefined, lead)).statement;
    expect(published.status).toBe('published');

    let item = await listed(lead, statement.id);
    expect(item.waitingOn).toEqual([]);
    expect(item.requiredSignoffs).toEqual({ signed: 2, stale: 0, total: 2 });
    // The optional partner that never signed is not waited on, even now.
    expect(item.signoffs).toEqual({ signed: 2, stale: 0, total: 3 });

    // Were the current text's hash ever to differ from the published one, the published text
    // still counts: nobody is waited on (a second connection writes the row behind the server).
    const db = new DatabaseSync(databaseFile(server.dataDir));
    try {
      db.prepare('UPDATE statements SET content_hash = ? WHERE id = ?').run('0'.repeat(64), statement.id);
    } finally {
      db.close();
    }
    item = await listed(lead, statement.id);
    expect(item.waitingOn).toEqual([]);
    expect(item.requiredSignoffs).toEqual({ signed: 2, stale: 0, total: 2 });

    // A required sign-off of the published text gone (withdrawn after publication, store level):
    // missing, but nobody is asked to sign a published statement from the dashboard.
    expect(await server.app.jointly.store.workflow.withdrawSignoff({ statementId: statement.id, orgId: tenants.orgId, userId: tenants.user.id })).toBe(true);
    item = await listed(lead, statement.id);
    expect(names(item.waitingOn)).toEqual(['Tenants Union']);
    expect((await listed(tenants, statement.id)).needsMySignoff).toEqual([]);
  });

  describe('needsMySignoff lists only the organizations where the reader is a signatory or admin', () => {
    const cases: [Role, boolean][] = [
      ['viewer', false],
      ['editor', false],
      ['signatory', true],
      ['admin', true],
    ];
    it.each(cases)('a %s of Tenants Union: asked to sign for it: %s', async (role, asked) => {
      const statement = await coalitionStatement(`Role ${role}`);
      const member = await signUpUser(server.baseUrl, `Tenants ${role}`);
      await joinOrg(server.baseUrl, tenants, tenants.orgId, member, role);
      const item = await listed(member, statement.id);
      expect(names(item.waitingOn)).toEqual(['Housing Now', 'Tenants Union']);
      expect(names(item.needsMySignoff)).toEqual(asked ? ['Tenants Union'] : []);
    });

    it('a person in two organizations is asked only for the one they sign for, and not once it has signed', async () => {
      const statement = await coalitionStatement('Two hats');
      const person = await signUpUser(server.baseUrl, 'Two Hats');
      await joinOrg(server.baseUrl, lead, lead.orgId, person, 'editor');
      await joinOrg(server.baseUrl, tenants, tenants.orgId, person, 'signatory');
      expect(names((await listed(person, statement.id)).needsMySignoff)).toEqual(['Tenants Union']);
      // The lead's admin is asked for Housing Now, never for a partner.
      expect(names((await listed(lead, statement.id)).needsMySignoff)).toEqual(['Housing Now']);
      // Optional partners are never asked from the dashboard.
      expect((await listed(green, statement.id)).needsMySignoff).toEqual([]);

      await signFor(statement.id, tenants, statement.contentHash);
      expect((await listed(person, statement.id)).needsMySignoff).toEqual([]);
      expect(names((await listed(lead, statement.id)).waitingOn)).toEqual(['Housing Now']);
    });
  });
});
