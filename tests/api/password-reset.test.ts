import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/close-codes.ts';
import { api, createStatement, sessionCookieOf, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.ts';
import { serverDatabase } from '../helpers/sqlite-faults.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a fresh and longer passphrase';

type ErrorBody = { error: { code: string; message: string } };

/** The token in the e-mailed `${publicUrl}/reset-password/<token>` link (plain-text and HTML parts must agree). */
function linkIn(mail: ReceivedMail, server: TestServer): { url: string; token: string } {
  const prefix = `${server.config.publicUrl}/reset-password/`;
  const match = /\S+\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text);
  if (match && !match[0].startsWith(prefix)) throw new Error(`the link does not start with PUBLIC_URL: ${match[0]}`);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  expect(mail.html).toContain(`href="${match[0]}"`);
  return { url: match[0], token: match[1]! };
}

async function logIn(server: TestServer, email: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const answer = await api(server.baseUrl, 'POST', '/api/auth/login', { email, password });
  return { status: answer.status, cookie: answer.status === 200 ? sessionCookieOf(answer.headers) : null };
}

/** Opens GET /api/live for `as`; resolves `ended` when the server closes the stream. */
async function openLiveStream(server: TestServer, as: Pick<Person, 'cookie'>): Promise<{ ended: Promise<void> }> {
  const response = await fetch(`${server.baseUrl}/api/live`, { headers: { cookie: as.cookie } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  return { ended };
}

describe('password reset by e-mail', () => {
  let sink: SmtpSink;
  let server: TestServer;
  const clients: EditorClient[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { smtpUrl: sink.url } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  async function request(email: string): Promise<{ status: number; body: unknown }> {
    return api(server.baseUrl, 'POST', '/api/auth/password-reset', { email });
  }

  it('e-mails a link that sets a new password once, ends every session (API, websocket 4401, live stream) and lets only the new password in', async () => {
    const person = await signUp(server.baseUrl, 'Rosa Reset', 'Reset Org');
    const { id } = await createStatement(server.baseUrl, { markdown: 'Before the reset.' }, person);
    const laptop = { cookie: (await logIn(server, person.user.email, PASSWORD)).cookie! };
    const editor = await EditorClient.connect(server, id, laptop);
    clients.push(editor);
    const socketClosed = new Promise<number>((resolve) => editor.socket.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)));
    const stream = await openLiveStream(server, person);

    // Typed in another case and with spaces: normalized as at sign-up.
    const asked = await request(`  ${person.user.email.toUpperCase()} `);
    expect(asked).toMatchObject({ status: 202, body: { ok: true } });
    const mail = await sink.waitFor((m) => m.to.includes(person.user.email) && m.subject === 'Reset your Jointly password');
    expect(mail.text).toContain('30 minutes');
    const { token } = linkIn(mail, server);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url

    // Only the token's hash is stored, valid 30 minutes.
    const stored = serverDatabase(server.app.jointly.store).all<{ token_hash: string; created_at: string; expires_at: string }>(
      'SELECT token_hash, created_at, expires_at FROM password_resets WHERE user_id = ?',
      person.user.id,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(Date.parse(stored[0]!.expires_at) - Date.parse(stored[0]!.created_at)).toBeCloseTo(30 * 60 * 1000, -3);

    const tooShort = await api<ErrorBody>(server.baseUrl, 'POST', `/api/auth/password-reset/${token}`, { newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toContain('at least 10 characters');

    const reset = await api(server.baseUrl, 'POST', `/api/auth/password-reset/${token}`, { newPassword: NEW_PASSWORD });
    expect(reset.status).toBe(204);

    // Every earlier session has ended, its socket and its live stream with it.
    expect(await socketClosed).toBe(CloseCodes.Unauthorized.code);
    await stream.ended;
    for (const session of [person, laptop]) expect((await api(server.baseUrl, 'GET', '/api/me', undefined, { as: session })).status).toBe(401);

    expect((await logIn(server, person.user.email, PASSWORD)).status).toBe(401);
    expect((await logIn(server, person.user.email, NEW_PASSWORD)).status).toBe(200);

    const again = await api<ErrorBody>(server.baseUrl, 'POST', `/api/auth/password-reset/${token}`, { newPassword: 'yet another passphrase' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('RESET_TOKEN_INVALID');
    expect((await logIn(server, person.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a link older than 30 minutes (410), and a used link spends the other open ones', async () => {
    const person = await signUp(server.baseUrl, 'Ezra Expired', 'Expiry Org');
    expect((await request(person.user.email)).status).toBe(202);
    const first = linkIn(await sink.waitFor((m) => m.to.includes(person.user.email)), server).token;
    // Aged through the database: the link was created 31 minutes ago.
    serverDatabase(server.app.jointly.store).run(
      'UPDATE password_resets SET created_at = ?, expires_at = ? WHERE user_id = ?',
      new Date(Date.now() - 31 * 60_000).toISOString(),
      new Date(Date.now() - 60_000).toISOString(),
      person.user.id,
    );
    const expired = await api<ErrorBody>(server.baseUrl, 'POST', `/api/auth/password-reset/${first}`, { newPassword: NEW_PASSWORD });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('RESET_TOKEN_INVALID');
    expect((await logIn(server, person.user.email, PASSWORD)).status).toBe(200);

    // Two fresh links: using one spends the other.
    expect((await request(person.user.email)).status).toBe(202);
    expect((await request(person.user.email)).status).toBe(202);
    await sink.waitFor((m) => m.to.includes(person.user.email) && sink.to(person.user.email).length === 3);
    const [second, third] = sink
      .to(person.user.email)
      .slice(1)
      .map((m) => linkIn(m, server).token);
    expect(second).not.toBe(third);
    expect((await api(server.baseUrl, 'POST', `/api/auth/password-reset/${third}`, { newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await api(server.baseUrl, 'POST', `/api/auth/password-reset/${second}`, { newPassword: 'someone elses passphrase' })).status).toBe(410);
    expect((await logIn(server, person.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('a link asked for before a password change stops working once the password changes', async () => {
    const person = await signUp(server.baseUrl, 'Pat Changer', 'Password Changer Org');
    expect((await request(person.user.email)).status).toBe(202);
    const { token } = linkIn(await sink.waitFor((m) => m.to.includes(person.user.email) && m.subject === 'Reset your Jointly password'), server);
    const changed = await api(server.baseUrl, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { as: person });
    expect(changed.status).toBe(200);
    expect((await api(server.baseUrl, 'POST', `/api/auth/password-reset/${token}`, { newPassword: 'a third password here' })).status).toBe(410);
    expect((await logIn(server, person.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('a link sent to the old address stops working once the e-mail address changes', async () => {
    const person = await signUp(server.baseUrl, 'Cai Changer', 'Changer Org');
    expect((await request(person.user.email)).status).toBe(202);
    const { token } = linkIn(await sink.waitFor((m) => m.to.includes(person.user.email) && m.subject === 'Reset your Jointly password'), server);
    const moved = await api(
      server.baseUrl,
      'PATCH',
      '/api/me',
      { email: `changed.${Date.now().toString(36)}@example.org`, currentPassword: PASSWORD },
      { as: person },
    );
    expect(moved.status).toBe(200);
    expect((await api(server.baseUrl, 'POST', `/api/auth/password-reset/${token}`, { newPassword: NEW_PASSWORD })).status).toBe(410);
  });

  it('answers an unknown address exactly as a known one, in comparable time, and e-mails nobody', async () => {
    const person = await signUp(server.baseUrl, 'Kim Known', 'Known Org');
    const unknown = `nobody.${Date.now().toString(36)}@example.org`;
    const before = sink.received.length;
    const knownAnswer = await api(server.baseUrl, 'POST', '/api/auth/password-reset', { email: person.user.email });
    const unknownAnswer = await api(server.baseUrl, 'POST', '/api/auth/password-reset', { email: unknown });
    expect(unknownAnswer.status).toBe(knownAnswer.status);
    expect(unknownAnswer.body).toEqual(knownAnswer.body);
    expect(unknownAnswer.headers.get('content-length')).toBe(knownAnswer.headers.get('content-length'));
    await sink.waitFor((m) => m.to.includes(person.user.email));

    // Timing: a few more of each, interleaved (known addresses are fresh accounts, below the per-address limit).
    const known: number[] = [];
    const strangers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const other = await signUp(server.baseUrl, `Timed ${i}`, `Timed Org ${i}`);
      let startedAt = performance.now();
      expect((await request(other.user.email)).status).toBe(202);
      known.push(performance.now() - startedAt);
      startedAt = performance.now();
      expect((await request(`stranger${i}.${Date.now().toString(36)}@example.org`)).status).toBe(202);
      strangers.push(performance.now() - startedAt);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`reset request: known address p50 ${median(known).toFixed(1)} ms, unknown p50 ${median(strangers).toFixed(1)} ms`);
    // The e-mail is sent after the answer, so the answer does not wait for SMTP on one path only.
    expect(Math.abs(median(known) - median(strangers))).toBeLessThan(25);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received.slice(before).flatMap((m) => m.to)).not.toContain(unknown);
    expect(sink.received.slice(before).some((m) => m.to.some((to) => to.startsWith('stranger')))).toBe(false);
  });

  it('sends at most 3 links per e-mail address per 15 minutes (further requests answered the same, no e-mail)', async () => {
    const person = await signUp(server.baseUrl, 'Flo Flood', 'Flood Org');
    for (let i = 0; i < 5; i++) expect(await request(person.user.email)).toMatchObject({ status: 202, body: { ok: true } });
    await sink.waitFor(() => sink.to(person.user.email).length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.to(person.user.email)).toHaveLength(3);
  });

  it('refuses a token that was never issued (410) without looking further', async () => {
    const made = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/password-reset/not-a-real-token-at-all', { newPassword: NEW_PASSWORD });
    expect(made.status).toBe(410);
    expect(made.body.error.code).toBe('RESET_TOKEN_INVALID');
  });
});

describe('password reset without SMTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('answers 503 MAIL_UNAVAILABLE for every address, known or not', async () => {
    const person = await signUp(server.baseUrl, 'Nia Nomail', 'No Mail Org');
    const known = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/password-reset', { email: person.user.email });
    const unknown = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/password-reset', { email: 'nobody@example.org' });
    expect(known.status).toBe(503);
    expect(known.body.error.code).toBe('MAIL_UNAVAILABLE');
    expect(unknown.body).toEqual(known.body);
  });
});

describe('password reset requests per client address', () => {
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

  it('answers 429 with Retry-After past 20 requests from one address in 15 minutes, whatever the e-mail addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await api(server.baseUrl, 'POST', '/api/auth/password-reset', { email: `many${i}@example.org` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/password-reset', { email: 'one.more@example.org' });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
