import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatement } from '../helpers/api.ts';
import { freePort } from '../helpers/child-server.ts';
import { RestartableServer } from '../helpers/restartable-server.ts';
import { seededRandom, seedFrom } from '../helpers/seeded-random.ts';
import { storedWords } from '../helpers/sqlite-faults.ts';
import { makeDataDir } from '../helpers/test-server.ts';
import { missingFrom, Typist } from '../helpers/typists.ts';
import { waitFor } from '../helpers/wait.ts';
import { WireEditor } from '../helpers/wire-editor.ts';

/**
 * SIGTERM while people type (shutdown.test.ts covers a quiet server: one acknowledged edit,
 * exit 0, compacted). Here three real providers keep typing through the whole shutdown, and
 * reconnect to it while it drains. The promise: every edit the server acknowledged before it
 * went away is in storage (read straight from the file, then through a restarted server), and
 * what was typed but not acknowledged is stored once the editors reconnect.
 */
const SIGTERMS = 3;

describe('SIGTERM mid-typing', () => {
  let server: RestartableServer | undefined;
  const editors: { destroy(): void }[] = [];

  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    await server?.close();
    server = undefined;
  });

  it(`${SIGTERMS} SIGTERMs lose no acknowledged edit, each exits 0, and the rest is stored once the editors reconnect`, async () => {
    const seed = seedFrom('SEED');
    console.log(`sigterm-typing seed=${seed} (replay: SEED=${seed})`);
    const random = seededRandom(seed);
    const dataDir = makeDataDir();
    server = new RestartableServer(dataDir, await freePort());
    await server.start();
    const { id } = await createStatement(server.baseUrl, { markdown: 'Opening words.' });
    const typists = [0, 1, 2].map((n) => new Typist(server!, id, { prefix: `t${n}w`, random }));
    editors.push(...typists);
    for (const typist of typists) {
      await typist.editor.synced();
      typist.start();
    }
    const acknowledgedCount = () => typists.reduce((n, typist) => n + typist.acknowledged.length, 0);

    for (let round = 1; round <= SIGTERMS; round++) {
      // Typing goes on (the editors reconnect by themselves after each restart) for a random while.
      const before = acknowledgedCount();
      await waitFor(() => acknowledgedCount() >= before + 30, 'typing to be acknowledged', 20_000);
      await sleep(random.int(0, 800));

      const serving = (server as unknown as { current: ChildProcess })['current'];
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        serving.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const acknowledgedAtSignal = acknowledgedCount();
      const signalledAt = performance.now();
      serving.kill('SIGTERM');
      const exit = await exited;
      const shutdownMs = Math.round(performance.now() - signalledAt);
      // The process is gone: nothing more can be acknowledged by it.
      const acknowledged = typists.flatMap((typist) => [...typist.acknowledged]);
      const typedByThen = typists.reduce((n, typist) => n + typist.typed.length, 0);
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      const lost = missingFrom(storedWords(dataDir, id), acknowledged);
      console.log(
        `sigterm-typing round ${round}: ${typedByThen} tokens typed so far, ${acknowledged.length} acknowledged ` +
          `(${acknowledged.length - acknowledgedAtSignal} after SIGTERM), lost=${lost.length}; shutdown took ${shutdownMs} ms`,
      );
      expect(lost, `round ${round}: acknowledged, then lost in the shutdown`).toEqual([]);

      // A new server on the same data and port.
      await server.kill();
      await server.start();
      const reader = await WireEditor.connect(server, id);
      const missing = missingFrom(reader.words(), acknowledged);
      reader.destroy();
      expect(missing, `round ${round}: acknowledged, missing after the restart`).toEqual([]);
    }

    await sleep(300);
    for (const typist of typists) await typist.stop();
    const stoppedAt = performance.now();
    await waitFor(() => typists.every((typist) => typist.acknowledged.length === typist.typed.length), 'every token typed to be acknowledged', 20_000);
    const everyToken = typists.flatMap((typist) => typist.typed);
    expect(missingFrom(storedWords(dataDir, id), everyToken)).toEqual([]);
    const fresh = await WireEditor.connect(server, id);
    editors.push(fresh);
    expect(missingFrom(fresh.words(), everyToken)).toEqual([]);
    console.log(
      `sigterm-typing: ${SIGTERMS} SIGTERMs; afterwards all ${everyToken.length} tokens typed are stored and acknowledged ` +
        `(${Math.round(performance.now() - stoppedAt)} ms after typing stopped)`,
    );
  }, 60_000);
});
