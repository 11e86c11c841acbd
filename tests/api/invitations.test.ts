import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, joinOrg, me, signUp, signUpUser, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { error: { code: string; message: string } };
type InviteBody = { id: string; token: string; url: string; role: string; expiresAt: string } & ErrorBody;
type InviteList = { invites: { id: string; role: string; createdBy: string; createdByName: string; createdAt: string; expiresAt: string }[] } & ErrorBody;

const HOUR = 3600 * 1000;

/** Invitations are a managed resource: listed and revoked by admins, dead once their creator may no longer invite, never logged. */
describe('invitations', () => {
  let server: TestServer;
  let admin: Person;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));
    server = await startServer({ config: { logLevel: 'info' }, build: { logStream } });
    admin = await signUp(server.baseUrl, 'Ada Admin', 'Tenants Union');
  });
  afterAll(async () => server.close());

  const invite = (as: Pick<Person, 'cookie'>, body: Record<string, unknown>) =>
    api<InviteBody>(server.baseUrl, 'POST', `/api/orgs/${admin.orgId}/invites`, body, { as });
  const preview = (token: string) => api<ErrorBody>(server.baseUrl, 'GET', `/api/invites/${token}`);
  const accept = (token: string, as: Pick<Person, 'cookie'>) => api<ErrorBody>(server.baseUrl, 'POST', `/api/invites/${token}/accept`, undefined, { as });
  const list = (as: Pick<Person, 'cookie'>) => api<InviteList>(server.baseUrl, 'GET', `/api/orgs/${admin.orgId}/invites`, undefined, { as });

  it('a removed admin cannot walk back in through an invitation they made before', async () => {
    const second = await signUpUser(server.baseUrl, 'Sam Second');
    await joinOrg(server.baseUrl, admin, admin.orgId, second, 'admin');
    const backdoor = await invite(second, { role: 'admin', expiresInHours: 72 });
    expect(backdoor.status).toBe(201);

    expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/members/${second.user.id}`, undefined, { as: admin })).status).toBe(204);
    const previewed = await preview(backdoor.body.token);
    expect(previewed.status).toBe(410);
    expect(previewed.body.error.code).toBe('INVITE_REVOKED');
    const walkIn = await accept(backdoor.body.token, second);
    expect(walkIn.status).toBe(410);
    expect(walkIn.body.error.code).toBe('INVITE_REVOKED');
    expect((await me(server.baseUrl, second)).memberships).toEqual([]);
    expect((await list(admin)).body.invites.map((open) => open.id)).not.toContain(backdoor.body.id);
  });

  it('an admin demoted to editor: the links they made die with the right to make them', async () => {
    const other = await signUpUser(server.baseUrl, 'Dee Demoted');
    await joinOrg(server.baseUrl, admin, admin.orgId, other, 'admin');
    const link = await invite(other, { role: 'editor' });
    expect((await api(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${other.user.id}`, { role: 'editor' }, { as: admin })).status).toBe(204);
    // Made admin again, the old link stays dead: revocation is recorded, not re-derived.
    expect((await api(server.baseUrl, 'PATCH', `/api/orgs/${admin.orgId}/members/${other.user.id}`, { role: 'admin' }, { as: admin })).status).toBe(204);
    expect((await accept(link.body.token, await signUpUser(server.baseUrl))).body.error.code).toBe('INVITE_REVOKED');
  });

  it('admins list open invitations without their tokens and revoke one; a revoked link stops working', async () => {
    const editorLink = await invite(admin, { role: 'editor' });
    const viewerLink = await invite(admin, { role: 'viewer' });
    const listed = await list(admin);
    expect(listed.status).toBe(200);
    expect(listed.body.invites).toEqual(
      expect.arrayContaining([
        {
          id: editorLink.body.id,
          role: 'editor',
          createdBy: admin.user.id,
          createdByName: 'Ada Admin',
          createdAt: expect.any(String),
          expiresAt: editorLink.body.expiresAt,
        },
        expect.objectContaining({ id: viewerLink.body.id, role: 'viewer' }),
      ]),
    );
    expect(JSON.stringify(listed.body)).not.toContain(editorLink.body.token);

    expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/invites/${editorLink.body.id}`, undefined, { as: admin })).status).toBe(204);
    expect((await preview(editorLink.body.token)).body.error.code).toBe('INVITE_REVOKED');
    expect((await accept(editorLink.body.token, await signUpUser(server.baseUrl))).status).toBe(410);
    expect((await list(admin)).body.invites.map((open) => open.id)).toEqual(expect.not.arrayContaining([editorLink.body.id]));
    const again = await api<ErrorBody>(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/invites/${editorLink.body.id}`, undefined, { as: admin });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('INVITE_NOT_FOUND');

    // The untouched link still works; a used one leaves the list.
    expect((await accept(viewerLink.body.token, await signUpUser(server.baseUrl))).status).toBe(200);
    expect((await list(admin)).body.invites.map((open) => open.id)).not.toContain(viewerLink.body.id);
  });

  it('only admins of the organization see or revoke its invitations', async () => {
    const link = await invite(admin, { role: 'viewer' });
    const editor = await signUpUser(server.baseUrl, 'Eli Editor');
    await joinOrg(server.baseUrl, admin, admin.orgId, editor, 'editor');
    const outsider = await signUp(server.baseUrl, 'Olu Outsider', 'Other Org');
    for (const as of [editor, outsider]) {
      expect((await list(as)).status).toBe(403);
      expect((await api(server.baseUrl, 'DELETE', `/api/orgs/${admin.orgId}/invites/${link.body.id}`, undefined, { as })).status).toBe(403);
    }
    expect((await preview(link.body.token)).status).toBe(200);
  });

  it('signatory and admin links are short-lived by default and cannot be made long', async () => {
    const adminLink = await invite(admin, { role: 'admin' });
    const signatoryLink = await invite(admin, { role: 'signatory' });
    const editorLink = await invite(admin, { role: 'editor' });
    const hoursLeft = (link: InviteBody) => (new Date(link.expiresAt).getTime() - Date.now()) / HOUR;
    expect(hoursLeft(adminLink.body)).toBeLessThanOrEqual(24);
    expect(hoursLeft(signatoryLink.body)).toBeLessThanOrEqual(48);
    expect(hoursLeft(editorLink.body)).toBeGreaterThan(24 * 6);
    const long = await invite(admin, { role: 'admin', expiresInHours: 24 * 30 });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION_FAILED');
    expect(long.body.error.message).toContain('at most 72 hours');
  });

  it('the preview of an expired invitation answers 410, as accepting it does', async () => {
    const link = await invite(admin, { role: 'viewer' });
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    db.prepare("UPDATE invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(link.body.id);
    db.close();
    const previewed = await preview(link.body.token);
    expect(previewed.status).toBe(410);
    expect(previewed.body.error.code).toBe('INVITE_EXPIRED');
  });

  it('no invitation token ever reaches the log, at the default level', async () => {
    const link = await invite(admin, { role: 'editor' });
    await preview(link.body.token);
    await accept(link.body.token, await signUpUser(server.baseUrl));
    await fetch(`${server.baseUrl}/invites/${link.body.token}`); // the page a link opens
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requestLines = logLines.filter((line) => line.includes('/invites/'));
    expect(requestLines.length).toBeGreaterThanOrEqual(3);
    expect(requestLines.some((line) => line.includes('/invites/[redacted]'))).toBe(true);
    expect(logLines.filter((line) => line.includes(link.body.token))).toEqual([]);
  });

  it('nor does a statement invitation token or a password reset token, whatever the route', async () => {
    const secret = 'AAAAsecretTOKENvalueBBBB1234567890abcdefXYZ';
    for (const path of [
      `/api/statement-invites/${secret}`,
      `/statement-invites/${secret}`,
      `/api/auth/password-reset/${secret}`,
      `/reset-password/${secret}`,
    ]) {
      await fetch(`${server.baseUrl}${path}`, {
        method: path.includes('/api/auth/') ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: path.includes('/api/auth/') ? '{}' : undefined,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      logLines.filter((line) => line.includes('[redacted]') && /statement-invites|password-reset|reset-password/.test(line)).length,
    ).toBeGreaterThanOrEqual(4);
    expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
