import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { api, createStatement, joinOrg, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { serverDatabase } from '../helpers/sqlite-faults.ts';
import { makeDataDir, startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

type Answer = { statement: StatementDetail } & { error?: { code: string; message: string } };

function outboxOf(server: TestServer, statementId: string): { kind: string; org_id: string | null; actor_id: string | null }[] {
  return serverDatabase(server.app.jointly.store).all('SELECT kind, org_id, actor_id FROM outbox_events WHERE statement_id = ? ORDER BY id', statementId);
}

describe('coalition workflow: countdown locks, empty statements, signer titles, deadlines, archive, outbox events', () => {
  let server: TestServer;
  let lead: Person;
  let partner: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    partner = await signUp(server.baseUrl, 'Dev', 'Tenants Union');
  });
  afterAll(() => server.close());

  const statementWith = async (markdown: string, partners: Person[] = [partner]) => {
    const id = (await createStatement(server.baseUrl, { title: 'Winter moratorium', markdown }, lead)).id;
    for (const p of partners) await api(server.baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: p.orgId, required: true }, { as: lead });
    return id;
  };
  const get = async (id: string, as: Person = lead) => (await api<Answer>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as })).body.statement;
  const post = (id: string, path: string, body: unknown, as: Person = lead) =>
    api<Answer>(server.baseUrl, 'POST', `/api/statements/${id}${path}`, body, { as });

  it('a lock with a countdown answers 202 with pendingLock, refuses a second countdown, and locks when it runs out', async () => {
    const id = await statementWith('We call for a moratorium.');
    const scheduled = await post(id, '/lock', { delaySeconds: 1 });
    expect(scheduled.status).toBe(202);
    expect(scheduled.body.statement.status).toBe('drafting');
    expect(scheduled.body.statement.pendingLock?.requestedBy.name).toBe('Amal');
    const lockAt = Date.parse(scheduled.body.statement.pendingLock!.lockAt);
    expect(lockAt - Date.now()).toBeGreaterThan(0);
    expect(lockAt - Date.now()).toBeLessThanOrEqual(1_000);
    // The partner sees the countdown too.
    expect((await get(id, partner)).pendingLock?.lockAt).toBe(scheduled.body.statement.pendingLock!.lockAt);
    expect((await post(id, '/lock', { delaySeconds: 30 })).body.error?.code).toBe('LOCK_PENDING');
    await waitFor(async () => (await get(id)).status === 'locked', 'the scheduled lock to fire', 5_000, 50);
    const locked = await get(id);
    expect(locked.pendingLock).toBeNull();
    const audit = (await api<{ events: { action: string }[] }>(server.baseUrl, 'GET', `/api/statements/${id}/audit`, undefined, { as: lead })).body.events;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['lock scheduled', 'locked']));
  });

  it('the lead cancels a countdown with POST /unlock: nothing locks; a partner cannot schedule or cancel', async () => {
    const id = await statementWith('We call for a moratorium.');
    expect((await post(id, '/lock', { delaySeconds: 1 }, partner)).status).toBe(403);
    expect((await post(id, '/lock', { delaySeconds: 1 })).status).toBe(202);
    expect((await post(id, '/unlock', {}, partner)).status).toBe(403);
    const cancelled = await post(id, '/unlock', {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.statement.pendingLock).toBeNull();
    await sleep(1_500);
    expect((await get(id)).status).toBe('drafting');
  });

  it('"Lock now" during a countdown locks at once; an edit in the countdown is kept and part of the locked text', async () => {
    const id = await statementWith('We call for a moratorium.');
    const editor = await EditorClient.connect(server, id, lead);
    try {
      expect((await post(id, '/lock', { delaySeconds: 60 })).status).toBe(202);
      editor.appendParagraph('Added during the countdown.');
      await editor.acknowledged();
      const now = await post(id, '/lock', {});
      expect(now.status).toBe(200);
      expect(now.body.statement.status).toBe('locked');
      expect(now.body.statement.pendingLock).toBeNull();
      const md = await fetch(`${server.baseUrl}/api/statements/${id}/export?format=md`, { headers: { cookie: lead.cookie } });
      expect(await md.text()).toContain('Added during the countdown.');
    } finally {
      editor.destroy();
    }
  });

  it('an empty statement (title only) cannot be locked, scheduled, signed or published', async () => {
    const id = await statementWith('', []);
    const hash = (await get(id)).contentHash;
    for (const [path, body] of [
      ['/lock', {}],
      ['/lock', { delaySeconds: 5 }],
      ['/signoffs', { orgId: lead.orgId, contentHash: hash }],
      ['/publish', {}],
    ] as const) {
      const answer = await post(id, path, body);
      expect(answer.status, path).toBe(409);
      expect(answer.body.error?.code, path).toBe('EMPTY_STATEMENT');
    }
    expect((await get(id)).status).toBe('drafting');
  });

  it("a sign-off keeps the signer's title (blank is none; longer than 120 characters refused)", async () => {
    const id = await statementWith('We call for a moratorium.');
    const hash = (await get(id)).contentHash;
    expect((await post(id, '/signoffs', { orgId: lead.orgId, contentHash: hash, signerTitle: 'x'.repeat(121) })).status).toBe(400);
    const signed = await post(id, '/signoffs', { orgId: lead.orgId, contentHash: hash, signerTitle: '  Executive Director ' });
    expect(signed.status).toBe(201);
    expect(signed.body.statement.participants.find((p) => p.orgId === lead.orgId)?.signoff?.signerTitle).toBe('Executive Director');
    const blank = await post(id, '/signoffs', { orgId: partner.orgId, contentHash: hash, signerTitle: '   ' }, partner);
    expect(blank.body.statement.participants.find((p) => p.orgId === partner.orgId)?.signoff?.signerTitle).toBeNull();
    // The title stands beside the organization in the signatory list and in the certificate.
    const md = await (await fetch(`${server.baseUrl}/api/statements/${id}/export?format=md&certificate=true`, { headers: { cookie: lead.cookie } })).text();
    expect(md).toContain('- Housing Now — Amal, Executive Director');
    expect(md).toContain('- Tenants Union\n');
    expect(md).toContain('**Housing Now**: signed by Amal \\(Executive Director\\)');
  });

  it('deadline: lead editors set and clear a future UTC deadline; the past is refused; partners cannot; waitingOn names who is missing', async () => {
    const id = await statementWith('We call for a moratorium.');
    const patch = (body: unknown, as: Person = lead) => api<Answer>(server.baseUrl, 'PATCH', `/api/statements/${id}`, body, { as });
    expect((await patch({ signoffDeadline: new Date(Date.now() - 60_000).toISOString() })).status).toBe(400);
    expect((await patch({ signoffDeadline: 'tomorrow' })).status).toBe(400);
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    expect((await patch({ signoffDeadline: deadline.toISOString() }, partner)).status).toBe(403);
    const set = await patch({ signoffDeadline: deadline.toISOString().replace('Z', '+00:00') });
    expect(set.status).toBe(200);
    expect(set.body.statement.signoffDeadline).toBe(deadline.toISOString());
    expect(set.body.statement.waitingOn.map((o) => o.name)).toEqual(['Housing Now', 'Tenants Union']);
    expect((await patch({ signoffDeadline: null })).body.statement.signoffDeadline).toBeNull();
  });

  it('archive: lead editors archive and restore, also once published; partners cannot', async () => {
    const id = await statementWith('We call for a moratorium.');
    const hash = (await get(id)).contentHash;
    await post(id, '/signoffs', { orgId: lead.orgId, contentHash: hash });
    await post(id, '/signoffs', { orgId: partner.orgId, contentHash: hash }, partner);
    expect((await post(id, '/publish', {})).status).toBe(200);
    const patch = (body: unknown, as: Person = lead) => api<Answer>(server.baseUrl, 'PATCH', `/api/statements/${id}`, body, { as });
    const archived = await patch({ archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.statement.archivedAt).not.toBeNull();
    const list = await api<{ statements: { id: string; archivedAt: string | null }[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as: lead });
    expect(list.body.statements.find((s) => s.id === id)?.archivedAt).not.toBeNull();
    expect((await patch({ signoffDeadline: new Date(Date.now() + 86_400_000).toISOString() })).body.error?.code).toBe('STATEMENT_PUBLISHED');
    expect((await patch({ archived: false })).body.statement.archivedAt).toBeNull();
    // A partner organization (even its admin) may not archive the lead's statement.
    expect((await patch({ archived: true }, partner)).status).toBe(403);
  });

  it('each workflow change writes its outbox events once, in its own transaction', async () => {
    const third = await signUp(server.baseUrl, 'Farid', 'Legal Aid Collective');
    const id = await statementWith('We call for a moratorium.', [partner, third]);
    const editor = await EditorClient.connect(server, id, lead);
    try {
      let hash = (await get(id)).contentHash;
      await post(id, '/signoffs', { orgId: lead.orgId, contentHash: hash });
      await post(id, '/signoffs', { orgId: partner.orgId, contentHash: hash }, partner);
      // Signing the same text again (with a title) announces nothing new.
      await post(id, '/signoffs', { orgId: partner.orgId, contentHash: hash, signerTitle: 'Chair' }, partner);
      // Two edits: each earlier sign-off goes stale once, not once per edit.
      editor.appendParagraph('One more demand.');
      await editor.acknowledged();
      await waitFor(async () => (await get(id)).contentHash !== hash, 'the hash to follow the edit', 2_000, 50);
      editor.appendParagraph('And another.');
      await editor.acknowledged();
      const before = (await get(id)).contentHash;
      await waitFor(async () => (await get(id)).contentHash !== before, 'the hash to follow the second edit', 2_000, 50);
      hash = (await get(id)).contentHash;
      for (const person of [lead, partner, third]) await post(id, '/signoffs', { orgId: person.orgId, contentHash: hash }, person);
      expect((await post(id, '/lock', {})).status).toBe(200);
      expect((await post(id, '/publish', {})).status).toBe(200);
    } finally {
      editor.destroy();
    }
    const events = outboxOf(server, id).map((e) => `${e.kind}${e.org_id ? `:${e.org_id}` : ''}`);
    expect(events).toEqual([
      `participant_added:${partner.orgId}`,
      `participant_added:${third.orgId}`,
      `signed:${lead.orgId}`,
      `signed:${partner.orgId}`,
      ...[lead.orgId, partner.orgId].sort().map((orgId) => `signoff_stale:${orgId}`),
      `signed:${lead.orgId}`,
      `signed:${partner.orgId}`,
      `signed:${third.orgId}`,
      'all_signed',
      'signoff_requested',
      'published',
    ]);
  });

  it('deadline reminders: a day before and an hour before, each once per deadline, only while someone is missing', async () => {
    const id = await statementWith('We call for a moratorium.');
    const hour = 3_600_000;
    const deadline = new Date(Date.now() + 30 * hour);
    await api(server.baseUrl, 'PATCH', `/api/statements/${id}`, { signoffDeadline: deadline.toISOString() }, { as: lead });
    const { workflow } = server.app.jointly;
    const reminders = () =>
      outboxOf(server, id)
        .filter((e) => e.kind.startsWith('deadline_'))
        .map((e) => e.kind);
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 25 * hour));
    expect(reminders()).toEqual([]);
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 23 * hour));
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 22 * hour));
    expect(reminders()).toEqual(['deadline_day']);
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 0.5 * hour));
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 0.25 * hour));
    expect(reminders()).toEqual(['deadline_day', 'deadline_hour']);
    // Everyone signed: no reminder for a moved deadline.
    const hash = (await get(id)).contentHash;
    await post(id, '/signoffs', { orgId: lead.orgId, contentHash: hash });
    await post(id, '/signoffs', { orgId: partner.orgId, contentHash: hash }, partner);
    const moved = new Date(Date.now() + 10 * hour);
    await api(server.baseUrl, 'PATCH', `/api/statements/${id}`, { signoffDeadline: moved.toISOString() }, { as: lead });
    await workflow.deadlineReminders.check(new Date(moved.getTime() - 0.5 * hour));
    expect(reminders()).toEqual(['deadline_day', 'deadline_hour']);
  });

  it('deadline reminders say only what is true: none "a day before" a deadline set 2 h ahead, none for an archived statement', async () => {
    const hour = 3_600_000;
    const { workflow } = server.app.jointly;
    const soon = await statementWith('We call for a moratorium.');
    const deadline = new Date(Date.now() + 2 * hour);
    await api(server.baseUrl, 'PATCH', `/api/statements/${soon}`, { signoffDeadline: deadline.toISOString() }, { as: lead });
    const kinds = (id: string) =>
      outboxOf(server, id)
        .filter((e) => e.kind.startsWith('deadline_'))
        .map((e) => e.kind);
    await workflow.deadlineReminders.check(new Date());
    expect(kinds(soon)).toEqual([]);
    await workflow.deadlineReminders.check(new Date(deadline.getTime() - 0.5 * hour));
    expect(kinds(soon)).toEqual(['deadline_hour']);

    const archived = await statementWith('We call for a moratorium.');
    const later = new Date(Date.now() + 30 * hour);
    await api(server.baseUrl, 'PATCH', `/api/statements/${archived}`, { signoffDeadline: later.toISOString(), archived: true }, { as: lead });
    await workflow.deadlineReminders.check(new Date(later.getTime() - 0.5 * hour));
    expect(kinds(archived)).toEqual([]);
  });

  it('PATCH with nothing to change is refused (400) and announces nothing', async () => {
    const id = await statementWith('We call for a moratorium.');
    const answer = await api<Answer>(server.baseUrl, 'PATCH', `/api/statements/${id}`, {}, { as: partner });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION_FAILED');
  });
});

describe('a scheduled lock survives a restart', () => {
  it('a countdown that runs out while the server is down locks when it comes back', async () => {
    const dataDir = makeDataDir();
    let server = await startServer({ dataDir });
    const lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    const id = (await createStatement(server.baseUrl, { title: 'Winter moratorium', markdown: 'We call for a moratorium.' }, lead)).id;
    const scheduled = await api<Answer>(server.baseUrl, 'POST', `/api/statements/${id}/lock`, { delaySeconds: 1 }, { as: lead });
    expect(scheduled.status).toBe(202);
    await server.close();
    await sleep(1_200);
    server = await startServer({ dataDir });
    try {
      await waitFor(
        async () => (await api<Answer>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: lead })).body.statement.status === 'locked',
        'the resumed countdown to lock',
        5_000,
        50,
      );
    } finally {
      await server.close();
    }
  });

  it('a person removed from the lead organization during the countdown does not lock it', async () => {
    const server = await startServer();
    try {
      const admin = await signUp(server.baseUrl, 'Amal', 'Housing Now');
      const editor = await signUpUser(server.baseUrl, 'Bea');
      await joinOrg(server.baseUrl, admin, admin.orgId, editor, 'editor');
      const id = (await createStatement(server.baseUrl, { title: 'Winter moratorium', markdown: 'We call for a moratorium.' }, admin)).id;
      const asEditor = { ...editor, orgId: admin.orgId };
      expect((await api(server.baseUrl, 'POST', `/api/statements/${id}/lock`, { delaySeconds: 1 }, { as: asEditor })).status).toBe(202);
      expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/members/${editor.user.id}`, undefined, { as: admin })).status).toBe(204);
      await sleep(1_500);
      const view = (await api<Answer>(server.baseUrl, 'GET', `/api/statements/${id}`, undefined, { as: admin })).body.statement;
      expect(view.status).toBe('drafting');
      expect(view.pendingLock).toBeNull();
    } finally {
      await server.close();
    }
  });
});
