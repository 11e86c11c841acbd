import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createStatement } from '../helpers/api.ts';
import { RawCollabClient } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

describe('statements API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('creates a statement (201) and lists and reads it back', async () => {
    const created = await createStatement(server.baseUrl, { title: 'Open letter on tenancy law' });
    expect(created).toMatchObject({ id: expect.any(String), title: 'Open letter on tenancy law' });
    const list = await api<{ statements: { id: string }[] }>(server.baseUrl, 'GET', '/api/statements');
    expect(list.body.statements.map((s) => s.id)).toContain(created.id);
    const one = await api(server.baseUrl, 'GET', `/api/statements/${created.id}`);
    expect(one).toEqual({ status: 200, body: { statement: created } });
  });

  it.each([
    ['a missing title', {}, 'title'],
    ['a blank title', { title: '   ' }, 'title is required'],
    ['an unknown field', { title: 'x', owner: 'me' }, 'owner'],
    ['both markdown and html', { title: 'x', markdown: 'a', html: '<p>a</p>' }, 'not both'],
    ['a non-string title', { title: 42 }, 'title'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the problem', async (_label, body, mention) => {
    const { status, body: answer } = await api<{ error: { code: string; message: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      body,
    );
    expect(status).toBe(400);
    expect(answer.error.code).toBe('VALIDATION_FAILED');
    expect(answer.error.message).toContain(mention);
  });

  it('answers malformed JSON with the error shape, not a stack trace', async () => {
    const response = await fetch(`${server.baseUrl}/api/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain('at ');
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await api<{ error: { code: string } }>(server.baseUrl, 'POST', '/api/statements', {
      title: 'big',
      markdown: 'x'.repeat(2_500_000),
    });
    expect(status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown statements and malformed ids with 404 / 400 in the error shape', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/statements/doesNotExist')).body).toEqual({
      error: { code: 'STATEMENT_NOT_FOUND', message: expect.any(String) },
    });
    expect((await api(server.baseUrl, 'POST', '/api/statements/doesNotExist/collab-token')).status).toBe(404);
    expect((await api(server.baseUrl, 'GET', '/api/statements/bad%20id!')).status).toBe(400);
    expect((await api(server.baseUrl, 'GET', '/api/nothing-here')).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a mutating request from another origin with 403 CROSS_ORIGIN', async () => {
    const { status, body } = await api<{ error: { code: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'forged' },
      { origin: 'https://evil.example' },
    );
    expect(status).toBe(403);
    expect(body.error.code).toBe('CROSS_ORIGIN');
    const sameOrigin = await api(server.baseUrl, 'POST', '/api/statements', { title: 'fine' }, { origin: new URL(server.config.publicUrl).origin });
    expect(sameOrigin.status).toBe(201);
  });

  it('GET /healthz answers ok', async () => {
    expect(await api(server.baseUrl, 'GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('collab websocket admission', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('refuses an upgrade from a foreign Origin', async () => {
    const { id } = await createStatement(server.baseUrl);
    const client = new RawCollabClient(server.wsUrl, id, { origin: 'https://evil.example' });
    await expect(client.authenticate('irrelevant')).rejects.toThrow('upgrade refused with 403');
  });

  it('admits a valid token, and denies a forged token or a token for another statement', async () => {
    const a = await createStatement(server.baseUrl);
    const b = await createStatement(server.baseUrl);
    const tokenForA = (await api<{ token: string }>(server.baseUrl, 'POST', `/api/statements/${a.id}/collab-token`)).body.token;

    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate(tokenForA)).toBe('authenticated');
    expect(await new RawCollabClient(server.wsUrl, b.id).authenticate(tokenForA)).toBe('denied');
    const [payload] = tokenForA.split('.');
    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate(`${payload}.forged`)).toBe('denied');
    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate('')).toBe('denied');
  });
});
