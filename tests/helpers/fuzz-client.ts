import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FuzzPlan, FuzzStats, FuzzTarget } from './frame-fuzzer.ts';

type Reply = { type: 'done' | 'stopped'; stats: FuzzStats } | { type: 'error'; message: string };

/** The frame fuzzer in a worker thread: `fuzz(n)` sends n more malformed frames and resolves with the totals so far. */
export class FuzzWorker {
  private readonly worker: Worker;

  constructor(target: FuzzTarget, plan: FuzzPlan) {
    this.worker = new Worker(new URL('./fuzz-worker.ts', import.meta.url), { workerData: { target, plan } });
  }

  fuzz(frames: number): Promise<FuzzStats> {
    return this.request({ type: 'fuzz', frames });
  }

  async stop(): Promise<FuzzStats> {
    const stats = await this.request({ type: 'stop' });
    await this.worker.terminate();
    return stats;
  }

  private async request(message: { type: 'fuzz'; frames: number } | { type: 'stop' }): Promise<FuzzStats> {
    this.worker.postMessage(message);
    const [reply] = (await Promise.race([
      once(this.worker, 'message'),
      once(this.worker, 'error').then(([error]) => [{ type: 'error', message: String(error) }]),
    ])) as [Reply];
    if (reply.type === 'error') throw new Error(`frame fuzzer failed: ${reply.message}`);
    return reply.stats;
  }
}
