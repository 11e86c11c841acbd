import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/api/auth.ts';
import { api, createStatement, me, sessionCookieOf, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('accounts and sessions', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('signs up (201) with an HttpOnly SameSite=Lax session cookie, and stores only a salted scrypt hash', async () => {
    const answer = await api<{ user: { email: string } }>(server.baseUrl, 'POST', '/api/auth/signup', {
      email: 'Amal@Example.org',
      password: 'a long enough password',
      name: 'Amal',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.user.email).toBe('amal@example.org');
    const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith('jointly_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect((await me(server.baseUrl, { cookie: sessionCookieOf(answer.headers) })).user.name).toBe('Amal');

    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'), { readOnly: true });
    const stored = db.prepare("SELECT password_hash FROM users WHERE email = 'amal@example.org'").get() as { password_hash: string };
    const sessions = db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    db.close();
    expect(stored.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/); // N = 2^17, OWASP's scrypt cost
    expect(stored.password_hash).not.toContain('a long enough password');
    expect(sessions.map((s) => s.token_hash)).not.toContain(sessionCookieOf(answer.headers).split('=')[1]);
  });

  it('refuses a second account for the same e-mail address, whatever its case', async () => {
    const body = { email: 'dup@example.org', password: 'a long enough password', name: 'One' };
    expect((await api(server.baseUrl, 'POST', '/api/auth/signup', body)).status).toBe(201);
    const again = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/signup', { ...body, email: 'DUP@example.org' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses short passwords and bad e-mail addresses with messages that name them', async () => {
    const answer = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/signup', { email: 'nope', password: 'short', name: '' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('e-mail');
    expect(answer.body.error.message).toContain('at least 10 characters');
    expect(answer.body.error.message).toContain('name is required');
  });

  it('logs in with the right password only, and logging out ends that session for good', async () => {
    const person = await signUpUser(server.baseUrl, 'Ben');
    const wrong = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/login', { email: 'nobody@example.org', password: 'whatever it is' });
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');

    const login = await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const session = { cookie: sessionCookieOf(login.headers) };
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: session })).status).toBe(200);

    expect((await api(server.baseUrl, 'POST', '/api/auth/logout', undefined, { as: session })).status).toBe(204);
    const after = await api<ErrorBody>(server.baseUrl, 'GET', '/api/me', undefined, { as: session });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    // The other session of the same person is untouched.
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: person })).status).toBe(200);
  });

  it('wrong passwords slow further attempts from that address down (429 with Retry-After), they do not lock', async () => {
    const person = await signUpUser(server.baseUrl, 'Target');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: `guess number ${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(1);
  });

  it('an expired session is refused', async () => {
    const person = await signUpUser(server.baseUrl, 'Expiring');
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").run(person.user.id);
    db.close();
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: person })).status).toBe(401);
  });
});

describe('secure cookies', () => {
  it('are marked Secure when PUBLIC_URL is https', async () => {
    const server = await startServer({ config: { publicUrl: 'https://statements.example.org', allowedOrigins: ['https://statements.example.org'] } });
    try {
      const answer = await api(server.baseUrl, 'POST', '/api/auth/signup', { email: 'tls@example.org', password: 'a long enough password', name: 'T' });
      expect(answer.headers.getSetCookie().find((c) => c.startsWith('jointly_session='))).toMatch(/Secure/);
    } finally {
      await server.close();
    }
  });
});

describe('organizations, invitations and roles', () => {
  let server: TestServer;
  let admin: Person;

  beforeAll(async () => {
    server = await startServer();
    admin = await signUp(server.baseUrl, 'Ada Admin', 'Tenants Union');
  });
  afterAll(async () => server.close());

  async function invite(role: string, as: Person = admin) {
    return api<{ token: string; url: string; role: string; expiresAt: string } & ErrorBody>(
      server.baseUrl,
      'POST',
      `/api/orgs/${admin.orgId}/invites`,
      { role },
      { as },
    );
  }

  it('makes the creator of an organization its admin', async () => {
    expect((await me(server.baseUrl, admin)).memberships).toEqual([{ orgId: admin.orgId, orgName: 'Tenants Union', role: 'admin' }]);
  });

  it('an invitation link carries a role and an expiry, joins once, and cannot be reused', async () => {
    const link = await invite('editor');
    expect(link.status).toBe(201);
    expect(link.body.url).toBe(`${server.config.publicUrl}/invites/${link.body.token}`);
    expect(new Date(link.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    const preview = await api<{ org: { name: string }; role: string }>(server.baseUrl, 'GET', `/api/invites/${link.body.token}`);
    expect(preview.body).toMatchObject({ org: { name: 'Tenants Union' }, role: 'editor' });

    const newcomer = await signUpUser(server.baseUrl, 'Nia');
    const accepted = await api(server.baseUrl, 'POST', `/api/invites/${link.body.token}/accept`, undefined, { as: newcomer });
    expect(accepted).toMatchObject({ status: 200, body: { org: { id: admin.orgId }, role: 'editor' } });
    expect((await me(server.baseUrl, newcomer)).memberships).toEqual([{ orgId: admin.orgId, orgName: 'Tenants Union', role: 'editor' }]);

    const someoneElse = await signUpUser(server.baseUrl, 'Late');
    const reuse = await api<ErrorBody>(server.baseUrl, 'POST', `/api/invites/${link.body.token}/accept`, undefined, { as: someoneElse });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('INVITE_USED');
    const bogus = await api<ErrorBody>(server.baseUrl, 'POST', `/api/invites/${'x'.repeat(43)}/accept`, undefined, { as: someoneElse });
    expect(bogus.body.error.code).toBe('INVITE_INVALID');
  });

  it('an expired invitation is refused with 410', async () => {
    const link = await invite('viewer');
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    db.prepare("UPDATE invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE accepted_by IS NULL").run();
    db.close();
    const late = await signUpUser(server.baseUrl);
    const answer = await api<ErrorBody>(server.baseUrl, 'POST', `/api/invites/${link.body.token}/accept`, undefined, { as: late });
    expect(answer.status).toBe(410);
    expect(answer.body.error.code).toBe('INVITE_EXPIRED');
  });

  it('only admins invite, change roles and remove members; the last admin can neither be demoted nor leave', async () => {
    const member = await signUpUser(server.baseUrl, 'Mo');
    const link = await invite('signatory');
    await api(server.baseUrl, 'POST', `/api/invites/${link.body.token}/accept`, undefined, { as: member });
    const asMember = { ...member, orgId: admin.orgId };

    expect((await invite('admin', asMember)).status).toBe(403);
    expect((await api(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, { role: 'viewer' }, { as: member })).status).toBe(403);

    const demoteLast = await api<ErrorBody>(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, { role: 'editor' }, { as: admin });
    expect(demoteLast.status).toBe(409);
    expect(demoteLast.body.error.code).toBe('LAST_ADMIN');
    const leaveLast = await api<ErrorBody>(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, undefined, { as: admin });
    expect(leaveLast.body.error.code).toBe('LAST_ADMIN');

    expect((await api(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${member.user.id}`, { role: 'admin' }, { as: admin })).status).toBe(204);
    const members = await api<{ members: { userId: string; role: string }[] }>(server.baseUrl, 'GET', `/api/orgs/${admin.orgId}/members`, undefined, {
      as: admin,
    });
    expect(members.body.members.find((m) => m.userId === member.user.id)?.role).toBe('admin');

    // Now there are two admins: the first may step down, then the new admin removes them.
    expect((await api(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, { role: 'editor' }, { as: admin })).status).toBe(204);
    expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, undefined, { as: member })).status).toBe(204);
    expect((await me(server.baseUrl, admin)).memberships).toEqual([]);
    const missing = await api<ErrorBody>(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${admin.user.id}`, { role: 'viewer' }, { as: member });
    expect(missing.body.error.code).toBe('MEMBER_NOT_FOUND');
  });
});

describe('statement visibility follows participation', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('a partner organization sees the statement once added, and loses it when removed; the lead stays', async () => {
    const lead = await signUp(server.baseUrl, 'Lead', 'Lead Org');
    const partner = await signUp(server.baseUrl, 'Partner', 'Partner Org');
    const statement = await createStatement(server.baseUrl, { title: 'Shared' }, lead);
    const read = () => api<ErrorBody>(server.baseUrl, 'GET', `/api/statements/${statement.id}`, undefined, { as: partner });
    const listed = async () =>
      (await api<{ statements: { id: string }[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as: partner })).body.statements.map((s) => s.id);

    expect((await read()).body.error.code).toBe('STATEMENT_NOT_FOUND');
    expect(await listed()).not.toContain(statement.id);

    const added = await api<{ statement: { participants: { orgId: string; required: boolean }[] } }>(
      server.baseUrl,
      'POST',
      `/api/statements/${statement.id}/participants`,
      { orgId: partner.orgId, required: true },
      { as: lead },
    );
    expect(added.body.statement.participants.map((p) => p.orgId)).toEqual([lead.orgId, partner.orgId]);
    expect((await read()).status).toBe(200);
    expect(await listed()).toContain(statement.id);

    // The partner (admin of a non-lead organization) may not manage participants.
    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/participants/${lead.orgId}`, undefined, { as: partner })).status).toBe(403);
    const removeLead = await api<ErrorBody>(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/participants/${lead.orgId}`, undefined, { as: lead });
    expect(removeLead.body.error.code).toBe('LEAD_ORG_REQUIRED');

    expect((await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/participants/${partner.orgId}`, undefined, { as: lead })).status).toBe(204);
    expect((await read()).status).toBe(404);
  });

  it('lists my memberships in /api/me', async () => {
    const person = await signUp(server.baseUrl, 'Multi', 'First');
    const second = await api<{ org: { id: string } }>(server.baseUrl, 'POST', '/api/orgs', { name: 'Second' }, { as: person });
    const memberships = (await me(server.baseUrl, person)).memberships as MeResponse['memberships'];
    expect(memberships.map((m) => m.orgId).sort()).toEqual([person.orgId, second.body.org.id].sort());
  });
});
