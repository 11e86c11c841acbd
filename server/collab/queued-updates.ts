import { MessageType, type Connection } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readDocumentUpdate, type DocumentUpdateFrame } from './sync-frame.ts';

/** At most this many queued frames, and this many bytes of updates, join one batch. */
const MAX_FRAMES = 2_000;
const MAX_BYTES = 4 * 1024 * 1024;
const SYNC_STATUS: number = MessageType.SyncStatus;

export interface QueuedUpdate {
  frame: Uint8Array;
  found: DocumentUpdateFrame;
}

/**
 * The document updates already received on `connection` and waiting behind `current`, the
 * frame being handled. A reconnecting HocuspocusProvider sends every edit made offline as
 * its own frame in one burst, and Hocuspocus handles a connection's frames strictly one
 * after the other, each with its hooks, its apply and its acknowledgement. Returns them in
 * order, stopping before the first frame that does not decode (it is refused in its turn)
 * and at the batch bounds; frames of other documents and frames that carry no update
 * (awareness, sync step 1…) are passed over and keep their place.
 *
 * Reads Hocuspocus's per-connection queue (`messageQueue`, private in its typings; the
 * version is pinned). When it is not there, there is no look-ahead: nothing changes.
 */
export function queuedUpdatesBehind(connection: Connection, current: Uint8Array, documentName: string): QueuedUpdate[] {
  const queue = queueOf(connection);
  if (!queue || queue[0] !== current) return [];
  const batch: QueuedUpdate[] = [];
  let bytes = 0;
  for (const frame of queue.slice(1, MAX_FRAMES + 1)) {
    if (!(frame instanceof Uint8Array) || addressOf(frame) !== documentName) continue;
    let found: DocumentUpdateFrame | null;
    try {
      found = readDocumentUpdate(frame);
    } catch {
      break;
    }
    if (!found) continue;
    bytes += found.update.byteLength;
    if (bytes > MAX_BYTES) break;
    batch.push({ frame, found });
  }
  return batch;
}

/**
 * Takes `handled` frames (found by queuedUpdatesBehind, now stored and applied) out of the
 * connection's queue and acknowledges each, as Hocuspocus would have in their turn: the
 * provider counts one acknowledgement per update it sent.
 */
export function acknowledgeHandled(connection: Connection, documentName: string, handled: QueuedUpdate[]): void {
  const queue = queueOf(connection);
  if (!queue || handled.length === 0) return;
  const taken = new Set(handled.map((h) => h.frame));
  const kept = queue.filter((frame, index) => index === 0 || !taken.has(frame as Uint8Array));
  // In place (the queue is Hocuspocus's own array) and without spreading: it can be long.
  queue.length = 0;
  for (const frame of kept) queue.push(frame);
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, connection.messageAddress ?? documentName);
  encoding.writeVarUint(encoder, SYNC_STATUS);
  encoding.writeVarUint(encoder, 1);
  const ack = encoding.toUint8Array(encoder);
  for (let i = 0; i < handled.length; i++) connection.send(ack);
}

function queueOf(connection: Connection): unknown[] | null {
  const queue = (connection as unknown as { messageQueue?: unknown }).messageQueue;
  return Array.isArray(queue) ? queue : null;
}

/** The document a raw frame is for (its address, without a session suffix). */
function addressOf(frame: Uint8Array): string | null {
  try {
    return decoding.readVarString(decoding.createDecoder(frame)).split('\0')[0]!;
  } catch {
    return null;
  }
}
