/**
 * A thin load client: one websocket to one document, no Y.Doc. It sends pre-encoded
 * keystrokes and awareness and only counts what it receives: how far each other thin
 * editor of its document has come, as the highest clock of theirs it received (servers may
 * merge several keystrokes into one broadcast). One keystroke is one clock tick, so an
 * editor that sent n keystrokes must reach n at every peer.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { codecFor, type FrameCodec, type ServerKind } from './thin-protocol.ts';

export class ThinClient {
  readonly key: string;
  readonly editor: number;
  readonly codec: FrameCodec;
  readonly socket: WebSocket;
  /** The document's whole state, from the server's sync step 2 (Jointly: the statement's starting state). */
  startingState: Uint8Array | undefined;
  /** Keystrokes sent so far (index into this editor's pre-encoded updates). */
  sent = 0;
  awarenessClock = 0;
  /** The Yjs client id this connection's awareness state is published under. */
  readonly awarenessId = 1 + Math.floor(Math.random() * 0x7fff_fff0);
  /** Per peer (the other thin editors of this document, by Yjs client id): the clock reached in what this client received. */
  peerClocks = new Map<number, number>();
  closedUnexpectedly = false;
  /** Frames and bytes received, by kind (diagnostics). */
  readonly received = { updates: 0, others: 0, bytes: 0 };
  private closing = false;
  readonly ready: Promise<number>;

  constructor(kind: ServerKind, wsUrl: string, spec: { key: string; documentName: string; token?: string; editor: number }, seed?: Uint8Array) {
    this.key = spec.key;
    this.editor = spec.editor;
    this.codec = codecFor(kind, spec.documentName);
    const started = performance.now();
    this.socket = new WebSocket(kind === 'baseline' ? `${wsUrl}/${spec.documentName}` : wsUrl, { perMessageDeflate: false });
    this.socket.binaryType = 'nodebuffer';
    this.ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`thin client of ${spec.documentName} not synced in 30 s`)), 30_000);
      this.socket.once('error', reject);
      this.socket.once('open', () => {
        const auth = spec.token === undefined ? null : this.codec.auth(spec.token);
        if (auth) this.socket.send(auth);
        else this.startSync(seed);
      });
      this.socket.on('message', (data: Buffer) => {
        this.received.bytes += data.byteLength;
        // Once synced, a client that verifies nothing only counts (decoding costs the generator CPU).
        if (this.startingState && this.peerClocks.size === 0) {
          this.received.others++;
          return;
        }
        const frame = this.codec.read(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (frame.kind === 'update') this.received.updates++;
        else this.received.others++;
        if (frame.kind === 'update' && this.peerClocks.size > 0) {
          for (const [client, clock] of Y.parseUpdateMeta(frame.update).to) {
            const known = this.peerClocks.get(client);
            if (known !== undefined && clock > known) this.peerClocks.set(client, clock);
          }
        } else if (frame.kind === 'authenticated') {
          this.startSync(seed);
        } else if (frame.kind === 'denied') {
          reject(new Error(`thin client of ${spec.documentName} was refused`));
        } else if (frame.kind === 'sync-step-2' && !this.startingState) {
          this.startingState = frame.update;
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      this.socket.once('close', () => {
        if (!this.closing) this.closedUnexpectedly = true;
        reject(new Error(`thin client of ${spec.documentName} closed`));
      });
    });
    this.ready.catch(() => {});
  }

  private startSync(seed: Uint8Array | undefined): void {
    if (seed) this.socket.send(this.codec.update(seed));
    this.socket.send(this.codec.syncStep1());
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  close(): void {
    this.closing = true;
    this.socket.close();
  }
}
