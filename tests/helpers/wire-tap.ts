import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

const SYNC: number = MessageType.Sync;
const SYNC_STATUS: number = MessageType.SyncStatus;
const CLOSE: number = MessageType.CLOSE;

/** How a socket or a document channel was closed, as the client saw it. */
export interface SeenClose {
  /** `socket`: the websocket closed; `channel`: the server sent a Hocuspocus CLOSE message. */
  via: 'socket' | 'channel';
  code: number;
  reason: string;
}

/** An edit whose acknowledgement is tracked: the clock range it wrote under one client ID. */
interface TrackedEdit {
  token: string;
  client: number;
  from: number;
  to: number;
}

/**
 * Watches what a HocuspocusProvider really writes to and reads from each websocket, to
 * tell precisely which edits the server acknowledged.
 *
 * Hocuspocus answers every sync-step-2 and update frame of a connection with one SyncStatus
 * frame, in order, once the update is applied (after the durable log stored it). So per
 * physical socket, the frames written and not yet answered form a queue; each SyncStatus
 * answers its head. An edit is acknowledged once an answered frame carried its whole clock
 * range. Frames still unanswered when their socket closes were never acknowledged (they may
 * or may not be stored). This is stricter than the provider's `unsyncedChanges`, which is
 * reset on every reconnect and so can reach 0 while frames sent before the reset are unanswered.
 */
export class WireTap {
  /** Every close seen, in order. */
  readonly closes: SeenClose[] = [];
  /** SyncStatus frames that arrived with nothing outstanding (should stay 0). */
  unexpectedAcks = 0;
  /** SyncStatus frames that said "not applied" (read-only connection; should stay 0 for editors). */
  refusedAcks = 0;
  framesSent = 0;
  private readonly outstanding = new Map<object, Uint8Array[]>();
  /** client ID → merged, sorted [from, to) ranges acknowledged under it. */
  private readonly acked = new Map<number, [number, number][]>();
  private readonly waiting: TrackedEdit[] = [];
  private readonly acknowledged: string[] = [];
  private readonly acknowledgedSet = new Set<string>();

  /** Tokens whose edits the server has acknowledged, in the order their acknowledgement arrived. */
  get acknowledgedTokens(): readonly string[] {
    return this.acknowledged;
  }

  /** Frames written and not answered yet, over every open socket. */
  get outstandingFrames(): number {
    let n = 0;
    for (const frames of this.outstanding.values()) n += frames.length;
    return n;
  }

  /** Tracks `token`, written as clock range [from, to) of `client`. */
  track(token: string, client: number, from: number, to: number): void {
    if (to > from) this.waiting.push({ token, client, from, to });
  }

  isAcknowledged(token: string): boolean {
    return this.acknowledgedSet.has(token);
  }

  /** Tokens tracked and not acknowledged (yet). */
  get unacknowledgedTokens(): string[] {
    return this.waiting.map((edit) => edit.token);
  }

  /** A WebSocket class for HocuspocusProviderWebsocket's `WebSocketPolyfill` that reports to this tap. */
  webSocketClass(options: { sendDelayMs?: () => number } = {}): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tap = this;
    const delay = options.sendDelayMs;
    return class TappedWebSocket extends WebSocket {
      private chain: Promise<void> = Promise.resolve();

      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        // Added before the provider's own listeners, so the tap sees an answer before the provider does.
        this.addEventListener('message', (event: MessageEvent) => tap.received(this, event.data));
        this.addEventListener('close', (event: CloseEvent) => tap.socketClosed(this, event.code, event.reason));
      }

      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        if (!delay) {
          tap.sent(this, data);
          super.send(data);
          return;
        }
        // Random delivery timing: each frame waits, order kept; a frame still waiting when the socket closes is lost, as on a network.
        const wait = delay();
        this.chain = this.chain.then(async () => {
          if (wait > 0) await sleep(wait);
          if (this.readyState !== WebSocket.OPEN) return;
          tap.sent(this, data);
          super.send(data);
        });
      }
    };
  }

  private sent(socket: object, data: unknown): void {
    const bytes = asBytes(data);
    if (!bytes) return;
    this.framesSent++;
    const update = ackableUpdate(bytes);
    if (!update) return;
    let frames = this.outstanding.get(socket);
    if (!frames) this.outstanding.set(socket, (frames = []));
    frames.push(update);
  }

  private received(socket: object, data: unknown): void {
    const bytes = asBytes(data);
    if (!bytes || bytes.length < 2) return;
    try {
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      if (type === CLOSE) {
        this.closes.push({ via: 'channel', code: 1000, reason: decoding.readVarString(decoder) });
      } else if (type === SYNC_STATUS) {
        const applied = decoding.readVarInt(decoder) === 1;
        const update = this.outstanding.get(socket)?.shift();
        if (!update) this.unexpectedAcks++;
        else if (!applied) this.refusedAcks++;
        else this.acknowledge(update);
      }
    } catch {
      // Not a frame the tap understands: the provider will complain about it, not the tap.
    }
  }

  private socketClosed(socket: object, code: number, reason: string): void {
    this.outstanding.delete(socket);
    this.closes.push({ via: 'socket', code, reason });
  }

  private acknowledge(update: Uint8Array): void {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Skip) continue;
      addRange(this.acked, struct.id.client, struct.id.clock, struct.id.clock + struct.length);
    }
    for (let i = 0; i < this.waiting.length;) {
      const edit = this.waiting[i]!;
      if (covers(this.acked.get(edit.client), edit.from, edit.to)) {
        this.acknowledged.push(edit.token);
        this.acknowledgedSet.add(edit.token);
        this.waiting.splice(i, 1);
      } else i++;
    }
  }
}

/** The Yjs update carried by a sync-step-2 or update frame (the frames the server answers), else null. */
export function ackableUpdate(frame: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== SYNC) return null;
    const kind = decoding.readVarUint(decoder);
    if (kind !== messageYjsSyncStep2 && kind !== messageYjsUpdate) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    return null;
  }
}

function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

function addRange(ranges: Map<number, [number, number][]>, client: number, from: number, to: number): void {
  const list = ranges.get(client) ?? [];
  list.push([from, to]);
  list.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of list) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  ranges.set(client, merged);
}

function covers(ranges: [number, number][] | undefined, from: number, to: number): boolean {
  return !!ranges?.some(([a, b]) => a <= from && to <= b);
}
