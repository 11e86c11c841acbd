import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../server/auth/passwords.ts';
import { api, signUpUser } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { error: { code: string; message: string } };
const PASSWORD = 'correct horse battery';

/**
 * Attacks on login throttling, through the real app. Client addresses are told apart by
 * X-Forwarded-For from a trusted proxy (TRUST_PROXY = the loopback address the test
 * connects from), as behind a reverse proxy in production.
 */
describe('login throttling cannot be turned against the account owner', () => {
  let server: TestServer;

  afterEach(async () => server.close());

  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
  const login = (email: string, password: string, address: string) =>
    api<ErrorBody>(server.baseUrl, 'POST', '/api/auth/login', { email, password }, from(address));

  it("a third party's wrong passwords (40, from 2 addresses) never keep the owner out: the owner logs in at once", async () => {
    server = await startServer({ config: { trustProxy: ['127.0.0.1'] } });
    const owner = await signUpUser(server.baseUrl, 'Owner');
    const attempts: number[] = [];
    for (let i = 0; i < 40; i++) attempts.push((await login(owner.user.email, `guess ${i}`, i % 2 ? '203.0.113.7' : '203.0.113.8')).status);
    // The attacker was slowed down: after 3 failures per address attempts are told to wait
    // (a few waits of 1–2 s may elapse during the loop on a busy machine, so count loosely).
    expect(attempts.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(attempts.filter((s) => s === 429).length).toBeGreaterThan(20);

    const ownerLogin = await login(owner.user.email, PASSWORD, '198.51.100.20');
    expect(ownerLogin.status).toBe(200);
  });

  it('an owner who mistyped waits a few seconds at most, even while the account is attacked from 20 addresses', async () => {
    server = await startServer({ config: { trustProxy: ['127.0.0.1'], passwordScryptLogN: 14 } });
    const owner = await signUpUser(server.baseUrl, 'Mistyping Owner');
    for (let i = 0; i < 20; i++) expect((await login(owner.user.email, `guess ${i}`, `203.0.113.${i + 1}`)).status).toBe(401);

    expect((await login(owner.user.email, 'a typo in it', '198.51.100.20')).status).toBe(401);
    const held = await login(owner.user.email, PASSWORD, '198.51.100.20');
    expect(held.status).toBe(429);
    const retryAfter = Number(held.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(5);
    await sleep(retryAfter * 1000);
    expect((await login(owner.user.email, PASSWORD, '198.51.100.20')).status).toBe(200);
  });

  it('from one address the wait doubles after each further failure (1 s, then 2 s), and a correct password clears it', async () => {
    server = await startServer({ config: { trustProxy: ['127.0.0.1'] } });
    const owner = await signUpUser(server.baseUrl, 'Backoff');
    for (let i = 0; i < 3; i++) expect((await login(owner.user.email, `guess ${i}`, '203.0.113.9')).status).toBe(401);
    const first = await login(owner.user.email, 'guess 3', '203.0.113.9');
    expect(first.status).toBe(429);
    expect(Number(first.headers.get('retry-after'))).toBe(1);
    await sleep(1_050);
    expect((await login(owner.user.email, 'guess 4', '203.0.113.9')).status).toBe(401);
    const second = await login(owner.user.email, PASSWORD, '203.0.113.9');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBe(2);
    await sleep(2_050);
    expect((await login(owner.user.email, PASSWORD, '203.0.113.9')).status).toBe(200);
    // Cleared: the next mistake from there is free again.
    expect((await login(owner.user.email, 'one more typo', '203.0.113.9')).status).toBe(401);
    expect((await login(owner.user.email, PASSWORD, '203.0.113.9')).status).toBe(200);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For is ignored: the attacker cannot pose as fresh addresses', async () => {
    server = await startServer();
    const owner = await signUpUser(server.baseUrl, 'Forged');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(owner.user.email, `guess ${i}`, `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it('the per-address limit: 101 failed logins for 101 accounts from one client, the 101st is refused; another address is still served', async () => {
    server = await startServer({ config: { trustProxy: ['127.0.0.1'], passwordScryptLogN: 14 } });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await login(`victim${i}@example.org`, 'a guessed password', '203.0.113.50')).status);
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
    const owner = await signUpUser(server.baseUrl, 'Elsewhere');
    expect((await login(owner.user.email, PASSWORD, '198.51.100.21')).status).toBe(200);
  });
});

describe('sign-up throttle', () => {
  let server: TestServer;

  afterEach(async () => server.close());

  it("lets a coalition's office sign up together (30 from one address), refuses the 31st, and serves other addresses", async () => {
    server = await startServer({ config: { trustProxy: ['127.0.0.1'], passwordScryptLogN: 14 } });
    const signUp = (i: number, address: string) =>
      api<ErrorBody>(
        server.baseUrl,
        'POST',
        '/api/auth/signup',
        { email: `staff${i}@${address}.example.org`, password: PASSWORD, name: `Staff ${i}` },
        { headers: { 'x-forwarded-for': address } },
      );
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signUp(i, '198.51.100.30')).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await signUp(99, '198.51.100.31')).status).toBe(201);
  });
});

describe('password hashes', () => {
  let server: TestServer;

  afterEach(async () => server.close());

  it('a hash made at an older, cheaper cost (2^15) is upgraded to 2^17 at the next login, and the password still works', async () => {
    server = await startServer();
    const person = await signUpUser(server.baseUrl, 'Old Hash');
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    const storedHash = () => (db.prepare('SELECT password_hash FROM users WHERE id = ?').get(person.user.id) as { password_hash: string }).password_hash;
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await new PasswordHasher({ scryptLogN: 15 }).hash(PASSWORD), person.user.id);
    expect(storedHash()).toMatch(/^scrypt\$32768\$/);

    expect((await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: PASSWORD })).status).toBe(200);
    expect(storedHash()).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: PASSWORD })).status).toBe(200);
    db.close();
  });

  it('a wrong password does not upgrade (or touch) the stored hash', async () => {
    server = await startServer();
    const person = await signUpUser(server.baseUrl, 'Old Hash Wrong');
    const db = new DatabaseSync(join(server.dataDir, 'jointly.sqlite'));
    const old = await new PasswordHasher({ scryptLogN: 15 }).hash(PASSWORD);
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(old, person.user.id);
    expect((await api(server.baseUrl, 'POST', '/api/auth/login', { email: person.user.email, password: 'not the password' })).status).toBe(401);
    expect((db.prepare('SELECT password_hash FROM users WHERE id = ?').get(person.user.id) as { password_hash: string }).password_hash).toBe(old);
    db.close();
  });
});
