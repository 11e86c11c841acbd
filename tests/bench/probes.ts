/**
 * Full probe clients: a real Y.Doc behind a real provider, on either server.
 *
 * - Jointly: tests/helpers/editor-client.ts (a HocuspocusProvider, as the browser uses).
 * - Baseline: YWebsocketProbe, a minimal y-websocket client (y-protocols sync over ws,
 *   what y-websocket's WebsocketProvider does, minus awareness and reconnection timers).
 *
 * Probes type, measure latency (latency.ts) and are compared for convergence.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { bodyTexts } from './keystroke-pool.ts';
import type { MeasuredServer } from './measured-server.ts';

export interface Probe {
  readonly doc: Y.Doc;
  /** Resolves once the first sync with the server completed. */
  synced(): Promise<void>;
  /** Jointly: resolves once the server acknowledged every local change; the baseline has no acknowledgements (null). */
  acknowledged: ((timeoutMs?: number) => Promise<void>) | null;
  goOffline(): void;
  goOnline(): Promise<void>;
  destroy(): void;
}

const MESSAGE_SYNC = 0;

export class YWebsocketProbe implements Probe {
  readonly doc = new Y.Doc();
  readonly acknowledged = null;
  private socket: WebSocket | undefined;
  private isSynced = false;
  private readonly url: string;

  constructor(wsUrl: string, room: string) {
    this.url = `${wsUrl}/${room}`;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      this.send((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeUpdate(e, update)));
    });
    this.connect();
  }

  private connect(): void {
    this.isSynced = false;
    const socket = (this.socket = new WebSocket(this.url, { perMessageDeflate: false }));
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => this.send((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeSyncStep1(e, this.doc))));
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
      if (type === syncProtocol.messageYjsSyncStep2) this.isSynced = true;
    });
  }

  private send(write: (e: encoding.Encoder) => void): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    write(encoder);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  synced(): Promise<void> {
    return waitFor(() => this.isSynced, 'baseline probe to sync', 30_000, 2);
  }

  goOffline(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  async goOnline(): Promise<void> {
    this.connect();
  }

  destroy(): void {
    this.socket?.close();
    this.doc.destroy();
  }
}

/**
 * A synced probe on `server` for one statement: on Jointly as `as` (or a fixed token), on the
 * baseline in `room`, whose starting state `seed` is pushed first when given.
 */
export async function connectProbe(
  server: MeasuredServer,
  target: { statementId: string; room: string; as: { cookie: string } | { token: string }; seed?: Uint8Array },
): Promise<Probe> {
  if (server.kind === 'jointly') {
    const client = new EditorClient(server, target.statementId, target.as);
    await client.acknowledged(30_000);
    return {
      doc: client.doc,
      synced: () => client.synced(),
      acknowledged: (timeoutMs) => client.acknowledged(timeoutMs),
      goOffline: () => client.goOffline(),
      goOnline: () => client.goOnline(),
      destroy: () => client.destroy(),
    };
  }
  const probe = new YWebsocketProbe(server.wsUrl, target.room);
  if (target.seed) Y.applyUpdate(probe.doc, target.seed);
  await probe.synced();
  return probe;
}

/** One keystroke at a random place in a random body paragraph. */
export function typeOne(doc: Y.Doc): void {
  const texts = bodyTexts(doc);
  const text = texts[Math.floor(Math.random() * texts.length)];
  if (!text) throw new Error('no paragraph to type into');
  text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(Math.random() * 26)));
}

/** What convergence compares: state vector and the document as ProseMirror JSON. */
export function stateKeyOf(doc: Y.Doc): string {
  return `${Buffer.from(Y.encodeStateVector(doc)).toString('hex')}|${JSON.stringify(statementJSONFromYDoc(doc))}`;
}

/** Waits until all `probes` hold the same state; returns false after `timeoutMs`. */
export async function converged(probes: Probe[], timeoutMs: number): Promise<boolean> {
  try {
    await waitFor(() => new Set(probes.map((p) => stateKeyOf(p.doc))).size === 1, 'probes to converge', timeoutMs, 20);
    return true;
  } catch {
    return false;
  }
}
