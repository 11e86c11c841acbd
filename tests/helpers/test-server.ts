import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type BuildOptions } from '../../server/app.ts';
import { defineConfig, type Config, type ConfigOverrides } from '../../server/config.ts';
import { freePort } from './child-server.ts';

export interface TestServer {
  app: FastifyInstance;
  config: Config;
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'jointly-test-'));
}

/** The real app on a free loopback port, with a fresh (or the given) DATA_DIR. */
export async function startServer(options: { dataDir?: string; config?: Partial<ConfigOverrides>; build?: BuildOptions } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  // A known port up front, so PUBLIC_URL (checked against browsers' Origin) is the real address.
  const port = options.config?.port ?? (await freePort());
  const config = defineConfig({
    dataDir,
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel'] | undefined) ?? 'silent',
    serveClient: false,
    storeDebounceMs: 200,
    ...options.config,
  });
  const app = await buildApp(config, options.build);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not listen on a port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${address.port}/collab`,
    dataDir,
    close: () => app.close(),
  };
}
