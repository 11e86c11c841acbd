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
  resolve: (state: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Converts Markdown/HTML seed sources in one long-lived worker thread, one at a time.
 * A conversion that takes longer than `timeoutMs` fails with SeedConversionError('timeout')
 * and the worker is replaced, so no source can stall the server's event loop.
 */
export class SeedConverter {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  convert(source: SeedSource): Promise<Uint8Array> {
    const worker = this.ensureWorker();
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
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./seed-worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (reply: SeedReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if ('state' in reply) pending.resolve(reply.state);
      else pending.reject(new SeedConversionError('invalid', reply.error));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
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
    void worker?.terminate();
  }
}
