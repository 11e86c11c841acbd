import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { frame } from './raw-client.ts';
import type { Random } from './seeded-random.ts';

const SYNC: number = MessageType.Sync;
const AWARENESS: number = MessageType.Awareness;
const AUTH: number = MessageType.Auth;
const SYNC_REPLY: number = MessageType.SyncReply;
const AUTH_TOKEN: number = AuthMessageType.Token;
const MESSAGE_TYPES = Object.values(MessageType).filter((v): v is number => typeof v === 'number');

/** Real frames a Tiptap editor's provider sends, the material the fuzzer mutates. */
export interface FrameCorpus {
  documentName: string;
  /** Another statement's document name (the canary's): frames aimed at it must harm nothing. */
  otherDocumentName: string;
  updates: Uint8Array[];
  awareness: Uint8Array[];
  /** Client IDs the corpus wrote under. */
  clients: number[];
}

export function syncFrame(documentName: string, syncType: number, payload: Uint8Array, messageType = SYNC): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, messageType);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

export function authFrame(documentName: string, token: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, AUTH);
    encoding.writeVarUint(e, AUTH_TOKEN);
    encoding.writeVarString(e, token);
  });
}

export function awarenessFrame(documentName: string, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A sync step 1 with `doc`'s state vector: the server answers it with a sync step 2. */
export function syncStep1Frame(documentName: string, doc: Y.Doc): Uint8Array {
  return syncFrame(documentName, messageYjsSyncStep1, Y.encodeStateVector(doc));
}

/** Edits as the browser editor makes them (paragraphs, typing, marks, a heading, deletes), one update per transaction. */
export function buildCorpus(documentName: string, otherDocumentName: string): FrameCorpus {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment('default');
  const title = new Y.XmlElement('title');
  title.insert(0, [new Y.XmlText('A title')]);
  fragment.insert(0, [title]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText('We, the undersigned organizations, call for fair rent.');
  paragraph.insert(0, [text]);
  fragment.push([paragraph]);
  for (const word of ['Housing ', 'is ', 'a ', 'right. ']) text.insert(text.length, word);
  text.format(0, 3, { bold: {} });
  text.format(4, 6, { italic: {} });
  text.format(10, 4, { link: { href: 'https://example.org/report', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } });
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 2 as unknown as string);
  heading.insert(0, [new Y.XmlText('Our demands')]);
  fragment.push([heading]);
  text.delete(5, 4);
  updates.push(Y.encodeStateAsUpdate(doc));

  const awareness = new awarenessProtocol.Awareness(doc);
  const payloads: Uint8Array[] = [];
  awareness.setLocalState({ cursor: null });
  payloads.push(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.setLocalStateField('cursor', { anchor: { type: { client: doc.clientID, clock: 0 }, tname: null, item: null, assoc: 0 }, head: null });
  payloads.push(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.destroy();
  doc.destroy();
  return { documentName, otherDocumentName, updates, awareness: payloads, clients: [doc.clientID] };
}

/** The families of malformed frame the fuzzer draws from. */
export const MUTATIONS = [
  'bit-flips',
  'payload-bit-flips',
  'truncated',
  'wrong-length',
  'random-type',
  'random-bytes',
  'corrupted-structs',
  'forged-structs',
  'awareness-junk',
  'junk-auth',
  'foreign-document',
  'junk-state-vector',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * Which families a socket draws from. Before authentication, every family alike. After it,
 * mostly frames whose document name is intact, so they reach the document's pipeline (sync,
 * awareness, the update hooks) instead of failing at the name as they would before.
 */
const WEIGHTS: Record<'pre' | 'post', Record<Mutation, number>> = {
  pre: Object.fromEntries(MUTATIONS.map((m) => [m, 1])) as Record<Mutation, number>,
  post: {
    'bit-flips': 0.2,
    'random-bytes': 0.2,
    truncated: 0.6,
    'payload-bit-flips': 1,
    'wrong-length': 1,
    'random-type': 1.5,
    'corrupted-structs': 1,
    'forged-structs': 1,
    'awareness-junk': 1,
    'junk-auth': 1,
    'foreign-document': 1,
    'junk-state-vector': 1,
  },
};

/** One malformed frame of a random family (weighted for a socket before or after authentication), derived from the corpus. */
export function malformedFrame(random: Random, corpus: FrameCorpus, phase: 'pre' | 'post' = 'pre'): { family: Mutation; bytes: Uint8Array } {
  const weights = WEIGHTS[phase];
  let roll = random.next() * MUTATIONS.reduce((sum, m) => sum + weights[m], 0);
  let family: Mutation = MUTATIONS[MUTATIONS.length - 1]!;
  for (const m of MUTATIONS) {
    roll -= weights[m];
    if (roll < 0) {
      family = m;
      break;
    }
  }
  return { family, bytes: MUTATORS[family](random, corpus) };
}

const MUTATORS: Record<Mutation, (random: Random, corpus: FrameCorpus) => Uint8Array> = {
  'bit-flips': (random, corpus) => flipBits(random, realFrame(random, corpus), random.int(1, 8), 0),
  'payload-bit-flips': (random, corpus) => {
    const real = realFrame(random, corpus);
    return flipBits(random, real, random.int(1, 6), headerLength(corpus.documentName) + 1);
  },
  truncated: (random, corpus) => {
    // Cut anywhere, or (half the time) only after the document name and message type.
    const real = realFrame(random, corpus);
    const from = random.chance(0.5) ? Math.min(real.length - 1, headerLength(corpus.documentName) + 1) : 0;
    return real.slice(0, random.int(from, Math.max(from, real.length - 1)));
  },
  'wrong-length': (random, corpus) => {
    // The update's varUint8Array length prefix no longer matches what follows.
    const update = random.pick(corpus.updates);
    const claimed = random.pick([0, 1, update.length - 1, update.length + 1, update.length * 2, 2 ** 31, random.int(0, 2 ** 20)]);
    return frame((e) => {
      encoding.writeVarString(e, corpus.documentName);
      encoding.writeVarUint(e, SYNC);
      encoding.writeVarUint(e, random.pick([messageYjsSyncStep2, messageYjsUpdate]));
      encoding.writeVarUint(e, claimed);
      encoding.writeUint8Array(e, update);
    });
  },
  'random-type': (random, corpus) =>
    frame((e) => {
      encoding.writeVarString(e, corpus.documentName);
      encoding.writeVarUint(e, random.chance(0.5) ? random.pick(MESSAGE_TYPES) : random.int(0, 2 ** 32 - 1));
      if (random.chance(0.5)) encoding.writeVarUint(e, random.int(0, 300));
      encoding.writeUint8Array(e, random.bytes(random.int(0, 64)));
    }),
  'random-bytes': (random) => random.bytes(random.int(0, 200)),
  'corrupted-structs': (random, corpus) => {
    // A well-formed frame whose Yjs update has bytes changed inside it: it reaches the update decoder.
    const update = flipBits(random, random.pick(corpus.updates), random.int(1, 4), 0);
    if (random.chance(0.3)) update[random.int(0, update.length - 1)] = random.pick([0x00, 0x7f, 0x80, 0xff]);
    return syncFrame(corpus.documentName, random.pick([messageYjsSyncStep2, messageYjsUpdate]), update, random.chance(0.9) ? SYNC : SYNC_REPLY);
  },
  'forged-structs': (random, corpus) => syncFrame(corpus.documentName, random.pick([messageYjsSyncStep2, messageYjsUpdate]), forgedUpdate(random, corpus)),
  'awareness-junk': (random, corpus) => awarenessFrame(random.chance(0.9) ? corpus.documentName : corpus.otherDocumentName, junkAwareness(random, corpus)),
  'junk-auth': (random, corpus) =>
    authFrame(
      random.pick([corpus.documentName, corpus.otherDocumentName, 'statement:', `statement:${'x'.repeat(random.int(1, 300))}`, '']),
      random.pick(['', 'not-a-token', `${'A'.repeat(random.int(10, 400))}.${'B'.repeat(random.int(0, 50))}`, String.fromCharCode(...random.bytes(40))]),
    ),
  'foreign-document': (random, corpus) => {
    // A real frame addressed to another statement, or to a name that is none.
    const name = random.pick([corpus.otherDocumentName, `statement:${random.int(0, 1e9)}`, 'default', '\0', String.fromCharCode(...random.bytes(12))]);
    const body = random.chance(0.5) ? syncFrame(name, messageYjsUpdate, random.pick(corpus.updates)) : awarenessFrame(name, random.pick(corpus.awareness));
    return body;
  },
  'junk-state-vector': (random, corpus) =>
    frame((e) => {
      encoding.writeVarString(e, corpus.documentName);
      encoding.writeVarUint(e, random.chance(0.8) ? SYNC : SYNC_REPLY);
      encoding.writeVarUint(e, messageYjsSyncStep1);
      if (random.chance(0.5)) encoding.writeVarUint8Array(e, random.bytes(random.int(0, 40)));
      else encoding.writeVarUint8Array(e, junkStateVector(random, corpus));
    }),
};

/** A random one of the real frames: an update, a sync step 2, awareness, auth. */
function realFrame(random: Random, corpus: FrameCorpus): Uint8Array {
  switch (random.int(0, 3)) {
    case 0:
      return syncFrame(corpus.documentName, messageYjsUpdate, random.pick(corpus.updates));
    case 1:
      return syncFrame(corpus.documentName, messageYjsSyncStep2, random.pick(corpus.updates));
    case 2:
      return awarenessFrame(corpus.documentName, random.pick(corpus.awareness));
    default:
      return authFrame(corpus.documentName, 'x'.repeat(random.int(0, 80)));
  }
}

function headerLength(documentName: string): number {
  return frame((e) => encoding.writeVarString(e, documentName)).length;
}

function flipBits(random: Random, bytes: Uint8Array, flips: number, from: number): Uint8Array {
  const out = bytes.slice();
  if (out.length <= from) return out;
  for (let i = 0; i < flips; i++) out[random.int(from, out.length - 1)]! ^= 1 << random.int(0, 7);
  return out;
}

/**
 * A Yjs v1 update written field by field with plausible but wrong values: struct counts that
 * do not match, clocks far ahead of the document, origins that do not exist, unknown content
 * kinds, other root types, GC and skip ranges, delete sets of unknown clients.
 */
function forgedUpdate(random: Random, corpus: FrameCorpus): Uint8Array {
  const e = encoding.createEncoder();
  const client = () => (random.chance(0.5) ? random.pick(corpus.clients) : random.int(0, 2 ** 32 - 1));
  const clock = () => random.pick([0, 1, random.int(0, 100), random.int(0, 2 ** 20), 2 ** 31, 2 ** 53 - 1]);
  const writeId = () => {
    encoding.writeVarUint(e, client());
    encoding.writeVarUint(e, clock());
  };
  const clients = random.int(0, 3);
  encoding.writeVarUint(e, clients);
  for (let c = 0; c < clients; c++) {
    const written = random.int(0, 4);
    // Sometimes the count claims far more structs than follow.
    encoding.writeVarUint(e, random.chance(0.1) ? random.int(1000, 2 ** 30) : written);
    writeId();
    for (let s = 0; s < written; s++) writeForgedStruct(e, random, writeId, clock);
  }
  const deletes = random.int(0, 3);
  encoding.writeVarUint(e, deletes);
  for (let d = 0; d < deletes; d++) {
    encoding.writeVarUint(e, client());
    const ranges = random.int(0, 3);
    encoding.writeVarUint(e, ranges);
    for (let r = 0; r < ranges; r++) {
      encoding.writeVarUint(e, clock());
      encoding.writeVarUint(e, random.pick([1, random.int(1, 1000), 2 ** 30]));
    }
  }
  if (random.chance(0.2)) encoding.writeUint8Array(e, random.bytes(random.int(1, 16)));
  return encoding.toUint8Array(e);
}

/** One struct of a forged update: a random content kind, origins that may not exist, a parent that may be another root. */
function writeForgedStruct(e: encoding.Encoder, random: Random, writeId: () => void, clock: () => number): void {
  const content = random.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, random.int(11, 31)]);
  const info = content | (random.chance(0.3) ? 0x80 : 0) | (random.chance(0.3) ? 0x40 : 0) | (random.chance(0.2) ? 0x20 : 0);
  encoding.writeUint8(e, info);
  if (content === 0 || content === 10) {
    // GC or skip: a run of clock with no content.
    encoding.writeVarUint(e, clock());
    return;
  }
  if (info & 0x80) writeId();
  if (info & 0x40) writeId();
  if (!(info & 0xc0)) {
    const named = random.chance(0.7);
    encoding.writeVarUint(e, named ? 1 : 0);
    if (named) encoding.writeVarString(e, random.pick(['default', 'hidden', 'prosemirror', '', 'x'.repeat(random.int(1, 100))]));
    else writeId();
    if (info & 0x20) encoding.writeVarString(e, random.pick(['level', 'href', 'onclick', '']));
  }
  if (content === 4) encoding.writeVarString(e, random.pick(['x', 'hello', '🏠'.repeat(random.int(1, 20))]));
  else if (content === 6) {
    encoding.writeVarString(e, random.pick(['bold', 'script', 'link', '']));
    encoding.writeVarString(e, random.pick(['{}', 'null', '{"href":"javascript:alert(1)"}', '{']));
  } else if (content === 7) {
    encoding.writeVarUint(e, random.int(0, 8));
    if (random.chance(0.5)) encoding.writeVarString(e, random.pick(['paragraph', 'script', 'iframe']));
  } else encoding.writeUint8Array(e, random.bytes(random.int(0, 12)));
}

/** An awareness update with wrong counts, states that are not objects, unknown fields, wrong clients. */
function junkAwareness(random: Random, corpus: FrameCorpus): Uint8Array {
  if (random.chance(0.2)) return random.bytes(random.int(0, 60));
  if (random.chance(0.2)) return flipBits(random, random.pick(corpus.awareness), random.int(1, 4), 0);
  const e = encoding.createEncoder();
  const entries = random.int(0, 3);
  encoding.writeVarUint(e, random.chance(0.2) ? random.int(4, 1000) : entries);
  for (let i = 0; i < entries; i++) {
    encoding.writeVarUint(e, random.chance(0.5) ? random.pick(corpus.clients) : random.int(0, 2 ** 32 - 1));
    encoding.writeVarUint(e, random.pick([0, 1, random.int(2, 1e6), 2 ** 32 - 1]));
    encoding.writeVarString(
      e,
      random.pick([
        'null',
        '5',
        '"text"',
        '[]',
        '{',
        '{"user":{"name":"Someone Else","color":"#000"}}',
        '{"cursor":{"anchor":1,"head":"x"}}',
        `{"cursor":null,"junk":"${'j'.repeat(random.int(0, 2000))}"}`,
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
        String.fromCharCode(...random.bytes(20)),
      ]),
    );
  }
  return encoding.toUint8Array(e);
}

function junkStateVector(random: Random, corpus: FrameCorpus): Uint8Array {
  const e = encoding.createEncoder();
  const n = random.int(0, 4);
  encoding.writeVarUint(e, random.chance(0.2) ? random.int(5, 2 ** 20) : n);
  for (let i = 0; i < n; i++) {
    encoding.writeVarUint(e, random.chance(0.5) ? random.pick(corpus.clients) : random.int(0, 2 ** 32 - 1));
    encoding.writeVarUint(e, random.pick([0, random.int(0, 100), 2 ** 31, 2 ** 53 - 1]));
  }
  return encoding.toUint8Array(e);
}

/**
 * Whether the server answers `bytes`, sent on a connection authenticated for `documentName`,
 * with a sync step 2: a sync step 1 for that document whose state vector decodes.
 */
export function expectsSyncStep2(bytes: Uint8Array, documentName: string): boolean {
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarString(decoder).split('\0')[0] !== documentName) return false;
    const type = decoding.readVarUint(decoder);
    if (type !== SYNC && type !== SYNC_REPLY) return false;
    if (decoding.readVarUint(decoder) !== messageYjsSyncStep1) return false;
    Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    return true;
  } catch {
    return false;
  }
}

/** The message type and, for sync messages, the sync type of a frame the server sent. */
export function readServerFrame(bytes: Uint8Array): { documentName: string; type: number; syncType?: number; authKind?: number } | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const documentName = decoding.readVarString(decoder).split('\0')[0]!;
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === SYNC_REPLY) return { documentName, type, syncType: decoding.readVarUint(decoder) };
    if (type === AUTH) return { documentName, type, authKind: decoding.readVarUint(decoder) };
    return { documentName, type };
  } catch {
    return null;
  }
}
