import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserResponse } from '../../shared/api/auth.ts';
import type { AuditResponse } from '../../shared/api/workflow.ts';
import { api, createStatement, me, signUp } from '../helpers/api.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'correct horse battery';

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

describe('PATCH /api/me: name and e-mail address', () => {
  let sink: SmtpSink;
  let server: TestServer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { smtpUrl: sink.url } });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  it('renames the person (trimmed): /api/me and the statement audit trail show the new name', async () => {
    const person = await signUp(server.baseUrl, 'Old Name', 'Rename Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Text.' }, person);
    const answer = await api<UserResponse>(server.baseUrl, 'PATCH', '/api/me', { name: '  Amal Haddad  ' }, { as: person });
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ id: person.user.id, email: person.user.email, name: 'Amal Haddad' });
    expect((await me(server.baseUrl, person)).user.name).toBe('Amal Haddad');
    const audit = await api<AuditResponse>(server.baseUrl, 'GET', `/api/statements/${id}/audit`, undefined, { as: person });
    expect(audit.body.events.find((event) => event.action === 'created')?.user).toEqual({ id: person.user.id, name: 'Amal Haddad' });
  });

  it('refuses an empty or over-long name, and an empty request, naming the problem', async () => {
    const person = await signUp(server.baseUrl, 'Kept Name', 'Kept Org');
    const empty = await api<ErrorBody>(server.baseUrl, 'PATCH', '/api/me', { name: '   ' }, { as: person });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toContainEqual({ path: 'name', message: 'name is required' });
    const long = await api<ErrorBody>(server.baseUrl, 'PATCH', '/api/me', { name: 'x'.repeat(101) }, { as: person });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('longer than 100 characters');
    expect((await api(server.baseUrl, 'PATCH', '/api/me', {}, { as: person })).status).toBe(400);
    expect((await me(server.baseUrl, person)).user.name).toBe('Kept Name');
    expect((await api(server.baseUrl, 'PATCH', '/api/me', { name: 'Someone' })).status).toBe(401);
  });

  it('changes the e-mail address only with the current password; then only the new address logs in, and the old one is told', async () => {
    const person = await signUp(server.baseUrl, 'Mo Mover', 'Mover Org');
    const newEmail = `moved.${Date.now().toString(36)}@example.org`;

    const withoutPassword = await api<ErrorBody>(server.baseUrl, 'PATCH', '/api/me', { email: newEmail }, { as: person });
    expect(withoutPassword.status).toBe(400);
    expect(withoutPassword.body.error.details?.map((d) => d.path)).toContain('currentPassword');
    const wrongPassword = await api<ErrorBody>(server.baseUrl, 'PATCH', '/api/me', { email: newEmail, currentPassword: 'not my password' }, { as: person });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await me(server.baseUrl, person)).user.email).toBe(person.user.email);

    const moved = await api<UserResponse>(
      server.baseUrl,
      'PATCH',
      '/api/me',
      { email: `  ${newEmail.toUpperCase()} `, currentPassword: PASSWORD },
      { as: person },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.user.email).toBe(newEmail); // normalized as at sign-up
    expect((await me(server.baseUrl, person)).user.email).toBe(newEmail);

    expect((await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: PASSWORD })).status).toBe(401);
    expect((await api(server.baseUrl, 'POST', '/api/auth/login', { email: newEmail, password: PASSWORD })).status).toBe(200);
    const notice = await sink.waitFor((m) => m.to.includes(person.user.email));
    expect(notice.subject).toBe('Your Jointly e-mail address was changed');
    expect(notice.text).toContain(newEmail);
  });

  it('refuses an address another account has (409 EMAIL_TAKEN, whatever its case), changing nothing, not even the name', async () => {
    const taken = await signUp(server.baseUrl, 'Tal Taken', 'Taken Org');
    const person = await signUp(server.baseUrl, 'Ira Intruder', 'Intruder Org');
    const answer = await api<ErrorBody>(
      server.baseUrl,
      'PATCH',
      '/api/me',
      { name: 'Renamed Too', email: taken.user.email.toUpperCase(), currentPassword: PASSWORD },
      { as: person },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('EMAIL_TAKEN');
    expect(answer.body.error.details).toContainEqual({ path: 'email', message: 'another account already uses this e-mail address' });
    const after = await me(server.baseUrl, person);
    expect(after.user).toEqual(person.user);
    expect((await me(server.baseUrl, taken)).user.email).toBe(taken.user.email);
  });

  it('of two people racing for one free address, exactly one gets it (the unique index decides)', async () => {
    const people = await Promise.all([signUp(server.baseUrl, 'Racer One', 'Race Org 1'), signUp(server.baseUrl, 'Racer Two', 'Race Org 2')]);
    const contested = `contested.${Date.now().toString(36)}@example.org`;
    const answers = await Promise.all(
      people.map((person) => api<ErrorBody>(server.baseUrl, 'PATCH', '/api/me', { email: contested, currentPassword: PASSWORD }, { as: person })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const emails = await Promise.all(people.map(async (person) => (await me(server.baseUrl, person)).user.email));
    expect(emails.filter((email) => email === contested)).toHaveLength(1);
  });

  it('documents the account routes in OpenAPI, saying that a new e-mail address needs the current password', async () => {
    const { body } = await api<{ paths: Record<string, Record<string, unknown>> }>(server.baseUrl, 'GET', '/api/openapi.json');
    expect(Object.keys(body.paths['/api/me'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(body.paths['/api/auth/password-reset'] ?? {})).toEqual(['post']);
    expect(Object.keys(body.paths['/api/auth/password-reset/{token}'] ?? {})).toEqual(['post']);
    expect(JSON.stringify(body.paths['/api/me']!.patch)).toContain('Required whenever `email` is given');
  });

  it('keeping one’s own address (with the password) is not "taken"', async () => {
    const person = await signUp(server.baseUrl, 'Sam Same', 'Same Org');
    const answer = await api<UserResponse>(
      server.baseUrl,
      'PATCH',
      '/api/me',
      { email: person.user.email, name: 'Sam Same-Again', currentPassword: PASSWORD },
      { as: person },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ ...person.user, name: 'Sam Same-Again' });
  });
});
