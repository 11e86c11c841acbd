/**
 * Wire formats of the two servers under test, for the thin load clients (no Y.Doc).
 *
 * - Jointly speaks Hocuspocus: every frame starts with varString(documentName), then
 *   varUint(MessageType); a connection authenticates with a collab token first.
 * - The baseline speaks y-websocket: no document name (the room is the URL path), no auth.
 *
 * Both carry the same y-protocols sync and awareness payloads, so one set of pre-encoded
 * Yjs updates and awareness updates serves both.
 */
import { AuthMessageType } from '@hocuspocus/common';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

export type ServerKind = 'jointly' | 'baseline';

const HP_SYNC = 0;
const HP_AWARENESS = 1;
const HP_AUTH = 2;
const HP_SYNC_REPLY = 4;
const AUTH_TOKEN: number = AuthMessageType.Token;
const AUTH_AUTHENTICATED: number = AuthMessageType.Authenticated;
const YW_SYNC = 0;
const YW_AWARENESS = 1;
/** An empty state vector: "send me everything". */
const EMPTY_STATE_VECTOR = Uint8Array.of(0);

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Frames one server kind understands, for one document. */
export interface FrameCodec {
  auth(token: string): Uint8Array | null;
  syncStep1(): Uint8Array;
  update(update: Uint8Array): Uint8Array;
  awareness(awarenessUpdate: Uint8Array): Uint8Array;
  /** What an incoming frame is, as far as a thin client cares. */
  read(frame: Uint8Array): IncomingFrame;
}

export type IncomingFrame =
  { kind: 'authenticated' } | { kind: 'denied' } | { kind: 'sync-step-2'; update: Uint8Array } | { kind: 'update'; update: Uint8Array } | { kind: 'other' };

export function codecFor(kind: ServerKind, documentName: string): FrameCodec {
  if (kind === 'baseline') {
    return {
      auth: () => null,
      syncStep1: () =>
        encode((e) => (encoding.writeVarUint(e, YW_SYNC), encoding.writeVarUint(e, messageYjsSyncStep1), encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR))),
      update: (u) => encode((e) => (encoding.writeVarUint(e, YW_SYNC), encoding.writeVarUint(e, messageYjsUpdate), encoding.writeVarUint8Array(e, u))),
      awareness: (a) => encode((e) => (encoding.writeVarUint(e, YW_AWARENESS), encoding.writeVarUint8Array(e, a))),
      read: (frame) => {
        const d = decoding.createDecoder(frame);
        return decoding.readVarUint(d) === YW_SYNC ? readSync(d) : { kind: 'other' };
      },
    };
  }
  const head = (e: encoding.Encoder, type: number) => (encoding.writeVarString(e, documentName), encoding.writeVarUint(e, type));
  return {
    auth: (token) => encode((e) => (head(e, HP_AUTH), encoding.writeVarUint(e, AUTH_TOKEN), encoding.writeVarString(e, token))),
    syncStep1: () => encode((e) => (head(e, HP_SYNC), encoding.writeVarUint(e, messageYjsSyncStep1), encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR))),
    update: (u) => encode((e) => (head(e, HP_SYNC), encoding.writeVarUint(e, messageYjsUpdate), encoding.writeVarUint8Array(e, u))),
    awareness: (a) => encode((e) => (head(e, HP_AWARENESS), encoding.writeVarUint8Array(e, a))),
    read: (frame) => {
      const d = decoding.createDecoder(frame);
      decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type === HP_SYNC || type === HP_SYNC_REPLY) return readSync(d);
      if (type === HP_AUTH) return decoding.readVarUint(d) === AUTH_AUTHENTICATED ? { kind: 'authenticated' } : { kind: 'denied' };
      return { kind: 'other' };
    },
  };
}

function readSync(d: decoding.Decoder): IncomingFrame {
  const syncType = decoding.readVarUint(d);
  if (syncType === messageYjsSyncStep2) return { kind: 'sync-step-2', update: decoding.readVarUint8Array(d) };
  if (syncType === messageYjsUpdate) return { kind: 'update', update: decoding.readVarUint8Array(d) };
  return { kind: 'other' };
}

/** One client's awareness state as y-protocols encodes it (count, clientID, clock, JSON). */
export function encodeAwareness(clientID: number, clock: number, state: unknown): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  });
}
