import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { FoldedDocument, StoredDocument } from '../storage/store.ts';
import type { InspectLimits } from './admission/inspect-update.ts';
import type { DescribedState, DocumentTask, LoadedState, ReplicaMessage, TaskResults, WorkerReply, WorkerRequest } from './document-worker-thread.ts';
import { applyInSlices, hasPendingState, storedBytes, type ReplayReport } from './replay.ts';

/**
 * Which documents are heavy enough for a worker thread. Below these sizes the work takes a few
 * milliseconds and runs inline, where a round trip to a thread would cost more than it saves.
 */
export const INLINE_MAX_STORED_BYTES = 256 * 1024;
/** The same bound for a live document, in clock units (about one per character ever typed, deleted ones included). */
export const INLINE_MAX_CLOCKS = 150_000;
/** Work per slice of a large state applied to a live document (structs, plus one per 64 characters): a few ms each. */
const SLICE_WEIGHT = 1_000;

export function isLargeStoredDocument(stored: StoredDocument): boolean {
  return storedBytes(stored) >= INLINE_MAX_STORED_BYTES;
}

export function isLargeDocument(doc: Y.Doc): boolean {
  let clocks = 0;
  for (const structs of doc.store.clients.values()) {
    const last = structs[structs.length - 1];
    if (last) clocks += last.id.clock + last.length;
  }
  return clocks >= INLINE_MAX_CLOCKS;
}

export class DocumentWorkerError extends Error {
  /** `timeout`: the task ran past the time limit and its thread was replaced; `crashed`: the thread died; `failed`: the task threw. */
  readonly kind: 'timeout' | 'crashed' | 'failed';

  constructor(kind: 'timeout' | 'crashed' | 'failed', message: string) {
    super(message);
    this.name = 'DocumentWorkerError';
    this.kind = kind;
  }
}

/** Thrown by `load` when the slices did not rebuild the folded document (a bug, never data): replay inline instead. */
export class SliceMismatch extends Error {}

interface Task {
  id: number;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  /** Tasks in the order the thread runs them; the first one's time limit is running. */
  tasks: Task[];
  followers: Set<Follower>;
}

interface Follower {
  document: Y.Doc;
  thread: Thread;
  replica: number;
  detach(): void;
}

class ReplicaLostError extends Error {}

/**
 * A small pool of worker threads (document-worker-thread.ts) for the heavy work on large
 * statements, so that one statement never stalls the event loop for the others: folding
 * snapshot + log for compaction, replaying them at load (the live document then takes the
 * folded state a slice per event-loop turn), and hashing or describing the text.
 *
 * A document loaded or hashed here is *followed*: its thread keeps a replica, and every update
 * the live document emits is posted to it, so hashing and describing it later costs the main
 * thread nothing but a message. Answers about a replica are checked against the live
 * document's state vector at the time of the question; a replica that was lost (its thread was
 * replaced) or no longer matches is rebuilt from the live document once, then asked again.
 *
 * Every task has a time limit (`timeoutMs`, counted from when its thread starts it): past it
 * the task fails with DocumentWorkerError('timeout') and its thread is replaced, failing the
 * other tasks queued on it, so a pathological document cannot hold a thread for ever either.
 */
export class DocumentWorkers {
  private readonly threads: (Thread | null)[];
  private readonly timeoutMs: number;
  private readonly followers = new WeakMap<Y.Doc, Follower>();
  private nextTask = 1;
  private nextReplica = 1;

  constructor(options: { size?: number; timeoutMs?: number } = {}) {
    const size = options.size ?? Math.max(2, Math.min(4, availableParallelism() - 1));
    this.threads = Array.from({ length: size }, () => null);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Snapshot + log folded into one state (see `foldDocument`), for compaction. */
  fold(stored: StoredDocument, limits: InspectLimits): Promise<FoldedDocument & ReplayReport> {
    return this.run(this.leastBusy(), { kind: 'fold', stored, limits });
  }

  /**
   * Replays `stored` into the live `document` (which must be empty and not yet served): the
   * thread replays and checks it, the main thread applies the result a slice per event-loop
   * turn, then the document is followed. Throws SliceMismatch if the slices did not rebuild
   * what the thread folded (the caller then replays inline).
   */
  async load(document: Y.Doc & { flush?(): unknown }, stored: StoredDocument, limits: InspectLimits): Promise<LoadedState> {
    const thread = this.leastBusy();
    const replica = this.nextReplica++;
    const loaded = await this.run(thread, { kind: 'load', replica, stored, limits, sliceWeight: SLICE_WEIGHT });
    // Each slice is buffered by Hocuspocus for broadcasting (to nobody yet); flushing one at a
    // time keeps it from merging them all with Y.mergeUpdates.
    await applyInSlices(document, loaded.slices, () => document.flush?.());
    if (hasPendingState(document) || !sameStateVector(Y.encodeStateVector(document), loaded.stateVector)) {
      this.post(thread, { kind: 'drop', replica });
      throw new SliceMismatch('the folded state applied in slices does not match the folded document');
    }
    this.attach(document, thread, replica);
    return loaded;
  }

  /** True when `document` has a replica in a thread (see the class comment). */
  isFollowing(document: Y.Doc): boolean {
    return this.followers.has(document);
  }

  /** The content hash of the live document's text, computed on its replica. */
  async hash(document: Y.Doc): Promise<string> {
    return (await this.askReplica(document, 'hash')).contentHash;
  }

  /** The live document's text as a version keeps it, computed on its replica. */
  describe(document: Y.Doc): Promise<DescribedState> {
    return this.askReplica(document, 'describe');
  }

  /** A stored document's text as a version keeps it (replayed as at load). */
  describeStored(stored: StoredDocument, limits: InspectLimits): Promise<DescribedState> {
    return this.run(this.leastBusy(), { kind: 'describe-stored', stored, limits });
  }

  /** Stops every thread (pending tasks fail); the pool starts new ones when asked again. */
  async close(): Promise<void> {
    await Promise.all(
      this.threads.map((thread, index) => {
        this.threads[index] = null;
        if (!thread) return undefined;
        this.fail(thread, new DocumentWorkerError('crashed', 'the document workers were closed'));
        return thread.worker.terminate();
      }),
    );
  }

  private async askReplica<K extends 'hash' | 'describe'>(document: Y.Doc, kind: K): Promise<TaskResults[K]> {
    for (let attempt = 0; ; attempt++) {
      let follower = this.followers.get(document);
      if (follower?.thread.dead) this.unfollow(document);
      follower = this.followers.get(document) ?? this.follow(document);
      try {
        const question = { kind, replica: follower.replica, stateVector: Y.encodeStateVector(document) } as Extract<
          DocumentTask,
          { kind: 'hash' | 'describe' }
        >;
        return (await this.run(follower.thread, question)) as TaskResults[K];
      } catch (error) {
        if (!(error instanceof ReplicaLostError) || attempt > 0) throw error;
        this.unfollow(document);
      }
    }
  }

  /** Gives the live document a replica from its whole state (encoded here, once). */
  private follow(document: Y.Doc): Follower {
    const thread = this.leastBusy();
    const replica = this.nextReplica++;
    void this.run(thread, { kind: 'follow', replica, state: Y.encodeStateAsUpdate(document) }).catch(() => {
      // Answered by the next question to this replica (replica lost): it is rebuilt then.
    });
    return this.attach(document, thread, replica);
  }

  private attach(document: Y.Doc, thread: Thread, replica: number): Follower {
    const onUpdate = (update: Uint8Array) => this.post(thread, { kind: 'update', replica, update });
    const onDestroy = () => this.unfollow(document);
    document.on('update', onUpdate);
    document.on('destroy', onDestroy);
    const follower: Follower = {
      document,
      thread,
      replica,
      detach: () => {
        document.off('update', onUpdate);
        document.off('destroy', onDestroy);
      },
    };
    this.followers.set(document, follower);
    thread.followers.add(follower);
    if (thread.dead) this.unfollow(document);
    return follower;
  }

  private unfollow(document: Y.Doc): void {
    const follower = this.followers.get(document);
    if (!follower) return;
    this.followers.delete(document);
    follower.detach();
    follower.thread.followers.delete(follower);
    this.post(follower.thread, { kind: 'drop', replica: follower.replica });
  }

  private post(thread: Thread, message: ReplicaMessage): void {
    if (!thread.dead) thread.worker.postMessage({ message } satisfies WorkerRequest);
  }

  private run<T extends DocumentTask>(thread: Thread, task: T): Promise<TaskResults[T['kind']]> {
    return new Promise((resolve, reject) => {
      if (thread.dead) {
        reject(new ReplicaLostError('the document worker was replaced'));
        return;
      }
      const entry: Task = { id: this.nextTask++, resolve: resolve as (result: unknown) => void, reject, timer: null };
      thread.tasks.push(entry);
      thread.worker.postMessage({ id: entry.id, task } satisfies WorkerRequest);
      this.startTimer(thread);
    });
  }

  /** The thread with the fewest tasks queued (started on first use). */
  private leastBusy(): Thread {
    let best: Thread | null = null;
    for (let index = 0; index < this.threads.length; index++) {
      const thread = (this.threads[index] ??= this.spawn(index));
      if (!best || thread.tasks.length < best.tasks.length) best = thread;
      if (thread.tasks.length === 0) break;
    }
    return best!;
  }

  private spawn(index: number): Thread {
    const worker = new Worker(new URL('./document-worker-thread.ts', import.meta.url));
    worker.unref();
    const thread: Thread = { worker, ready: false, dead: false, tasks: [], followers: new Set() };
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        thread.ready = true;
        this.startTimer(thread);
        return;
      }
      const at = thread.tasks.findIndex((task) => task.id === reply.id);
      if (at < 0) return;
      const [task] = thread.tasks.splice(at, 1);
      clearTimeout(task!.timer ?? undefined);
      if ('result' in reply) task!.resolve(reply.result);
      else task!.reject(reply.replicaLost ? new ReplicaLostError(reply.error) : new DocumentWorkerError('failed', reply.error));
      this.startTimer(thread);
    });
    worker.on('error', (error) => this.replace(index, thread, new DocumentWorkerError('crashed', `a document worker crashed: ${error.message}`)));
    worker.on('exit', () => this.replace(index, thread, new DocumentWorkerError('crashed', 'a document worker stopped')));
    return thread;
  }

  /** Starts the time limit of the thread's first task, once the thread has loaded. */
  private startTimer(thread: Thread): void {
    const first = thread.tasks[0];
    if (!thread.ready || !first || first.timer) return;
    first.timer = setTimeout(() => {
      const index = this.threads.indexOf(thread);
      this.replace(index, thread, new DocumentWorkerError('timeout', `a document task took longer than ${this.timeoutMs / 1000} s`), first);
    }, this.timeoutMs);
    first.timer.unref();
  }

  /** Takes a dead or stuck thread out of the pool: its tasks fail, its replicas are lost, a new thread starts when needed. */
  private replace(index: number, thread: Thread, error: DocumentWorkerError, culprit?: Task): void {
    if (thread.dead) return;
    thread.dead = true;
    if (index >= 0 && this.threads[index] === thread) this.threads[index] = null;
    this.fail(thread, error, culprit);
    void thread.worker.terminate();
  }

  private fail(thread: Thread, error: DocumentWorkerError, culprit?: Task): void {
    thread.dead = true;
    for (const task of thread.tasks.splice(0)) {
      clearTimeout(task.timer ?? undefined);
      task.reject(task === culprit || !culprit ? error : new DocumentWorkerError('crashed', 'a document worker was replaced while this task waited'));
    }
    // Their documents are followed again (from their whole state) when next asked about.
    for (const follower of [...thread.followers]) {
      follower.detach();
      thread.followers.delete(follower);
      if (this.followers.get(follower.document) === follower) this.followers.delete(follower.document);
    }
  }
}

function sameStateVector(a: Uint8Array, b: Uint8Array): boolean {
  const left = Y.decodeStateVector(a);
  const right = Y.decodeStateVector(b);
  return left.size === right.size && [...left].every(([client, clock]) => right.get(client) === clock);
}

/** The process's pool: lazily started, its threads never keep the process alive. */
export const documentWorkers = new DocumentWorkers();
