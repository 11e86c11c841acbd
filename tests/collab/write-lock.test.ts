import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { seededRandom, seedFrom } from '../helpers/seeded-random.ts';
import { databaseFile, holdWriteLock, storedWords } from '../helpers/sqlite-faults.ts';
import { makeDataDir } from '../helpers/test-server.ts';
import { missingFrom, Typist } from '../helpers/typists.ts';
import { waitFor } from '../helpers/wait.ts';
import { WireEditor } from '../helpers/wire-editor.ts';

/**
 * Another process (a backup tool, an operator's sqlite3 shell) holds SQLite's write lock on the
 * server's database file (BEGIN IMMEDIATE) while people type. The server runs in a child process,
 * so that a stalled event loop could not hide behind clients in the same process. The promise:
 * nothing typed while the lock is held is acknowledged, editors do not read "saved", the reader
 * keeps its document, the server goes on answering (writes wait for the lock asynchronously,
 * server/storage/sqlite/busy-retry.ts, never more than a moment on its thread), and every edit
 * is stored once the lock is released.
 */
describe('a write lock held by another process', () => {
  let child: ChildServer | undefined;
  const editors: { destroy(): void }[] = [];
  const locks: { release(): Promise<void> }[] = [];

  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    for (const lock of locks.splice(0)) await lock.release();
    child?.process.kill('SIGKILL');
    await child?.exited;
    child = undefined;
  });

  for (const holdMs of [2_000, 6_500]) {
    it(`held for ${holdMs} ms: nothing typed meanwhile is acknowledged before the lock goes, and all of it is stored after`, async () => {
      const seed = seedFrom('SEED');
      console.log(`write-lock ${holdMs} ms seed=${seed} (replay: SEED=${seed})`);
      const random = seededRandom(seed);
      const dataDir = makeDataDir();
      child = await startChildServer(dataDir);
      const server = child;
      const { id } = await createStatement(server.baseUrl, { markdown: 'Opening words.' });
      const typists = [0, 1].map((n) => new Typist(server, id, { prefix: `t${n}w`, random }));
      editors.push(...typists);
      const reader = await WireEditor.connect(server, id);
      editors.push(reader);
      for (const typist of typists) {
        await typist.editor.synced();
        typist.typeOne();
        await typist.editor.settled();
        typist.start();
      }
      await waitFor(() => typists.every((typist) => typist.acknowledged.length >= 5), 'typing to be under way');

      const lock = await holdWriteLock(databaseFile(dataDir), holdMs + 10_000);
      locks.push(lock);
      const lockedAt = performance.now();
      const violations: string[] = [];
      const saidSaved: string[] = [];
      const healthMs: number[] = [];
      // How long the server takes to answer /healthz meanwhile (a probe may be answered only after the release).
      const probing = (async () => {
        while (performance.now() - lockedAt < holdMs) {
          const started = performance.now();
          await fetch(`${server.baseUrl}/healthz`).catch(() => {});
          healthMs.push(performance.now() - started);
          await sleep(50);
        }
      })();
      while (performance.now() - lockedAt < holdMs) {
        await sleep(100);
        // Read what was acknowledged first, then storage (reads go on under the lock, WAL).
        const acknowledged = typists.flatMap((typist) => typist.acknowledged);
        violations.push(...missingFrom(storedWords(dataDir, id), acknowledged));
        for (const typist of typists) {
          const unacknowledged = typist.typed.length - typist.acknowledged.length;
          if (unacknowledged > 0 && typist.syncState() === 'saved') saidSaved.push(`${typist.typed[0]} (${unacknowledged} unacknowledged)`);
        }
      }
      // Nothing typed since the lock was taken can be stored yet, so none of it may be acknowledged.
      const typedUnderLock = typists.flatMap((typist) => typist.typedSince(lockedAt));
      const acknowledgedUnderLock = typists.flatMap((typist) => typist.typedSince(lockedAt).filter((token) => typist.isAcknowledged(token)));
      const states = typists.map((typist) => typist.syncState());
      const closesUnderLock = typists.flatMap((typist) => typist.editor.tap.closes.map((close) => close.code));
      await lock.release();
      const releasedAt = performance.now();
      await probing;

      expect(typedUnderLock.length).toBeGreaterThan(20);
      expect(acknowledgedUnderLock, 'acknowledged while another process held the write lock').toEqual([]);
      expect(violations, 'acknowledged but not stored').toEqual([]);
      expect(saidSaved, '"All changes saved" with edits unacknowledged').toEqual([]);
      expect(states).not.toContain('saved');

      // Typing goes on a little, then everything typed is acknowledged and stored.
      await sleep(300);
      for (const typist of typists) await typist.stop();
      await waitFor(() => typists.every((typist) => typist.acknowledged.length === typist.typed.length), 'every token typed to be acknowledged', 30_000);
      const storedMs = Math.round(performance.now() - releasedAt);
      const everyToken = typists.flatMap((typist) => typist.typed);
      expect(missingFrom(storedWords(dataDir, id), everyToken)).toEqual([]);
      // The reader stayed on the same document throughout and sees it all.
      await waitFor(() => missingFrom(reader.words(), everyToken).length === 0, 'the reader to see every token', 15_000);
      expect(reader.tap.closes, 'the reader was disconnected').toEqual([]);
      const fresh = await WireEditor.connect(server, id);
      editors.push(fresh);
      expect(missingFrom(fresh.words(), everyToken)).toEqual([]);

      const sorted = [...healthMs].sort((a, b) => a - b);
      // The server kept answering while its writes waited: many probes, each quick.
      expect(healthMs.length).toBeGreaterThan(holdMs / 200);
      expect(sorted[Math.floor(sorted.length * 0.95)] ?? Infinity, '/healthz p95 under the lock (ms)').toBeLessThan(500);
      console.log(
        `write-lock ${holdMs} ms: ${typedUnderLock.length} tokens typed under the lock, 0 acknowledged before it went ` +
          `(closes meanwhile: ${closesUnderLock.join(', ') || 'none'}); all ${everyToken.length} stored and acknowledged ${storedMs} ms after release; ` +
          `/healthz under the lock: ${healthMs.length} answers, p50 ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, ` +
          `p95 ${Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? 0)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms`,
      );
    }, 60_000);
  }
});
