import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgListResponse } from '../../shared/api/orgs.ts';
import type {
  AcceptStatementInviteResponse,
  CreateStatementInviteResponse,
  StatementInviteListResponse,
  StatementInvitePreviewResponse,
} from '../../shared/api/statement-invites.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, createStatement, joinOrg, sessionCookieOf, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { error: { code: string; message: string } };

/** A partner organization is brought into a statement by a link from its lead, and only by an admin of that organization. */
describe('statement invitations', () => {
  let server: TestServer;
  let sink: SmtpSink;
  let lead: Person;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { smtpUrl: sink.url } });
    lead = await signUp(server.baseUrl, 'Amal Haddad', 'Housing Now');
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const statementBy = (as: Person = lead) => createStatement(server.baseUrl, { title: 'Joint statement on evictions' }, as);
  const invite = (statementId: string, body: Record<string, unknown>, as: Pick<Person, 'cookie'> = lead) =>
    api<CreateStatementInviteResponse & ErrorBody>(server.baseUrl, 'POST', `/api/statements/${statementId}/invites`, body, { as });
  const list = (statementId: string, as: Pick<Person, 'cookie'> = lead) =>
    api<StatementInviteListResponse & ErrorBody>(server.baseUrl, 'GET', `/api/statements/${statementId}/invites`, undefined, { as });
  const preview = (token: string, as?: Pick<Person, 'cookie'>) =>
    api<StatementInvitePreviewResponse & ErrorBody>(server.baseUrl, 'GET', `/api/statement-invites/${token}`, undefined, { as: as ?? null });
  const accept = (token: string, orgId: string, as: Pick<Person, 'cookie'>) =>
    api<AcceptStatementInviteResponse & ErrorBody>(server.baseUrl, 'POST', `/api/statement-invites/${token}/accept`, { orgId }, { as });
  const statement = async (statementId: string, as: Pick<Person, 'cookie'> = lead) =>
    (await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${statementId}`, undefined, { as })).body.statement;
  const directory = async (as: Pick<Person, 'cookie'>) =>
    (await api<OrgListResponse>(server.baseUrl, 'GET', '/api/orgs', undefined, { as })).body.orgs.map((org) => org.id);

  /** Runs `sql` on the server's database file (the only way in besides the API, for rows a test must age). */
  function database<T>(work: (db: DatabaseSync) => T): T {
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
  const outboxEvents = (statementId: string, orgId: string) =>
    database(
      (db) =>
        db.prepare('SELECT kind, actor_id FROM outbox_events WHERE statement_id = ? AND org_id = ? ORDER BY id').all(statementId, orgId) as {
          kind: string;
          actor_id: string;
        }[],
    );

  it('a new person opens the link signed out, signs up, creates their organization and accepts: it takes part, optional as invited, with one participant_added event', async () => {
    const { id } = await statementBy();
    const made = await invite(id, { required: false });
    expect(made.status).toBe(201);
    expect(made.body.url).toBe(`${server.baseUrl}/statement-invites/${made.body.token}`);
    expect(made.body.invite).toMatchObject({ required: false, email: null, createdBy: { id: lead.user.id, name: 'Amal Haddad' } });
    expect(made.body.emailed).toBe(false);
    const days = (Date.parse(made.body.invite.expiresAt) - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    // Signed out, the link says who invites whom to what.
    const seen = await preview(made.body.token);
    expect(seen.status).toBe(200);
    expect(seen.body.invite).toEqual({
      statement: { title: 'Joint statement on evictions' },
      leadOrg: { name: 'Housing Now' },
      invitedBy: { name: 'Amal Haddad' },
      required: false,
      expiresAt: made.body.invite.expiresAt,
      myOrgsTakingPart: [],
    });

    const signup = await api<{ user: { id: string } }>(server.baseUrl, 'POST', '/api/auth/signup', {
      email: `ben.${Date.now()}@tenants.example`,
      password: 'correct horse battery',
      name: 'Ben Okafor',
    });
    const ben = { cookie: sessionCookieOf(signup.headers) };
    const org = await api<{ org: { id: string } }>(server.baseUrl, 'POST', '/api/orgs', { name: 'Tenants Union' }, { as: ben });
    const tenantsUnion = org.body.org.id;
    const accepted = await accept(made.body.token, tenantsUnion, ben);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      statement: { id, title: 'Joint statement on evictions' },
      org: { id: tenantsUnion, name: 'Tenants Union' },
      required: false,
    });

    const seenByBen = await statement(id, ben);
    expect(seenByBen.participants.find((p) => p.orgId === tenantsUnion)).toMatchObject({ name: 'Tenants Union', required: false });
    expect(seenByBen.canEdit).toBe(true);
    expect(outboxEvents(id, tenantsUnion)).toEqual([{ kind: 'participant_added', actor_id: signup.body.user.id }]);
    const audit = await api<{ events: { action: string; orgId: string | null }[] }>(server.baseUrl, 'GET', `/api/statements/${id}/audit`, undefined, {
      as: lead,
    });
    expect(audit.body.events.filter((e) => e.orgId === tenantsUnion).map((e) => e.action)).toEqual(['added optional participant']);
    // Used up: no longer listed, no longer previewable.
    expect((await list(id)).body.invites).toEqual([]);
    expect((await preview(made.body.token)).body.error.code).toBe('INVITE_USED');
  });

  it('an existing admin accepts with the organization they administer, required as invited', async () => {
    const { id } = await statementBy();
    const partner = await signUp(server.baseUrl, 'Carla Díaz', 'Green Streets');
    const made = await invite(id, { required: true });
    expect((await preview(made.body.token, partner)).body.invite.myOrgsTakingPart).toEqual([]);
    const accepted = await accept(made.body.token, partner.orgId, partner);
    expect(accepted.status).toBe(200);
    expect((await statement(id)).participants.find((p) => p.orgId === partner.orgId)).toMatchObject({ required: true, signoff: null });
    expect(outboxEvents(id, partner.orgId).map((e) => e.kind)).toEqual(['participant_added']);
  });

  it('accepting twice is refused (INVITE_USED), and an organization already taking part cannot use a second link (ALREADY_A_PARTICIPANT, the link stays open)', async () => {
    const { id } = await statementBy();
    const partner = await signUp(server.baseUrl, 'Dev Patel', 'Food Bank North');
    const first = await invite(id, { required: true });
    expect((await accept(first.body.token, partner.orgId, partner)).status).toBe(200);
    const again = await accept(first.body.token, partner.orgId, partner);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVITE_USED');

    const second = await invite(id, { required: false });
    expect((await preview(second.body.token, partner)).body.invite.myOrgsTakingPart).toEqual([partner.orgId]);
    const twice = await accept(second.body.token, partner.orgId, partner);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_A_PARTICIPANT');
    expect((await list(id)).body.invites.map((open) => open.id)).toEqual([second.body.invite.id]);
    // Still required: the refused second link changed nothing, and added no second event.
    expect((await statement(id)).participants.find((p) => p.orgId === partner.orgId)?.required).toBe(true);
    expect(outboxEvents(id, partner.orgId)).toHaveLength(1);
    // The lead organization takes part from the start.
    expect((await accept(second.body.token, lead.orgId, lead)).body.error.code).toBe('ALREADY_A_PARTICIPANT');
  });

  it('a revoked link and an expired link are refused, in the preview and on accepting', async () => {
    const { id } = await statementBy();
    const partner = await signUp(server.baseUrl, 'Eli Ezra', 'Renters Alliance');
    const revoked = await invite(id, { required: true });
    const expired = await invite(id, { required: true });
    const kept = await invite(id, { required: false });

    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/invites/${revoked.body.invite.id}`, undefined, { as: lead })).status).toBe(204);
    const again = await api<ErrorBody>(server.baseUrl, 'DELETE', `/api/statements/${id}/invites/${revoked.body.invite.id}`, undefined, { as: lead });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('INVITE_NOT_FOUND');
    database((db) => db.prepare("UPDATE statement_invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(expired.body.invite.id));

    for (const [link, code] of [
      [revoked, 'INVITE_REVOKED'],
      [expired, 'INVITE_EXPIRED'],
    ] as const) {
      const seen = await preview(link.body.token);
      expect(seen.status, code).toBe(410);
      expect(seen.body.error.code).toBe(code);
      const tried = await accept(link.body.token, partner.orgId, partner);
      expect(tried.status, code).toBe(410);
      expect(tried.body.error.code).toBe(code);
    }
    const unknown = await preview('A'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('INVITE_INVALID');
    // Only the open one is listed, without any token.
    const open = await list(id);
    expect(open.body.invites.map((i) => i.id)).toEqual([kept.body.invite.id]);
    expect(JSON.stringify(open.body)).not.toContain(kept.body.token);
    expect((await statement(id)).participants.map((p) => p.orgId)).toEqual([lead.orgId]);
  });

  it('a link dies with its creator’s right to manage participants (removed from the lead organization)', async () => {
    const { id } = await statementBy();
    const colleague = await signUpUser(server.baseUrl, 'Fay Former');
    await joinOrg(server.baseUrl, lead, lead.orgId, colleague, 'editor');
    const made = await invite(id, { required: true }, colleague);
    expect(made.status).toBe(201);
    expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${lead.orgId}/members/${colleague.user.id}`, undefined, { as: lead })).status).toBe(204);
    const partner = await signUp(server.baseUrl, 'Gus Grant', 'Legal Aid Now');
    const tried = await accept(made.body.token, partner.orgId, partner);
    expect(tried.status).toBe(410);
    expect(tried.body.error.code).toBe('INVITE_REVOKED');
  });

  it('a member who is not an admin cannot bring their organization in (403); the link stays usable for an admin', async () => {
    const { id } = await statementBy();
    const partner = await signUp(server.baseUrl, 'Hana Admin', 'Youth Climate');
    const member = await signUpUser(server.baseUrl, 'Ian Signatory');
    await joinOrg(server.baseUrl, partner, partner.orgId, member, 'signatory');
    const made = await invite(id, { required: true });

    const refused = await accept(made.body.token, partner.orgId, member);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    // Nor an organization the caller does not belong to, nor one that does not exist.
    expect((await accept(made.body.token, partner.orgId, await signUpUser(server.baseUrl))).status).toBe(403);
    expect((await accept(made.body.token, 'no-such-org-0', member)).status).toBe(403);
    expect((await statement(id)).participants.map((p) => p.orgId)).toEqual([lead.orgId]);
    expect(outboxEvents(id, partner.orgId)).toEqual([]);

    expect((await accept(made.body.token, partner.orgId, partner)).status).toBe(200);
  });

  it('only lead editors create, list and revoke invitations: a partner gets 403, a stranger 404, and a published statement takes nobody in', async () => {
    const { id } = await statementBy();
    const partner = await signUp(server.baseUrl, 'Jo Partner', 'Clean Air Coalition');
    const viewer = await signUpUser(server.baseUrl, 'Kim Viewer');
    await joinOrg(server.baseUrl, lead, lead.orgId, viewer, 'viewer');
    const stranger = await signUp(server.baseUrl, 'Lou Stranger', 'Unrelated Org');
    const made = await invite(id, { required: true });
    expect((await accept(made.body.token, partner.orgId, partner)).status).toBe(200);
    const open = await invite(id, { required: false });

    for (const [who, status] of [
      [partner, 403],
      [viewer, 403],
      [stranger, 404],
    ] as const) {
      expect((await invite(id, { required: true }, who)).status).toBe(status);
      expect((await list(id, who)).status).toBe(status);
      expect((await api(server.baseUrl, 'DELETE', `/api/statements/${id}/invites/${open.body.invite.id}`, undefined, { as: who })).status).toBe(status);
    }
    expect((await list(id)).body.invites.map((i) => i.id)).toEqual([open.body.invite.id]);
    expect((await invite(id, { required: true, email: 'not an address' })).body.error.code).toBe('VALIDATION_FAILED');

    // Published: no new links, and the open one brings nobody in.
    const solo = await createStatement(server.baseUrl, { title: 'Statement on rent caps', markdown: 'We call for rent caps.' }, lead);
    const pending = await invite(solo.id, { required: false });
    const signed = await api(server.baseUrl, 'POST', `/api/statements/${solo.id}/signoffs`, { orgId: lead.orgId, contentHash: solo.contentHash }, { as: lead });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect((await api(server.baseUrl, 'POST', `/api/statements/${solo.id}/publish`, undefined, { as: lead })).status).toBe(200);
    expect((await invite(solo.id, { required: false })).body.error.code).toBe('STATEMENT_PUBLISHED');
    expect((await accept(pending.body.token, stranger.orgId, stranger)).body.error.code).toBe('STATEMENT_PUBLISHED');
  });

  it('e-mails the link when an address is given (plain text and HTML, the subject names the statement and the lead)', async () => {
    const { id } = await statementBy();
    const made = await invite(id, { required: true, email: 'Partner@Tenants.Example' });
    expect(made.status).toBe(201);
    expect(made.body.emailed).toBe(true);
    expect(made.body.invite.email).toBe('partner@tenants.example');
    const mail = await sink.waitFor((m) => m.to.includes('partner@tenants.example'));
    expect(mail.subject).toBe('Housing Now invites you to sign "Joint statement on evictions"');
    expect(mail.text).toContain(made.body.url);
    expect(mail.text).toContain('Amal Haddad of Housing Now');
    expect(mail.html).toContain(`href="${made.body.url}"`);
    expect((await list(id)).body).toMatchObject({ canEmail: true, invites: [{ id: made.body.invite.id, email: 'partner@tenants.example' }] });
  });

  it('bounds: at most 50 open links per statement, and at most 20 e-mailed invitations per person per hour (the mail is partly their text)', async () => {
    const statement = await statementBy();
    for (let n = 0; n < 50; n++) expect((await invite(statement.id, { required: false })).status).toBe(201);
    const over = await invite(statement.id, { required: false });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toMatch(/50 open invitations/);

    const mailer = await signUp(server.baseUrl, 'Mo Mailer', 'Mailing Org');
    const own = await statementBy(mailer);
    const before = sink.received.length;
    for (let n = 0; n < 20; n++) expect((await invite(own.id, { required: false, email: `partner${n}@example.org` }, mailer)).status).toBe(201);
    const refused = await invite(own.id, { required: false, email: 'one-more@example.org' }, mailer);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(sink.received.length - before).toBe(20);
    expect(sink.to('one-more@example.org')).toEqual([]);
    // Links without e-mail are still made.
    expect((await invite(own.id, { required: false }, mailer)).status).toBe(201);
  });

  it('two admins racing to accept one link: exactly one organization comes in, the other is told the link is used', async () => {
    const { id } = await statementBy();
    const first = await signUp(server.baseUrl, 'Olu Racer', 'Racing Org One');
    const second = await signUp(server.baseUrl, 'Pia Racer', 'Racing Org Two');
    const made = await invite(id, { required: true });
    const answers = await Promise.all([accept(made.body.token, first.orgId, first), accept(made.body.token, second.orgId, second)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('INVITE_USED');
    const partners = (await statement(id)).participants.map((p) => p.orgId).filter((orgId) => orgId !== lead.orgId);
    expect(partners).toHaveLength(1);
    expect(outboxEvents(id, partners[0]!)).toHaveLength(1);
  });

  it('without SMTP the link is made all the same, not e-mailed, and the list says e-mail is off', async () => {
    const quiet = await startServer();
    try {
      const quietLead = await signUp(quiet.baseUrl, 'Quinn Quiet', 'Quiet Org');
      const { id } = await createStatement(quiet.baseUrl, { title: 'Quiet statement' }, quietLead);
      const made = await api<CreateStatementInviteResponse>(
        quiet.baseUrl,
        'POST',
        `/api/statements/${id}/invites`,
        { required: true, email: 'x@example.org' },
        { as: quietLead },
      );
      expect(made.status).toBe(201);
      expect(made.body.emailed).toBe(false);
      const open = await api<StatementInviteListResponse>(quiet.baseUrl, 'GET', `/api/statements/${id}/invites`, undefined, { as: quietLead });
      expect(open.body.canEmail).toBe(false);
      expect(open.body.invites.map((i) => i.email)).toEqual(['x@example.org']);
    } finally {
      await quiet.close();
    }
    expect(sink.to('x@example.org')).toEqual([]);
  });

  it("the directory lists my organizations and those I share a statement with, never strangers'; adding by id still works", async () => {
    const stranger = await signUp(server.baseUrl, 'Max Stranger', 'Faraway Foundation');
    const partner = await signUp(server.baseUrl, 'Nia Partner', 'Neighbours United');
    const before = await directory(lead);
    expect(before).toContain(lead.orgId);
    expect(before).not.toContain(stranger.orgId);
    expect(before).not.toContain(partner.orgId);
    expect(await directory(partner)).toEqual([partner.orgId]);

    const { id } = await statementBy();
    const made = await invite(id, { required: true });
    expect((await accept(made.body.token, partner.orgId, partner)).status).toBe(200);
    expect(await directory(lead)).toContain(partner.orgId);
    expect(await directory(partner)).toEqual(expect.arrayContaining([partner.orgId, lead.orgId]));
    expect(await directory(partner)).not.toContain(stranger.orgId);

    // A partner may pass their id on: the lead adds an organization it does not see in the directory.
    const added = await api(server.baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: stranger.orgId, required: false }, { as: lead });
    expect(added.status).toBe(200);
    expect(await directory(stranger)).toEqual(expect.arrayContaining([stranger.orgId, lead.orgId, partner.orgId]));
  });
});
