import { Worker } from 'node:worker_threads';
import type { SeedReply, SeedRequest } from './seed-worker.ts';
import type { SeedSource } from './initial-state.ts';

export class SeedConversionError extends Error {
  readonly kind: 'invalid' | 'timeout';

  constructor(kind: 'invalid' | 'timeout', message: string) {
    super(message);
    this.name = 'SeedConversionError';
    this.kind = kind;
  }
}

interface Pending {
  resolve: (seed: { state: Uint8Array; contentHash: string }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Converts Markdown/HTML seed sources in one long-lived worker thread, one at a time.
 * A conversion that takes longer than `timeoutMs` fails with SeedConversionError('timeout')
 * and the worker is replaced, so no source can stall the server's event loop.
 */
export class SeedConverter {
  private worker: { thread: Worker; ready: Promise<void> } | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  /** The first document state and its content hash. */
  async convert(source: SeedSource): Promise<{ state: Uint8Array; contentHash: string }> {
    const { thread: worker, ready } = this.ensureWorker();
    await ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failAll(new SeedConversionError('timeout', `converting the text took longer than ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, source } satisfies SeedRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.thread.terminate();
  }

  private ensureWorker(): { thread: Worker; ready: Promise<void> } {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./seed-worker.ts', import.meta.url));
    worker.unref();
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    worker.on('message', (reply: SeedReply | { ready: true }) => {
      if ('ready' in reply) return markReady();
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if ('state' in reply) pending.resolve({ state: reply.state, contentHash: reply.contentHash });
      else pending.reject(new SeedConversionError('invalid', reply.error));
    });
    worker.on('error', (error) => {
      failReady(error);
      this.failAll(error);
    });
    worker.on('exit', () => {
      failReady(new SeedConversionError('invalid', 'the converter stopped'));
      if (this.worker?.thread === worker) this.worker = null;
    });
    this.worker = { thread: worker, ready };
    return this.worker;
  }

  /** Rejects every pending conversion and replaces the worker (it may be stuck). */
  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
    const worker = this.worker;
    this.worker = null;
    void worker?.thread.terminate();
  }
}
