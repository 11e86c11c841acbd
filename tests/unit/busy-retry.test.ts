import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, retryWhileBusy } from '../../server/storage/sqlite/busy-retry.ts';
import { withRetry } from '../../server/storage/retry.ts';
import { isStorageUnavailable } from '../../server/storage/unavailable.ts';

/** Two real connections to one file: `holder` takes the write lock as another process would. */
function twoConnections() {
  const file = join(mkdtempSync(join(tmpdir(), 'jointly-busy-')), 'db.sqlite');
  const holder = new DatabaseSync(file);
  holder.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)');
  const server = new DatabaseSync(file);
  server.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const store = {
    inserted: 0,
    async insert(x: number) {
      server.prepare('INSERT INTO t VALUES (?)').run(x);
      this.inserted++;
    },
  };
  return { holder, server, store };
}

describe('store writes while another connection holds the write lock', () => {
  it('wait for the lock without holding the thread, then write once', async () => {
    const { holder, server, store } = twoConnections();
    holder.exec('BEGIN IMMEDIATE');
    const wrapped = retryWhileBusy(store, 5_000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const releasedAt = new Promise<number>((resolve) =>
      setTimeout(() => {
        holder.exec('COMMIT');
        resolve(performance.now());
      }, 400),
    );
    await wrapped.insert(1);
    const done = performance.now();
    clearInterval(ticker);
    expect(done).toBeGreaterThanOrEqual(await releasedAt);
    // The event loop kept turning while the write waited (a synchronous wait would give about none).
    expect(ticks).toBeGreaterThan(15);
    expect(server.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    expect(store.inserted).toBe(1);
  });

  it('give up after the deadline with an error routes answer as 503 STORAGE_UNAVAILABLE', async () => {
    const { holder, store } = twoConnections();
    holder.exec('BEGIN IMMEDIATE');
    const startedAt = performance.now();
    const error = await retryWhileBusy(store, 300)
      .insert(2)
      .catch((e: unknown) => e);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(isStorageUnavailable(error)).toBe(true);
    holder.exec('ROLLBACK');
  });

  it('do not retry other errors', async () => {
    let calls = 0;
    const failing = {
      async write() {
        calls++;
        throw new Error('not a storage error');
      },
    };
    await expect(retryWhileBusy(failing).write()).rejects.toThrow('not a storage error');
    expect(calls).toBe(1);
  });

  it('are not tried again by the durable log once the store gave up waiting (no second wait per attempt)', async () => {
    const { holder, store } = twoConnections();
    holder.exec('BEGIN IMMEDIATE');
    let attempts = 0;
    const wrapped = retryWhileBusy(store, 100);
    const error = await withRetry(() => {
      attempts++;
      return wrapped.insert(3);
    }).catch((e: unknown) => e);
    expect(isStorageUnavailable(error)).toBe(true);
    expect(attempts).toBe(1);
    holder.exec('ROLLBACK');
  });
});
