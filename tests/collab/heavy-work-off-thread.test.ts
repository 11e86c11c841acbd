import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldDocument } from '../../server/collab/replay.ts';
import { readStatementText } from '../../server/collab/statement-text.ts';
import { contentHashOf } from '../../shared/content-hash.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { createStatement } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * One large statement must never stall the others: loading it (replay of snapshot + log),
 * hashing it, compacting it and reading its text for a sign-off run in a worker thread, and the
 * main thread only takes the folded state a slice per event-loop turn. A canary editor types on
 * another statement the whole time; the event loop's delay is measured in every phase.
 *
 * "Blocked" is measured as main-thread CPU time between two turns of a 5 ms timer
 * (process.threadCpuUsage), which is what the code controls; the wall-clock event-loop delay
 * (monitorEventLoopDelay) is printed beside it, with a baseline of the canary alone, and held
 * to a coarse bound only, because on a saturated machine it also counts the time the OS gave
 * this thread to other processes. The bound is looser than the ~50 ms target, for shared
 * machines; the real figures are printed. With the worker path turned off (every document
 * treated as small) the same test measures the loop blocked for seconds.
 */
const LOOP_MAX_MS = 150;
const LOOP_WALL_MAX_MS = 1_500;
const PARAGRAPHS = 4_500;
const WORDS_PER_PARAGRAPH = 70;
const LOGGED_TRANSACTIONS = 400;

describe('heavy work on a large statement', () => {
  let server: TestServer;
  let canary: EditorClient;
  let typing = true;
  const keystrokes: { at: number; ackMs: number }[] = [];
  let canaryDone: Promise<void>;

  beforeAll(async () => {
    server = await startServer({ config: { compactAfterUpdates: 1_000_000 } });
    const other = await createStatement(server.baseUrl, { title: 'Canary', markdown: 'Typing.' });
    canary = await EditorClient.connect(server, other.id);
    canaryDone = (async () => {
      while (typing) {
        const at = performance.now();
        canary.insertText(0, 0, 'k');
        await canary.acknowledged();
        keystrokes.push({ at, ackMs: performance.now() - at });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
  });

  afterAll(async () => {
    typing = false;
    await canaryDone;
    canary.destroy();
    await server.close();
  });

  it('loads, hashes, compacts and reads it without blocking the event loop', { timeout: 300_000 }, async () => {
    const { id } = await createStatement(server.baseUrl, { title: 'Large', markdown: 'The beginning.' });
    const name = statementDocumentName(id);
    const { store, collaboration } = server.app.jointly;
    const author = await storeLargeDocument(server, name);
    const stored = await store.documents.load(name);
    const storedBytes = stored.updates.reduce((sum, u) => sum + u.update.byteLength, stored.snapshot!.byteLength);
    console.log(`large document: ${(storedBytes / 1024 / 1024).toFixed(2)} MB stored (snapshot + ${stored.updates.length} logged updates)`);
    expect(storedBytes).toBeGreaterThan(4 * 1024 * 1024);
    const expectedHash = await contentHashOf(statementJSONFromYDoc(author));
    const hashOf = async () => (await store.statements.get(id))!.contentHash;

    const baseline = await measure('canary alone', () => new Promise((resolve) => setTimeout(resolve, 1_500)));

    // Load (replay of snapshot + log) and the first hash of the loaded text.
    let direct!: Awaited<ReturnType<typeof collaboration.hocuspocus.openDirectConnection>>;
    const load = await measure('load', async () => {
      direct = await collaboration.hocuspocus.openDirectConnection(name);
    });
    const firstHash = await measure('hash after load', () => waitFor(async () => (await hashOf()) === expectedHash, 'the hash of the loaded text', 60_000));
    expect(Y.encodeStateVector(direct.document!)).toEqual(Y.encodeStateVector(author));

    // An edit: re-hashed within the hash delay, on the replica.
    await direct.transact((doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Hashed off the main thread.')]);
      doc.getXmlFragment('default').push([paragraph]);
    });
    const before = await hashOf();
    const rehash = await measure('re-hash after an edit', () => waitFor(async () => (await hashOf()) !== before, 'a new hash', 60_000));

    // The text a sign-off binds to, read from the live document.
    let liveText!: Awaited<ReturnType<typeof readStatementText>>;
    const readLive = await measure('read the live text (sign-off)', async () => {
      liveText = await readStatementText(collaboration.hocuspocus, store, id);
    });
    expect(liveText.contentHash).toBe(await hashOf());

    // Unload: compaction of snapshot + log into one snapshot.
    const compaction = await measure('compaction on unload', async () => {
      await direct.disconnect();
      await waitFor(
        async () => !collaboration.hocuspocus.documents.has(name) && (await store.documents.countLogged(name)) === 0,
        'the compacted unload',
        60_000,
      );
    });

    // The text read from storage (no open document).
    let storedText!: Awaited<ReturnType<typeof readStatementText>>;
    const readStored = await measure('read the stored text (sign-off)', async () => {
      storedText = await readStatementText(collaboration.hocuspocus, store, id);
    });

    // Everything describes the same text: the live document's, stored and compacted.
    expect(storedText.contentHash).toBe(liveText.contentHash);
    expect(storedText.version.documentJson).toBe(liveText.version.documentJson);
    const compacted = foldDocument(await store.documents.load(name));
    expect(compacted.rejected).toEqual([]);
    const reloaded = new Y.Doc({ gc: false });
    Y.applyUpdate(reloaded, compacted.state);
    expect(await contentHashOf(statementJSONFromYDoc(reloaded))).toBe(liveText.contentHash);

    const phases = [load, firstHash, rehash, readLive, compaction, readStored];
    console.log(
      [baseline, ...phases]
        .map(
          (p) =>
            `${p.label.padEnd(32)} ${String(Math.round(p.ms)).padStart(6)} ms   loop delay max ${p.loopMax.toFixed(0).padStart(5)} ms, p99 ${p.loopP99.toFixed(0).padStart(4)} ms` +
            `   longest block ${p.blockMax.toFixed(0).padStart(5)} ms CPU   canary ack max ${p.canaryMax.toFixed(0).padStart(5)} ms (${p.keystrokes} keystrokes)`,
        )
        .join('\n'),
    );
    console.log(
      `machine: ${availableParallelism()} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    for (const phase of phases) {
      expect(phase.blockMax, `${phase.label}: longest event-loop block (main-thread CPU)`).toBeLessThan(LOOP_MAX_MS);
      // Wall clock also counts time the OS gave this thread to other processes: on a saturated
      // machine it spikes with no work at all, so it is only held to a coarse bound.
      expect(phase.loopMax, `${phase.label}: event-loop delay`).toBeLessThan(LOOP_WALL_MAX_MS);
    }
  });

  interface Measured {
    label: string;
    ms: number;
    /** Event-loop delay (monitorEventLoopDelay): wall clock, so it includes time the OS gave the thread to others. */
    loopMax: number;
    loopP99: number;
    /** Longest main-thread CPU time between two turns of a 5 ms timer: how long the loop was blocked by work of its own. */
    blockMax: number;
    canaryMax: number;
    keystrokes: number;
  }

  async function measure(label: string, work: () => Promise<unknown>): Promise<Measured> {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    let blockMax = 0;
    let lastCpu = threadCpuMs();
    const sampler = setInterval(() => {
      const cpu = threadCpuMs();
      blockMax = Math.max(blockMax, cpu - lastCpu);
      lastCpu = cpu;
    }, 5);
    histogram.enable();
    // Both clocks tick before the work starts, so a block right at its start is counted.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    // Keystrokes typed during the phase, acknowledged up to a moment after it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    histogram.disable();
    clearInterval(sampler);
    const during = keystrokes.filter((k) => k.at >= started && k.at <= started + ms);
    return {
      label,
      ms,
      loopMax: histogram.max / 1e6,
      loopP99: histogram.percentile(99) / 1e6,
      blockMax,
      canaryMax: Math.max(0, ...during.map((k) => k.ackMs)),
      keystrokes: during.length,
    };
  }
});

/** CPU time used by this thread (the server's event loop), in ms. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * Writes a large statement to storage as a compacted one looks: a snapshot of several MB
 * (paragraphs typed word by word, some words bold, some typos deleted), then a log of the
 * last transactions typed. Returns the author's document (what storage now holds).
 */
async function storeLargeDocument(server: TestServer, name: string): Promise<Y.Doc> {
  const { store } = server.app.jointly;
  const author = new Y.Doc({ gc: false });
  Y.applyUpdate(author, (await store.documents.load(name)).snapshot!);
  const fragment = author.getXmlFragment('default');
  const typeParagraph = (p: number) => {
    const text = new Y.XmlText();
    author.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      fragment.push([paragraph]);
    });
    for (let w = 0; w < WORDS_PER_PARAGRAPH; w++) {
      author.transact(() => text.insert(text.length, `word${p}.${w} `, w % 9 === 0 ? { bold: {} } : undefined));
      if (w % 13 === 7) author.transact(() => text.delete(text.length - 3, 2));
    }
  };
  const transactionsPerParagraph = 2 + WORDS_PER_PARAGRAPH + Math.floor(WORDS_PER_PARAGRAPH / 13);
  const loggedParagraphs = Math.ceil(LOGGED_TRANSACTIONS / transactionsPerParagraph);
  for (let p = 0; p < PARAGRAPHS - loggedParagraphs; p++) typeParagraph(p);
  await store.documents.writeSnapshot(name, Y.encodeStateAsUpdate(author));
  const logged: Uint8Array[] = [];
  author.on('update', (update: Uint8Array) => logged.push(update));
  for (let p = PARAGRAPHS - loggedParagraphs; p < PARAGRAPHS; p++) typeParagraph(p);
  for (const update of logged) await store.documents.append(name, update);
  return author;
}
