import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Person } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

describe('creating a statement from pathological Markdown', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer({ config: { seedTimeoutMs: 1_000 } });
    lead = await signUp(server.baseUrl);
  });
  afterAll(async () => server.close());

  it('is refused with a clear error after the time limit, while the server keeps answering', async () => {
    // ~60 kB of unclosed emphasis: the Markdown parser needs minutes for this.
    const creating = api<{ error: { code: string; message: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Slow', leadOrgId: lead.orgId, markdown: '*a '.repeat(20_000) },
      { as: lead },
    );
    const started = Date.now();
    const health = await api(server.baseUrl, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);

    const answer = await creating;
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toContain('took longer than 1 s');

    // The converter recovers for the next statement.
    const next = await api(server.baseUrl, 'POST', '/api/statements', { title: 'Fine', leadOrgId: lead.orgId, markdown: '# Hello' }, { as: lead });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
  });
});
