/**
 * Background load for tests/bench/ack-latency.ts, run as a child process (own event loop,
 * so the probe's timings are not queued behind 49 clients' traffic). Talks over IPC:
 *
 *   parent → { type: 'start', server, statementId, editors, meanIntervalMs }  → 'ready' once all synced
 *   parent → { type: 'type' }    start typing: each editor one character every meanIntervalMs (±50 %)
 *   parent → { type: 'stop' }    stop typing, wait for every acknowledgement    → 'stopped'
 *   parent → { type: 'verify', key }  wait until every editor holds that state  → 'verified'
 *   parent → { type: 'close' }   destroy the editors and exit
 *
 * Exits on its own when the parent goes away.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EditorClient } from '../helpers/editor-client.ts';
import { stateKey } from './state-key.ts';
import type { BackgroundReply, BackgroundRequest } from './protocol.ts';

const editors: EditorClient[] = [];
const timers = new Set<NodeJS.Timeout>();
let typing = false;
let keystrokes = 0;
let typingStartedAt = 0;

function reply(message: BackgroundReply): void {
  process.send?.(message);
}

function scheduleKeystroke(editor: EditorClient, delayMs: number, meanIntervalMs: number): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    if (!typing) return;
    const blocks = editor.textBlocks();
    const block = Math.floor(Math.random() * Math.max(1, blocks.length));
    const length = blocks[block]?.length ?? 0;
    const letter = String.fromCharCode(97 + Math.floor(Math.random() * 26));
    editor.insertText(block, Math.floor(Math.random() * (length + 1)), letter);
    keystrokes++;
    scheduleKeystroke(editor, meanIntervalMs * (0.5 + Math.random()), meanIntervalMs);
  }, delayMs);
  timers.add(timer);
}

async function waitAll(condition: (editor: EditorClient) => boolean, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failing = editors.filter((e) => !condition(e)).length;
    if (failing === 0 || Date.now() > deadline) return failing;
    await sleep(10);
  }
}

function closeAll(): void {
  typing = false;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  for (const editor of editors.splice(0)) editor.destroy();
}

let meanInterval = 500;

async function handle(message: BackgroundRequest): Promise<void> {
  switch (message.type) {
    case 'start': {
      meanInterval = message.meanIntervalMs;
      // Connect in small batches so the server is not hit by every handshake at once.
      for (let i = 0; i < message.editors; i += 10) {
        const batch = Math.min(10, message.editors - i);
        editors.push(
          ...(await Promise.all(Array.from({ length: batch }, () => EditorClient.connect(message.server, message.statementId, { cookie: message.cookie })))),
        );
      }
      reply({ type: 'ready', editors: editors.length });
      return;
    }
    case 'type': {
      typing = true;
      keystrokes = 0;
      typingStartedAt = performance.now();
      for (const editor of editors) scheduleKeystroke(editor, Math.random() * meanInterval, meanInterval);
      return;
    }
    case 'stop': {
      typing = false;
      const typingMs = performance.now() - typingStartedAt;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const unacknowledged = await waitAll((e) => e.provider.isSynced && e.provider.unsyncedChanges === 0, 15_000);
      reply({ type: 'stopped', keystrokes, typingMs, unacknowledged });
      return;
    }
    case 'verify': {
      const mismatched = await waitAll((e) => stateKey(e) === message.key, 10_000);
      reply({ type: 'verified', mismatched });
      return;
    }
    case 'close': {
      closeAll();
      process.disconnect?.();
      setImmediate(() => process.exit(0));
      return;
    }
  }
}

process.on('message', (message: BackgroundRequest) => {
  handle(message).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
process.on('disconnect', () => {
  closeAll();
  process.exit(0);
});
