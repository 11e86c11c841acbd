import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHashOf } from '../../shared/content-hash.ts';
import { createStatement } from '../helpers/api.ts';
import { databaseFile, holdWriteLock } from '../helpers/sqlite-faults.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';
import { WireEditor } from '../helpers/wire-editor.ts';

/**
 * The statement's content hash is a stored copy of the text's identity (GET /api/statements/:id
 * reports it; clients get it as a `content` message). A hash whose write the lock refused
 * (SQLITE_BUSY after the busy timeout) is stored once the lock goes, with no further edit.
 */
describe('the content hash while another process holds the write lock', () => {
  let server: TestServer | undefined;
  const editors: { destroy(): void }[] = [];
  const locks: { release(): Promise<void> }[] = [];

  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    for (const lock of locks.splice(0)) await lock.release();
    await server?.close();
    server = undefined;
  });

  it('a hash the lock kept from being stored is stored once the lock goes', async () => {
    const hashDelayMs = 3_000;
    // In this process on purpose: nothing here needs to run while the server waits on the lock.
    // The debounced store (title copy, compaction) stays out of the way: the hash's own write meets the lock.
    server = await startServer({ config: { hashDelayMs, storeDebounceMs: 30_000 } });
    const { id } = await createStatement(server.baseUrl, { markdown: 'Opening words.' });
    const editor = await WireEditor.connect(server, id);
    editors.push(editor);
    const storedHash = () => {
      const db = new DatabaseSync(databaseFile(server!.dataDir), { readOnly: true });
      try {
        return (db.prepare('SELECT content_hash FROM statements WHERE id = ?').get(id) as { content_hash: string | null }).content_hash;
      } finally {
        db.close();
      }
    };
    const liveHash = () => contentHashOf(editor.json());
    await waitFor(async () => storedHash() === (await liveHash()), 'the opening hash to be stored', 15_000, 50);

    editor.appendParagraph('the last edit before the lock');
    await editor.settled();
    const editedAt = performance.now();
    // Held past the server's busy timeout (5 s) from the moment the re-hash writes (hashDelayMs after the edit).
    const lock = await holdWriteLock(databaseFile(server.dataDir), 9_000);
    expect(performance.now() - editedAt, 'the lock came after the hash was written: inconclusive').toBeLessThan(hashDelayMs - 300);
    locks.push(lock);
    // The holder lets go on its own after 9 s; this process (the server) waits on the lock meanwhile.
    await waitFor(() => lock.process.exitCode !== null, 'the lock holder to let go', 20_000, 50);
    const releasedAt = performance.now();
    const expected = await liveHash();
    await waitFor(() => storedHash() === expected, 'the hash of the text to be stored after the lock', 10_000, 50);
    console.log(`content hash stored ${Math.round(performance.now() - releasedAt)} ms after the lock went (no edit since)`);
  }, 60_000);
});
