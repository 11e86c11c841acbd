import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/close-codes.ts';
import { CollabRefusal } from './refusal.ts';

// Hocuspocus wire format: varString(documentName) varUint(MessageType) ...; Sync and
// SyncReply messages carry y-protocols sync: varUint(syncType) varUint8Array(update).
const MESSAGE_SYNC: number = MessageType.Sync;
const MESSAGE_SYNC_REPLY: number = MessageType.SyncReply;
const SYNC_STEP_2 = messageYjsSyncStep2;
const SYNC_UPDATE = messageYjsUpdate;

export interface DocumentUpdateFrame {
  kind: 'sync-step-2' | 'update';
  update: Uint8Array;
}

/**
 * Reads the document update a raw Hocuspocus frame carries, if it carries one (sync step 2
 * or update). Other frames (sync step 1, awareness, auth, stateless…) give null.
 *
 * Throws CollabRefusal(InvalidUpdate) when the frame cannot be parsed or the update
 * it carries does not decode: such a frame must be refused before anything stores it.
 */
export function readDocumentUpdate(frame: Uint8Array): DocumentUpdateFrame | null {
  // Several hooks look at the same frame object; decode it once.
  const known = parsedFrames.get(frame);
  if (known !== undefined) return known;
  const found = parseDocumentUpdate(frame);
  parsedFrames.set(frame, found);
  return found;
}

const parsedFrames = new WeakMap<Uint8Array, DocumentUpdateFrame | null>();

function parseDocumentUpdate(frame: Uint8Array): DocumentUpdateFrame | null {
  let found: DocumentUpdateFrame | null;
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    const messageType = decoding.readVarUint(decoder);
    if (messageType !== MESSAGE_SYNC && messageType !== MESSAGE_SYNC_REPLY) return null;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return null;
    found = { kind: syncType === SYNC_STEP_2 ? 'sync-step-2' : 'update', update: decoding.readVarUint8Array(decoder) };
  } catch (error) {
    throw new CollabRefusal(CloseCodes.InvalidUpdate, `unreadable frame (${describe(error)})`);
  }
  assertDecodableUpdate(found.update);
  return found;
}

/** A Yjs v1 update as `Y.decodeUpdate` reads it: every struct, its content, and the delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

const decodedUpdates = new WeakMap<Uint8Array, DecodedUpdate>();

/**
 * Fully decodes a Yjs v1 update (every struct, its content and the delete set) without
 * applying it, once per update object (admission reads the same decoding). Truncated or
 * corrupted bytes throw CollabRefusal(InvalidUpdate) here, before the update reaches the log.
 */
export function decodeUpdateOnce(update: Uint8Array): DecodedUpdate {
  const known = decodedUpdates.get(update);
  if (known) return known;
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new CollabRefusal(CloseCodes.InvalidUpdate, `update does not decode (${describe(error)})`);
  }
  decodedUpdates.set(update, decoded);
  return decoded;
}

/** Throws CollabRefusal(InvalidUpdate) unless `update` decodes fully (see decodeUpdateOnce). */
export function assertDecodableUpdate(update: Uint8Array): void {
  decodeUpdateOnce(update);
}

/** True for the 2-byte update that encodes no structs and no deletions. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
