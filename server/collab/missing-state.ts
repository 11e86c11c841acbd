import { MessageType, type Connection, type Document } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeSyncStep1 } from 'y-protocols/sync';
import * as Y from 'yjs';
import type { UpdateAdmission } from './extensions/update-admission.ts';
import { AdmissionRefusal } from './admission/verdict.ts';
import { queuedUpdatesBehind, type QueuedUpdate } from './queued-updates.ts';

const MESSAGE_SYNC: number = MessageType.Sync;

/** An update admitted together with the queued frames that completed it. */
export interface CompletedUpdate {
  /** One update holding the held frame's update and every queued one merged into it. */
  update: Uint8Array;
  /** The queued frames merged in (acknowledged, and taken out of the queue, once applied). */
  merged: QueuedUpdate[];
}

/**
 * A real client can send an update that builds on edits the server does not have yet: typing
 * right after a reconnect sends new edits before the client's sync step 2 carries the ones
 * made while the connection was down (or lost with the connection that dropped). Admission
 * refuses such an update as pending; applying it would leave pending state in the document.
 *
 * Instead of refusing at once, the update is held (not stored, not applied, not acknowledged):
 * the client is asked for what the server lacks (a sync step 1 with the server's state
 * vector, which a provider answers with a sync step 2), and frames arriving behind the held
 * one on the same connection are merged with it until admission accepts the whole, within
 * `waitMs`. Only this connection waits; its frames are handled in order anyway. Past the
 * deadline, or if the merge is refused for another reason, that refusal is thrown.
 */
export async function completeFromQueue(options: {
  connection: Connection;
  document: Document;
  documentName: string;
  frame: Uint8Array;
  update: Uint8Array;
  userId: string;
  admission: UpdateAdmission;
  waitMs: number;
}): Promise<CompletedUpdate> {
  const { connection, document, documentName, frame, update, userId, admission } = options;
  requestMissingState(connection, document);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const merged = queuedUpdatesBehind(connection, frame, documentName);
    const whole = merged.length === 0 ? update : Y.mergeUpdates([update, ...merged.map((q) => q.found.update)]);
    try {
      await admission.admit(document, documentName, userId, [whole]);
      return { update: whole, merged };
    } catch (error) {
      if (!(error instanceof AdmissionRefusal) || !error.isPending || Date.now() >= deadline) throw error;
    }
    await sleep(20);
    // Closed meanwhile: nothing to refuse any more (nothing was stored; the client resends after reconnecting).
    if (!document.hasConnection(connection)) throw new Error('the connection closed while its update waited for missing edits');
  }
}

/** Sends the connection a sync step 1 (the server's state vector): a provider answers with what the server lacks. */
function requestMissingState(connection: Connection, document: Document): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, connection.messageAddress);
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  writeSyncStep1(encoder, document);
  connection.send(encoding.toUint8Array(encoder));
}
