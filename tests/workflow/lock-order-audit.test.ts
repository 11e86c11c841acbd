import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { updatesLoggedSoFar } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { UpdateAnswers } from '../helpers/update-answers.ts';
import { waitFor } from '../helpers/wait.ts';

type Answer = { statement: StatementDetail } & { error: { code: string } };

describe('lock, unlock, signatory order and the audit trail', () => {
  let server: TestServer;
  let lead: Person;
  let zeta: Person;
  let alpha: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Lead', 'Mid Org');
    zeta = await signUp(server.baseUrl, 'Z', 'Zeta Org');
    alpha = await signUp(server.baseUrl, 'A', 'Alpha Org');
  });
  afterAll(async () => server.close());

  const post = (as: Person, id: string, path: string, body?: unknown) => api<Answer>(server.baseUrl, 'POST', `/api/statements/${id}/${path}`, body, { as });

  it('locking stops edits on open connections; unlocking lets them flow again', async () => {
    const { id } = await createStatement(server.baseUrl, { markdown: 'Draft.' }, lead);
    const editor = await EditorClient.connect(server, id, lead);
    await editor.acknowledged();
    const answers = UpdateAnswers.ofEditor(editor);
    const serverText = () => server.app.jointly.collaboration.hocuspocus.documents.get(`statement:${id}`)?.getXmlFragment('default').toString() ?? '';

    expect((await post(lead, id, 'lock')).body.statement.status).toBe('locked');
    expect((await post(lead, id, 'lock')).body.error.code).toBe('STATEMENT_LOCKED');
    const logged = updatesLoggedSoFar(server);
    editor.appendParagraph('typed while locked');
    // Refused on the server ("not applied": the connection is read-only), and not stored.
    expect(await answers.next('the edit while locked')).toEqual({ kind: 'refused' });
    expect(updatesLoggedSoFar(server)).toBe(logged);
    expect(serverText()).not.toContain('typed while locked');

    expect((await post(lead, id, 'unlock')).body.statement.status).toBe('drafting');
    expect((await post(lead, id, 'unlock')).body.error.code).toBe('STATEMENT_NOT_LOCKED');
    // The provider reconnects on its own and sends what was refused while locked.
    await waitFor(() => serverText().includes('typed while locked'), 'the edit after unlocking', 5_000);
    editor.destroy();
  });

  it('the signatory list is lead first then alphabetical, unless the lead sets an order', async () => {
    const { id } = await createStatement(server.baseUrl, { markdown: 'Text.' }, lead);
    for (const org of [zeta, alpha]) await post(lead, id, 'participants', { orgId: org.orgId, required: false });
    let view = (await api<Answer>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: lead })).body.statement;
    for (const org of [zeta, lead, alpha]) await post(org, id, 'signoffs', { orgId: org.orgId, contentHash: view.contentHash });
    view = (await api<Answer>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: lead })).body.statement;
    expect(view.signatories.map((s) => s.name)).toEqual(['Mid Org', 'Alpha Org', 'Zeta Org']);

    const ordered = await api<Answer>(server.baseUrl, 'PUT', `/api/statements/${id}/signatory-order`, { orgIds: [zeta.orgId, lead.orgId] }, { as: lead });
    expect(ordered.body.statement.signatories.map((s) => s.name)).toEqual(['Zeta Org', 'Mid Org', 'Alpha Org']);
    expect((await api(server.baseUrl, 'PUT', `/api/statements/${id}/signatory-order`, { orgIds: null }, { as: zeta })).status).toBe(403);
    const reset = await api<Answer>(server.baseUrl, 'PUT', `/api/statements/${id}/signatory-order`, { orgIds: null }, { as: lead });
    expect(reset.body.statement.signatories.map((s) => s.name)).toEqual(['Mid Org', 'Alpha Org', 'Zeta Org']);
  });

  it('an organization removed and added back must sign again', async () => {
    const { id, contentHash } = await createStatement(server.baseUrl, { markdown: 'Text.' }, lead);
    await post(lead, id, 'participants', { orgId: alpha.orgId, required: true });
    expect((await post(alpha, id, 'signoffs', { orgId: alpha.orgId, contentHash })).status).toBe(201);
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/participants/${alpha.orgId}`, undefined, { as: lead })).status).toBe(204);
    const readded = await post(lead, id, 'participants', { orgId: alpha.orgId, required: true });
    expect(readded.body.statement.participants.find((p) => p.orgId === alpha.orgId)?.signoff).toBeNull();
    expect((await post(lead, id, 'signoffs', { orgId: lead.orgId, contentHash })).status).toBe(201);
    expect((await post(lead, id, 'publish')).body.error.code).toBe('NOT_ALL_SIGNED');
  });

  it('the audit trail is append-only in the database itself', async () => {
    const { id } = await createStatement(server.baseUrl, {}, lead);
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    try {
      expect(() => db.prepare("UPDATE audit_events SET action = 'forged' WHERE statement_id = ?").run(id)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events WHERE statement_id = ?').run(id)).toThrow(/append-only/);
    } finally {
      db.close();
    }
    const trail = await api<{ events: { action: string; user: { name: string } }[] }>(server.baseUrl, 'GET', `/api/statements/${id}/audit`, undefined, {
      as: lead,
    });
    expect(trail.body.events).toMatchObject([{ action: 'created', user: { name: 'Lead' } }]);
  });
});
