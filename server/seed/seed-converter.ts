import { Worker, type ResourceLimits } from 'node:worker_threads';
import { checkDocxArchive, DOCX_ARCHIVE_LIMITS, DocxArchiveError, type ArchiveLimits } from './docx-archive.ts';
import type { SeedReply, SeedRequest } from './seed-worker.ts';
import type { SeedSource } from './initial-state.ts';

/**
 * Why a conversion failed: `invalid` (the source does not convert), `timeout` (it ran past the
 * time limit), `too-large` (a Word file over an import limit, or one that needed more memory
 * than the converter may use), `busy` (too many conversions already waiting: try again shortly).
 */
export type SeedFailure = 'invalid' | 'timeout' | 'too-large' | 'busy';

export class SeedConversionError extends Error {
  readonly kind: SeedFailure;

  constructor(kind: SeedFailure, message: string) {
    super(message);
    this.name = 'SeedConversionError';
    this.kind = kind;
  }
}

/**
 * The converter worker's heap. Converting a Word file of 50 MB unpacked (the default limit) may
 * need more than this; such a file fails as `too-large` with only its own request.
 */
export const SEED_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

/**
 * Conversions that may wait behind the running one. Each holds its source (up to the request
 * body limit) and delays every later statement creation by up to the time limit; beyond this
 * the next one is refused at once as `busy` rather than queued.
 */
export const MAX_QUEUED_CONVERSIONS = 16;

/** `title`: the document's title (the source's, or a Word file's own when the source left it empty). */
type Seed = { state: Uint8Array; contentHash: string; title: string };

interface Job {
  id: number;
  source: SeedSource;
  resolve: (seed: Seed) => void;
  reject: (error: Error) => void;
}

interface ConverterWorker {
  thread: Worker;
  isReady: boolean;
}

/**
 * Converts Markdown/HTML/Word seed sources in one worker thread, one conversion at a time.
 *
 * The contract, per conversion:
 * - A Word file's zip directory is checked on the calling thread before it is queued
 *   (docx-archive.ts: part count, declared unpacked bytes, packing ratio, no ZIP64); nothing
 *   inflates on the server's main thread.
 * - Conversions wait in a FIFO queue of at most `maxQueued` (then `busy`); `timeoutMs` counts from the moment the worker starts
 *   one (after the worker has loaded its modules), never while it waits.
 * - A conversion fails alone. When it runs past `timeoutMs`, or its worker dies (the heap limit
 *   in SEED_WORKER_LIMITS, a crash), the worker is terminated, only that conversion is rejected,
 *   and the conversions still queued run on a fresh worker.
 * - The worker's heap is capped, so a file that needs more memory than its headers suggested
 *   costs the worker, never the server.
 */
export class SeedConverter {
  private worker: ConverterWorker | null = null;
  private running: { job: Job; worker: ConverterWorker; timer: NodeJS.Timeout } | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private isClosed = false;
  private readonly timeoutMs: number;
  private readonly resourceLimits: ResourceLimits;
  private readonly maxQueued: number;

  constructor(timeoutMs: number, options: { resourceLimits?: ResourceLimits; maxQueued?: number } = {}) {
    this.timeoutMs = timeoutMs;
    this.resourceLimits = options.resourceLimits ?? SEED_WORKER_LIMITS;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_CONVERSIONS;
  }

  /**
   * The first document state and its content hash. Rejects with SeedConversionError; a Word
   * file over `archiveLimits` is refused before it is queued.
   */
  async convert(source: SeedSource, archiveLimits: Partial<ArchiveLimits> = {}): Promise<Seed> {
    if (this.isClosed) throw new SeedConversionError('invalid', 'the server is shutting down');
    if (source.docxBase64 !== undefined) {
      try {
        checkDocxArchive(Buffer.from(source.docxBase64, 'base64'), { ...DOCX_ARCHIVE_LIMITS, ...archiveLimits });
      } catch (error) {
        if (error instanceof DocxArchiveError) throw new SeedConversionError(error.kind === 'too-large' ? 'too-large' : 'invalid', error.message);
        throw error;
      }
    }
    if (this.queue.length >= this.maxQueued) throw new SeedConversionError('busy', 'too many texts are being converted right now');
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, source, resolve, reject });
      this.startNext();
    });
  }

  /** Rejects what is queued or running and ends the worker. */
  async close(): Promise<void> {
    this.isClosed = true;
    const stopping = new SeedConversionError('invalid', 'the server is shutting down');
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.job.reject(stopping);
      this.running = null;
    }
    for (const job of this.queue.splice(0)) job.reject(stopping);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.thread.terminate();
  }

  /** Hands the next queued conversion to the worker when it is idle and ready (starting one if needed). */
  private startNext(): void {
    if (this.isClosed || this.running || this.queue.length === 0) return;
    const worker = this.worker ?? this.startWorker();
    if (!worker.isReady) return; // its ready message calls startNext again
    const job = this.queue.shift()!;
    const timer = setTimeout(() => {
      this.failRunning(new SeedConversionError('timeout', `converting the text took longer than ${this.timeoutMs / 1000} s`));
    }, this.timeoutMs);
    this.running = { job, worker, timer };
    worker.thread.postMessage({ id: job.id, source: job.source } satisfies SeedRequest);
  }

  private startWorker(): ConverterWorker {
    const worker: ConverterWorker = {
      thread: new Worker(new URL('./seed-worker.ts', import.meta.url), { resourceLimits: this.resourceLimits }),
      isReady: false,
    };
    worker.thread.unref();
    worker.thread.on('message', (reply: SeedReply | { ready: true }) => {
      if (this.worker !== worker) return;
      if ('ready' in reply) {
        worker.isReady = true;
        this.startNext();
        return;
      }
      const running = this.running;
      if (!running || running.worker !== worker || running.job.id !== reply.id) return;
      clearTimeout(running.timer);
      this.running = null;
      if ('state' in reply) running.job.resolve({ state: reply.state, contentHash: reply.contentHash, title: reply.title });
      else running.job.reject(new SeedConversionError(reply.kind, reply.error));
      this.startNext();
    });
    worker.thread.on('error', (error: NodeJS.ErrnoException) => {
      this.onWorkerDied(
        worker,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SeedConversionError(
              'too-large',
              `converting it needed more than the ${this.resourceLimits.maxOldGenerationSizeMb ?? '?'} MB of memory an import may use`,
            )
          : new SeedConversionError('invalid', 'the converter stopped'),
      );
    });
    worker.thread.on('exit', () => this.onWorkerDied(worker, new SeedConversionError('invalid', 'the converter stopped')));
    this.worker = worker;
    return worker;
  }

  /**
   * A worker ended on its own: the conversion it was running fails (and only that one); the
   * queue moves on to a fresh worker. A worker that dies before it is ready fails the whole
   * queue instead, since every conversion would meet the same fate (a broken install).
   */
  private onWorkerDied(worker: ConverterWorker, error: SeedConversionError): void {
    if (this.worker !== worker) return; // already replaced (timeout, an earlier error event)
    if (this.running?.worker === worker) return this.failRunning(error);
    this.worker = null;
    void worker.thread.terminate();
    if (!worker.isReady) {
      for (const job of this.queue.splice(0)) job.reject(new SeedConversionError('invalid', 'the converter could not start'));
    }
  }

  /** Rejects the running conversion alone, replaces its worker, and starts the next one. */
  private failRunning(error: SeedConversionError): void {
    const running = this.running;
    if (!running) return;
    clearTimeout(running.timer);
    this.running = null;
    running.job.reject(error);
    if (this.worker === running.worker) this.worker = null;
    void running.worker.thread.terminate();
    this.startNext();
  }
}
