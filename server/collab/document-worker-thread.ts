// Worker thread entry: the heavy work on statements' documents (replay, fold, hash, text),
// off the main thread. See document-worker.ts for the pool that runs it and its time limits.
//
// Tasks run one at a time, in the order they were posted: a replica's updates and the
// questions about it arrive on the same port, so an answer covers every update posted before
// the question. A replica is a copy of a live document that the main thread keeps in step
// by posting every update the document emits after it was created.
import type { JSONContent } from '@tiptap/core';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { canonicalJSON, contentHashOf } from '../../shared/content-hash.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import type { FoldedDocument, StoredDocument } from '../storage/store.ts';
import type { InspectLimits } from './admission/inspect-update.ts';
import { applyAsCopy, foldDocument, replayStoredDocument, Y_DOC_OPTIONS, type ReplayReport } from './replay.ts';
import { encodeStateInChunks } from './state-chunks.ts';

export type DocumentTask =
  /** Snapshot + log → one state, for compaction. */
  | { kind: 'fold'; stored: StoredDocument; limits: InspectLimits }
  /** Snapshot + log → the state in slices for the live document; the folded document stays as replica `replica`. */
  | { kind: 'load'; replica: number; stored: StoredDocument; limits: InspectLimits; sliceWeight: number }
  /** A replica from a live document's whole state. */
  | { kind: 'follow'; replica: number; state: Uint8Array }
  | { kind: 'hash'; replica: number; stateVector: Uint8Array }
  | { kind: 'describe'; replica: number; stateVector: Uint8Array }
  | { kind: 'describe-stored'; stored: StoredDocument; limits: InspectLimits };

/** Posted without an answer: keeps a replica in step, or drops it. */
export type ReplicaMessage = { kind: 'update'; replica: number; update: Uint8Array } | { kind: 'drop'; replica: number };

export interface LoadedState extends ReplayReport {
  slices: Uint8Array[];
  /** The folded document's state vector, to check the live one against once every slice is applied. */
  stateVector: Uint8Array;
  /** The folded state as one update, when the replay left something out (the caller commits it as the new snapshot). */
  state: Uint8Array | null;
}

/** A statement's text as a version keeps it. */
export interface DescribedState {
  json: JSONContent;
  documentJson: string;
  contentHash: string;
  yjsSnapshot: Uint8Array;
  yjsState: Uint8Array;
}

export interface TaskResults {
  fold: FoldedDocument & ReplayReport;
  load: LoadedState;
  follow: null;
  hash: { contentHash: string };
  describe: DescribedState;
  'describe-stored': DescribedState;
}

export type WorkerRequest = { id: number; task: DocumentTask } | { message: ReplicaMessage };
export type WorkerReply = { ready: true } | { id: number; result: unknown } | { id: number; error: string; replicaLost: boolean };

/** A replica that is missing (this thread replaced an earlier one) or no longer matches its document. */
class ReplicaLost extends Error {}

// Below the main thread: on a machine short of cores, the event loop serving every statement
// comes first. On Linux a nice value belongs to one thread (pid 0: the calling thread); elsewhere
// it would apply to the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // Not allowed here (a restricted container): run at the process's priority.
  }
}

const replicas = new Map<number, Y.Doc>();
const port = parentPort!;
let queue = Promise.resolve();

port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
  if ('message' in request) return keepInStep(request.message);
  try {
    const result = await run(request.task);
    port.postMessage({ id: request.id, result } satisfies WorkerReply, transferablesOf(result));
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
      replicaLost: error instanceof ReplicaLost,
    } satisfies WorkerReply);
  }
}

function keepInStep(message: ReplicaMessage): void {
  const replica = replicas.get(message.replica);
  if (message.kind === 'drop') {
    replica?.destroy();
    replicas.delete(message.replica);
  } else if (replica) {
    try {
      applyAsCopy(replica, message.update);
    } catch {
      // The live document applied this update without throwing; a replica that cannot is no copy.
      replica.destroy();
      replicas.delete(message.replica);
    }
  }
}

async function run(task: DocumentTask): Promise<TaskResults[DocumentTask['kind']]> {
  switch (task.kind) {
    case 'fold':
      return foldDocument(task.stored, task.limits);
    case 'load': {
      const doc = new Y.Doc(Y_DOC_OPTIONS);
      const report = replayStoredDocument(doc, task.stored, task.limits);
      const changed = report.rejected.length > 0 || report.setAside.length > 0;
      const loaded: LoadedState = {
        ...report,
        slices: encodeStateInChunks(doc, task.sliceWeight),
        stateVector: Y.encodeStateVector(doc),
        state: changed ? Y.encodeStateAsUpdate(doc) : null,
      };
      replicas.set(task.replica, doc);
      return loaded;
    }
    case 'follow': {
      const doc = new Y.Doc(Y_DOC_OPTIONS);
      applyAsCopy(doc, task.state);
      replicas.get(task.replica)?.destroy();
      replicas.set(task.replica, doc);
      return null;
    }
    case 'hash':
      return { contentHash: await contentHashOf(statementJSONFromYDoc(replicaInStep(task.replica, task.stateVector))) };
    case 'describe':
      return describe(replicaInStep(task.replica, task.stateVector));
    case 'describe-stored': {
      const doc = new Y.Doc(Y_DOC_OPTIONS);
      try {
        replayStoredDocument(doc, task.stored, task.limits);
        return await describe(doc);
      } finally {
        doc.destroy();
      }
    }
  }
}

/** The replica, if it holds exactly what the live document held when the question was posted (its state vector). */
function replicaInStep(id: number, stateVector: Uint8Array): Y.Doc {
  const replica = replicas.get(id);
  if (!replica) throw new ReplicaLost(`replica ${id} is not held by this thread`);
  const expected = Y.decodeStateVector(stateVector);
  const actual = Y.decodeStateVector(Y.encodeStateVector(replica));
  const same = expected.size === actual.size && [...expected].every(([client, clock]) => actual.get(client) === clock);
  if (!same) {
    replica.destroy();
    replicas.delete(id);
    throw new ReplicaLost(`replica ${id} no longer matches its document`);
  }
  return replica;
}

async function describe(doc: Y.Doc): Promise<DescribedState> {
  const json = statementJSONFromYDoc(doc);
  return {
    json,
    documentJson: canonicalJSON(json),
    contentHash: await contentHashOf(json),
    yjsSnapshot: Y.encodeSnapshot(Y.snapshot(doc)),
    yjsState: Y.encodeStateAsUpdate(doc),
  };
}

/** Buffers of the result that only it uses, moved to the main thread rather than copied. */
function transferablesOf(result: unknown): ArrayBuffer[] {
  const arrays: Uint8Array[] = [];
  if (result && typeof result === 'object') {
    for (const value of Object.values(result)) {
      if (value instanceof Uint8Array) arrays.push(value);
      else if (Array.isArray(value)) arrays.push(...value.filter((item): item is Uint8Array => item instanceof Uint8Array));
    }
  }
  const owned = arrays.filter((array) => array.byteOffset === 0 && array.byteLength === array.buffer.byteLength).map((array) => array.buffer);
  return [...new Set(owned)].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

// Modules are loaded: the caller's time limits apply from here on.
port.postMessage({ ready: true } satisfies WorkerReply);
