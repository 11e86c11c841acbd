import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createStatement, signUp } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** Every response carries browser hardening headers; the public page keeps its stricter policy. */
describe('security headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ config: { serveClient: true } });
  });
  afterAll(async () => server.close());

  it('the app (its page, the API, an error) may not be framed and runs only its own scripts', async () => {
    for (const path of ['/', '/statements/abc', '/api/me', '/api/no-such-route']) {
      const answer = await fetch(`${server.baseUrl}${path}`);
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(answer.headers.get('x-frame-options'), path).toBe('DENY');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });

  it('the public page keeps its stricter policy: no scripts at all, no referrer', async () => {
    const lead = await signUp(server.baseUrl, 'Pia Public', 'Public Org');
    const statement = await createStatement(server.baseUrl, { markdown: 'Published words.' }, lead);
    await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: lead.orgId, contentHash: statement.contentHash }, { as: lead });
    expect((await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/lock`, undefined, { as: lead })).status).toBe(200);
    const published = await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/publish`, undefined, { as: lead });
    expect(published.status).toBe(200);
    const page = await fetch(`${server.baseUrl}/s/${statement.id}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
