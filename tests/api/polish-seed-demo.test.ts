import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/test-server.ts';

const SEED = fileURLToPath(new URL('../../scripts/seed-demo.ts', import.meta.url));
const run = (env: Record<string, string>) => promisify(execFile)(process.execPath, [SEED], { env: { ...process.env, PUBLIC_URL: '', PORT: '', ...env } });

/** `npm run seed:demo` prints the addresses of the server it was configured for, not the default port. */
describe('npm run seed:demo prints the real addresses', () => {
  it('uses PORT on the first run and on a later one', async () => {
    const dataDir = makeDataDir();
    const first = await run({ DATA_DIR: dataDir, PORT: '4567' });
    expect(first.stdout).toContain('Log in at:  http://localhost:4567/login');
    expect(first.stdout).toMatch(/Statement: {2}http:\/\/localhost:4567\/statements\/[A-Za-z0-9_-]+\n/);
    const statement = /\/statements\/([A-Za-z0-9_-]+)/.exec(first.stdout)![1];
    expect(first.stdout).not.toContain(':3000');

    const again = await run({ DATA_DIR: dataDir, PORT: '4568' });
    expect(again.stdout).toContain('already seeded');
    expect(again.stdout).toContain('Log in at:  http://localhost:4568/login');
    expect(again.stdout).toContain(`Statement:  http://localhost:4568/statements/${statement}`);
  }, 60_000);

  it('uses PUBLIC_URL when it is set', async () => {
    const out = await run({ DATA_DIR: makeDataDir(), PORT: '4569', PUBLIC_URL: 'https://jointly.example.org/' });
    expect(out.stdout).toContain('Log in at:  https://jointly.example.org/login');
    expect(out.stdout).toMatch(/Statement: {2}https:\/\/jointly\.example\.org\/statements\/[A-Za-z0-9_-]+\n/);
    expect(out.stdout).not.toContain('localhost');
  }, 60_000);
});
