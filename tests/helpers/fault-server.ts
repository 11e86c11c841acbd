import type { Extension } from '@hocuspocus/server';
import { join } from 'node:path';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { FaultStore } from './fault-store.ts';
import { makeDataDir, startServer, type TestServer } from './test-server.ts';

/** A real server whose SQLite store is wrapped in a FaultStore. */
export async function startFaultServer(options: { dataDir?: string; collabExtensions?: Extension[] } = {}): Promise<TestServer & { store: FaultStore }> {
  const dataDir = options.dataDir ?? makeDataDir();
  const store = new FaultStore(new SqliteStore({ file: join(dataDir, 'jointly.sqlite'), synchronous: 'NORMAL' }));
  const server = await startServer({
    dataDir,
    build: { store, ...(options.collabExtensions ? { collabExtensions: options.collabExtensions } : {}) },
  });
  return { ...server, store };
}
