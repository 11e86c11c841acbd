import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { api, collabToken, createStatement, sessionCookieOf, sessionHashOf, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { RawCollabClient } from '../helpers/raw-client.ts';
import { quantile } from '../helpers/canary.ts';
import { storedDocument } from '../helpers/stored-document.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'correct horse battery';

/** The close code of the provider's socket's next close, and when it happened (performance.now()). */
function nextClose(client: EditorClient): Promise<{ code: number; at: number }> {
  return new Promise((resolve) => client.socket.on('close', ({ event }: { event: { code: number } }) => resolve({ code: event.code, at: performance.now() })));
}

/** A collab connection lives no longer than the session it was opened under. */
describe('ending a session ends its editing', () => {
  let server: TestServer;
  const clients: EditorClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  /** A second session of the same person (another browser). */
  async function logIn(person: Person): Promise<Person> {
    const answer = await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: PASSWORD });
    expect(answer.status).toBe(200);
    return { ...person, cookie: sessionCookieOf(answer.headers) };
  }

  async function open(statementId: string, as: Person): Promise<EditorClient> {
    const client = await EditorClient.connect(server, statementId, as);
    clients.push(client);
    return client;
  }

  it("logout closes that session's open socket (4401) within 2 s, refuses its older token, and leaves the other session editing", async () => {
    server = await startServer();
    const person = await signUp(server.baseUrl, 'Lou Logout', 'Logout Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Before logout.' }, person);
    const laptop = await logIn(person);
    const phone = await logIn(person);
    const laptopToken = await collabToken(server.baseUrl, id, laptop);

    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const session = await logIn(person);
      const editor = await open(id, session);
      const closed = nextClose(editor);
      const startedAt = performance.now();
      expect((await api(server.baseUrl, 'POST', '/api/auth/logout', undefined, { as: session })).status).toBe(204);
      const close = await closed;
      expect(close.code).toBe(CloseCodes.Unauthorized.code);
      latencies.push(close.at - startedAt);
    }
    console.log(`logout → socket closed (4401), 10 sessions: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms`);
    expect(quantile(latencies, 0.95)).toBeLessThan(2_000);

    const phoneEditor = await open(id, phone);
    expect((await api(server.baseUrl, 'POST', '/api/auth/logout', undefined, { as: laptop })).status).toBe(204);
    // The token fetched before logout no longer opens a socket, though it has not expired.
    const raw = new RawCollabClient(server.wsUrl, id);
    expect(await raw.authenticate(laptopToken)).toBe('denied');
    raw.socket.terminate();
    // The same person's other session is untouched.
    phoneEditor.appendParagraph('Still editing from the phone.');
    await phoneEditor.acknowledged();
    expect((await storedDocument(server, id)).xml).toContain('Still editing from the phone.');
  });

  /**
   * `end` ends every session of `person` but `current` (logout everywhere, a password change): each of
   * the other sessions' sockets must close with 4401, their older tokens must be refused, and
   * `current` must keep editing. Returns the close latencies (ms from the request).
   */
  async function expectOtherSessionsEnded(
    person: Person,
    statementId: string,
    end: (current: Person) => Promise<{ endedSessions: number }>,
  ): Promise<number[]> {
    const current = await logIn(person);
    const currentEditor = await open(statementId, current);
    const others: { editor: EditorClient; token: string; closed: Promise<{ code: number; at: number }> }[] = [];
    for (let i = 0; i < 6; i++) {
      const session = await logIn(person);
      const editor = await open(statementId, session);
      others.push({ editor, token: await collabToken(server.baseUrl, statementId, session), closed: nextClose(editor) });
    }
    const startedAt = performance.now();
    const answer = await end(current);
    // The six above, and the sign-up's own session.
    expect(answer.endedSessions).toBe(7);
    const latencies: number[] = [];
    for (const other of others) {
      const close = await other.closed;
      expect(close.code).toBe(CloseCodes.Unauthorized.code);
      latencies.push(close.at - startedAt);
      const raw = new RawCollabClient(server.wsUrl, statementId);
      expect(await raw.authenticate(other.token)).toBe('denied');
      raw.socket.terminate();
    }
    currentEditor.appendParagraph('The session that asked keeps editing.');
    await currentEditor.acknowledged();
    expect((await storedDocument(server, statementId)).xml).toContain('The session that asked keeps editing.');
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: current })).status).toBe(200);
    return latencies;
  }

  it("logout everywhere closes every other session's socket (4401) within 2 s and refuses their older tokens; the session that asked keeps editing", async () => {
    server = await startServer();
    const person = await signUp(server.baseUrl, 'Eve Everywhere', 'Everywhere Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Before logging out everywhere.' }, person);
    const latencies = await expectOtherSessionsEnded(person, id, async (current) => {
      const answer = await api<{ endedSessions: number }>(server.baseUrl, 'POST', '/api/auth/logout-everywhere', undefined, { as: current });
      expect(answer.status).toBe(200);
      return answer.body;
    });
    console.log(`logout everywhere → 6 sockets closed (4401): p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms`);
    expect(quantile(latencies, 0.95)).toBeLessThan(2_000);
  });

  it('a password change needs the current password, then ends every other session (4401 within 2 s, older tokens refused); only the new password logs in', async () => {
    server = await startServer();
    const person = await signUp(server.baseUrl, 'Paz Password', 'Password Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Before the password change.' }, person);
    const bystander = await logIn(person);
    const bystanderEditor = await open(id, bystander);
    const wrong = await api<{ error: { code: string } }>(
      server.baseUrl,
      'POST',
      '/api/me/password',
      { currentPassword: 'not the password', newPassword: 'a brand new passphrase' },
      { as: person },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    // A refused change ends nothing.
    bystanderEditor.appendParagraph('Still here after a wrong current password.');
    await bystanderEditor.acknowledged();

    const newPassword = 'a brand new passphrase';
    const latencies = await expectOtherSessionsEnded(person, id, async (current) => {
      const answer = await api<{ endedSessions: number }>(
        server.baseUrl,
        'POST',
        '/api/me/password',
        { currentPassword: PASSWORD, newPassword },
        { as: current },
      );
      expect(answer.status).toBe(200);
      // The bystander's session, opened before, ends with the rest: it is not counted by the helper.
      return { endedSessions: answer.body.endedSessions - 1 };
    });
    console.log(`password change → 6 sockets closed (4401): p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms`);
    expect(quantile(latencies, 0.95)).toBeLessThan(2_000);
    expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: bystander })).status).toBe(401);
    const oldLogin = await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: PASSWORD });
    expect(oldLogin.status).toBe(401);
    const newLogin = await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: newPassword });
    expect(newLogin.status).toBe(200);
  });

  /** Ends `person`'s sessions behind the logout route's back, then types: the socket must be refused (4401) with nothing stored. */
  async function expectNextUpdateRefused(endSessions: (person: Person) => Promise<void>): Promise<void> {
    server = await startServer();
    const person = await signUp(server.baseUrl, 'Ines Instance', 'Instance Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Shared database.' }, person);
    const editor = await open(id, person);
    // An edit first, so that the connection holds a cached access decision to invalidate.
    editor.appendParagraph('Typed while the session lived.');
    await editor.acknowledged();
    const closed = nextClose(editor);
    await endSessions(person);
    editor.appendParagraph('Typed after the session ended.');
    expect((await closed).code).toBe(CloseCodes.Unauthorized.code);
    const stored = (await storedDocument(server, id)).xml;
    expect(stored).toContain('Typed while the session lived.');
    expect(stored).not.toContain('Typed after the session ended.');
  }

  it('a session ended by another instance (deleted in the database) stops its open socket at its next update', async () => {
    await expectNextUpdateRefused(async (person) => {
      const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
      db.prepare('DELETE FROM sessions WHERE user_id = ?').run(person.user.id);
      db.close();
    });
  });

  it("a session ended through this instance's store, not the logout route, stops its socket too (ending a session changes access)", async () => {
    await expectNextUpdateRefused(async (person) => {
      await server.app.jointly.store.accounts.deleteSession(sessionHashOf(person));
    });
  });
});
