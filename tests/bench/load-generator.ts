/**
 * The thin load generator, a child process of the bench pinned to the load generator's
 * CPU. It holds groups of thin clients (thin-client.ts), each group on one server, and
 * drives them on request over IPC (load-protocol.ts): open, type at a rate (pre-encoded
 * keystrokes, optionally a caret awareness update with each), stop, verify that every
 * client received every other thin editor's keystrokes, close. Exits with its parent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeKeystrokes, caretAwareness, type EditorKeystrokes } from './keystroke-pool.ts';
import type { LoadReply, LoadRequest } from './load-protocol.ts';
import { ThinClient } from './thin-client.ts';

/** Pre-encoded keystrokes per logical editor: enough for every window a workload runs. */
const KEYSTROKES_PER_EDITOR = 150;
const TICK_MS = 5;

interface Group {
  clients: ThinClient[];
  /** Whether each client knows its thin peers yet (set up when the group first types). */
  peersKnown?: boolean;
  typing: { intervalMs: number; awareness: boolean; nextDue: number[]; keystrokes: number; awareness_: number; exhausted: Set<number> } | null;
}

const groups = new Map<string, Group>();
const startingStates = new Map<string, Uint8Array>();
const keystrokes = new Map<string, EditorKeystrokes>();
const editorKey = (key: string, editor: number) => `${key}#${editor}`;

function reply(message: LoadReply): void {
  process.send?.(message);
}

function groupOf(name: string): Group {
  const group = groups.get(name);
  if (!group) throw new Error(`no group ${name}`);
  return group;
}

function keystrokesOf(client: ThinClient): EditorKeystrokes {
  const id = editorKey(client.key, client.editor);
  let pool = keystrokes.get(id);
  if (!pool) {
    const state = startingStates.get(client.key);
    if (!state) throw new Error(`no starting state for ${client.key}: open it on Jointly first`);
    keystrokes.set(id, (pool = encodeKeystrokes(state, KEYSTROKES_PER_EDITOR)));
  }
  return pool;
}

async function open(request: Extract<LoadRequest, { type: 'open' }>): Promise<void> {
  const clients: ThinClient[] = [];
  const joinMs: number[] = [];
  let failed = 0;
  const seeded = new Set<string>();
  for (let i = 0; i < request.clients.length; i += request.concurrency) {
    const batch = request.clients.slice(i, i + request.concurrency).map((spec) => {
      let seed: Uint8Array | undefined;
      if (request.seedRooms && !seeded.has(spec.documentName)) {
        seeded.add(spec.documentName);
        seed = startingStates.get(spec.key);
        if (!seed) throw new Error(`no starting state to seed room ${spec.documentName}`);
      }
      return new ThinClient(request.kind, request.wsUrl, spec, seed);
    });
    const results = await Promise.allSettled(batch.map((c) => c.ready));
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') joinMs.push(result.value);
      else failed++;
      clients.push(batch[index]!);
    }
  }
  if (request.kind === 'jointly') {
    for (const client of clients) if (client.startingState && !startingStates.has(client.key)) startingStates.set(client.key, client.startingState);
  }
  if (request.awarenessOnOpen) {
    for (const client of clients) client.send(client.codec.awareness(caretAwareness(client.awarenessId, ++client.awarenessClock)));
  }
  const group: Group = { clients, typing: null };
  if (request.willType) knowPeers(group);
  groups.set(request.group, group);
  reply({ type: 'opened', group: request.group, clients: clients.length - failed, failed, joinMs });
}

/**
 * Per document, the first VERIFIERS_PER_DOCUMENT clients check that they receive every
 * keystroke of every other thin editor of the document (their peers; decoding each
 * broadcast costs the generator CPU, so the others only count frames). A keystroke the
 * server lost, or did not broadcast, is missing at every verifier.
 */
const VERIFIERS_PER_DOCUMENT = 4;

function knowPeers(group: Group): void {
  const byDocument = new Map<string, ThinClient[]>();
  for (const client of group.clients) byDocument.set(client.key, [...(byDocument.get(client.key) ?? []), client]);
  for (const editors of byDocument.values()) {
    for (const editor of editors) keystrokesOf(editor);
    for (const verifier of editors.slice(0, VERIFIERS_PER_DOCUMENT)) {
      verifier.peerClocks = new Map(editors.filter((p) => p !== verifier).map((p) => [keystrokesOf(p).clientID, 0]));
    }
  }
  group.peersKnown = true;
}

function tick(): void {
  const now = performance.now();
  for (const group of groups.values()) {
    const typing = group.typing;
    if (!typing) continue;
    for (const [index, client] of group.clients.entries()) {
      if (typing.nextDue[index]! > now) continue;
      // Uniform in [0.5, 1.5) × the mean interval: about `keystrokesPerSecond` per editor.
      typing.nextDue[index] = now + typing.intervalMs * (0.5 + Math.random());
      const pool = keystrokesOf(client);
      const update = pool.updates[client.sent];
      if (!update) {
        typing.exhausted.add(index);
        continue;
      }
      client.send(client.codec.update(update));
      client.sent++;
      typing.keystrokes++;
      if (typing.awareness) {
        client.send(client.codec.awareness(caretAwareness(client.awarenessId, ++client.awarenessClock)));
        typing.awareness_++;
      }
    }
  }
}

async function verify(name: string, timeoutMs: number): Promise<void> {
  const group = groupOf(name);
  if (!group.peersKnown) knowPeers(group);
  const sentBy = new Map<number, number>();
  for (const client of group.clients) sentBy.set(keystrokesOf(client).clientID, client.sent);
  // Keystrokes of its peers a client has not received (one keystroke is one clock tick).
  const missing = (client: ThinClient) => [...client.peerClocks].reduce((sum, [id, clock]) => sum + Math.max(0, (sentBy.get(id) ?? 0) - clock), 0);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const short = group.clients.filter((c) => missing(c) > 0);
    if (short.length === 0 || performance.now() > deadline) {
      const missingUpdates = short.reduce((sum, c) => sum + missing(c), 0);
      reply({
        type: 'verified',
        group: name,
        clients: group.clients.length,
        short: short.length,
        missingUpdates,
        closedByServer: group.clients.filter((c) => c.closedUnexpectedly).length,
      });
      return;
    }
    await sleep(20);
  }
}

async function handle(request: LoadRequest): Promise<void> {
  switch (request.type) {
    case 'open':
      return open(request);
    case 'type': {
      const group = groupOf(request.group);
      if (!group.peersKnown) knowPeers(group);
      const intervalMs = 1000 / request.keystrokesPerSecond;
      const now = performance.now();
      group.typing = {
        intervalMs,
        awareness: request.awareness,
        nextDue: group.clients.map(() => now + Math.random() * intervalMs),
        keystrokes: 0,
        awareness_: 0,
        exhausted: new Set(),
      };
      return;
    }
    case 'stop': {
      const group = groupOf(request.group);
      const typing = group.typing;
      group.typing = null;
      const received = { updates: 0, others: 0, bytes: 0 };
      for (const client of group.clients) {
        received.updates += client.received.updates;
        received.others += client.received.others;
        received.bytes += client.received.bytes;
      }
      reply({
        type: 'stopped',
        group: request.group,
        keystrokes: typing?.keystrokes ?? 0,
        awareness: typing?.awareness_ ?? 0,
        exhausted: typing?.exhausted.size ?? 0,
        received,
      });
      return;
    }
    case 'verify':
      return verify(request.group, request.timeoutMs);
    case 'close': {
      const group = groups.get(request.group);
      groups.delete(request.group);
      for (const client of group?.clients ?? []) client.close();
      reply({ type: 'closed', group: request.group });
      return;
    }
    case 'exit':
      process.exit(0);
  }
}

setInterval(tick, TICK_MS);
process.on('message', (request: LoadRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
process.on('disconnect', () => process.exit(0));
