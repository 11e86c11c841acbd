import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { api, sessionCookieOf } from '../helpers/api.ts';
import { makeDataDir, startServer } from '../helpers/test-server.ts';

const SEED = fileURLToPath(new URL('../../scripts/seed-demo.ts', import.meta.url));

describe('npm run seed:demo', () => {
  it('seeds a coalition whose printed logins work with the roles it claims, and is safe to run twice', async () => {
    const dataDir = makeDataDir();
    const run = () => promisify(execFile)(process.execPath, [SEED], { env: { ...process.env, DATA_DIR: dataDir } });
    const first = await run();
    expect(first.stdout).toContain('jointly-demo-2026');
    expect(first.stdout).toContain('eva@tenants-union.example');
    expect((await run()).stdout).toContain('already seeded');

    const server = await startServer({ dataDir });
    try {
      const login = async (email: string) => {
        const answer = await api(server.baseUrl, 'POST', '/api/auth/login', { email, password: 'jointly-demo-2026' });
        expect(answer.status).toBe(200);
        return { cookie: sessionCookieOf(answer.headers) };
      };
      const statementsOf = async (email: string) =>
        (await api<{ statements: { id: string }[] }>(server.baseUrl, 'GET', '/api/statements', undefined, { as: await login(email) })).body.statements;

      const [statement] = await statementsOf('amal@housing-now.example');
      const eva = await login('eva@tenants-union.example');
      const seenByEva = await api<{ statement: { myRole: string; participants: { name: string; required: boolean }[] } }>(
        server.baseUrl,
        'GET',
        `/api/statements/${statement!.id}`,
        undefined,
        { as: eva },
      );
      expect(seenByEva.body.statement.myRole).toBe('viewer');
      expect(seenByEva.body.statement.participants.map((p) => [p.name, p.required])).toEqual([
        ['Housing Now', true],
        ['Legal Aid Collective', false],
        ['Tenants Union', true],
      ]);
      expect(await statementsOf('hugo@street-medics.example')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
