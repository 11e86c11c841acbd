import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, collabToken, createStatement, signUp, type Person } from '../helpers/api.ts';
import { RawCollabClient } from '../helpers/raw-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

describe('statements API', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl, 'Lea Lead', 'Housing Now');
  });
  afterAll(async () => server.close());

  it('creates a statement (201) led by my organization, lists and reads it back with its participants', async () => {
    const created = await createStatement(server.baseUrl, { title: 'Open letter on tenancy law' }, lead);
    expect(created).toMatchObject({
      title: 'Open letter on tenancy law',
      leadOrgId: lead.orgId,
      myRole: 'admin',
      canManageParticipants: true,
      participants: [{ orgId: lead.orgId, name: 'Housing Now', required: true }],
    });
    const list = await api<{ statements: { id: string }[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as: lead });
    expect(list.body.statements.map((s) => s.id)).toContain(created.id);
    const one = await api<{ statement: StatementDetail }>(server.baseUrl, 'GET', `/api/statements/${created.id}`, undefined, { as: lead });
    expect(one.status).toBe(200);
    expect(one.body.statement).toEqual(created);
  });

  it.each([
    ['a missing title', {}, 'title'],
    ['a blank title', { title: '   ' }, 'title is required'],
    ['an unknown field', { title: 'x', owner: 'me' }, 'owner'],
    ['both markdown and html', { title: 'x', markdown: 'a', html: '<p>a</p>' }, 'at most one of markdown, html or docxBase64'],
    ['a non-string title', { title: 42 }, 'title'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the problem', async (_label, body, mention) => {
    const { status, body: answer } = await api<{ error: { code: string; message: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { leadOrgId: lead.orgId, ...body },
      { as: lead },
    );
    expect(status).toBe(400);
    expect(answer.error.code).toBe('VALIDATION_FAILED');
    expect(answer.error.message).toContain(mention);
  });

  it('answers malformed JSON with the error shape, not a stack trace', async () => {
    const response = await fetch(`${server.baseUrl}/api/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: lead.cookie },
      body: '{"title": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain('at ');
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await api<{ error: { code: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'big', leadOrgId: lead.orgId, markdown: 'x'.repeat(2_500_000) },
      { as: lead },
    );
    expect(status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown statements, malformed ids and unknown paths in the error shape', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/statements/doesNotExist', undefined, { as: lead })).body).toEqual({
      error: { code: 'STATEMENT_NOT_FOUND', message: expect.any(String) },
    });
    expect((await api(server.baseUrl, 'POST', '/api/statements/doesNotExist/collab-token', undefined, { as: lead })).status).toBe(404);
    expect((await api(server.baseUrl, 'GET', '/api/statements/bad%20id!', undefined, { as: lead })).status).toBe(400);
    expect((await api(server.baseUrl, 'GET', '/api/nothing-here')).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a mutating request from another origin with 403 CROSS_ORIGIN', async () => {
    const forged = await api<{ error: { code: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'forged', leadOrgId: lead.orgId },
      { as: lead, headers: { origin: 'https://evil.example' } },
    );
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('CROSS_ORIGIN');
    const sameOrigin = await api(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'fine', leadOrgId: lead.orgId },
      { as: lead, headers: { origin: new URL(server.config.publicUrl).origin } },
    );
    expect(sameOrigin.status).toBe(201);
  });

  it('serves an OpenAPI document listing every contract path', async () => {
    const { status, body } = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(server.baseUrl, 'GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const operations = Object.entries(body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /api/auth/signup',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'POST /api/orgs',
        'GET /api/orgs/{orgId}',
        'GET /api/orgs/{orgId}/members',
        'POST /api/orgs/{orgId}/invites',
        'POST /api/invites/{token}/accept',
        'PATCH /api/orgs/{orgId}/members/{userId}',
        'DELETE /api/orgs/{orgId}/members/{userId}',
        'POST /api/statements',
        'GET /api/statements',
        'GET /api/statements/{id}',
        'POST /api/statements/{id}/participants',
        'DELETE /api/statements/{id}/participants/{orgId}',
        'POST /api/statements/{id}/collab-token',
      ]),
    );
    expect(JSON.stringify(body.paths['/api/auth/signup'])).toContain('"password"');
  });

  it('GET /healthz answers ok', async () => {
    expect((await api(server.baseUrl, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
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
    const tokenForA = await collabToken(server.baseUrl, a.id);

    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate(tokenForA)).toBe('authenticated');
    expect(await new RawCollabClient(server.wsUrl, b.id).authenticate(tokenForA)).toBe('denied');
    const [payload] = tokenForA.split('.');
    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate(`${payload}.forged`)).toBe('denied');
    expect(await new RawCollabClient(server.wsUrl, a.id).authenticate('')).toBe('denied');
  });
});
