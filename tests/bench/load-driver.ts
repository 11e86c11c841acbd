/**
 * The bench's handle on its thin load generator (load-generator.ts): spawns it pinned to
 * LOADGEN_CPU, sends requests and waits for the matching reply, and reads its CPU time.
 */
import { fileURLToPath } from 'node:url';
import { canPin, LOADGEN_CPU, processCpuMs } from './bench-server.ts';
import { ChildWorker } from './child-worker.ts';
import type { LoadReply, LoadRequest } from './load-protocol.ts';

const SCRIPT = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export class LoadDriver {
  private readonly worker: ChildWorker<LoadRequest, LoadReply>;

  constructor() {
    const node = [process.execPath, SCRIPT];
    this.worker = new ChildWorker('load generator', canPin() ? ['taskset', '-c', String(LOADGEN_CPU), ...node] : node);
  }

  /** CPU time the generator has used so far, ms. */
  cpuMs(): number {
    return processCpuMs(this.worker.child.pid) ?? 0;
  }

  request<T extends LoadReply['type']>(message: LoadRequest, expect: T, timeoutMs = 120_000): Promise<Extract<LoadReply, { type: T }>> {
    return this.worker.request(message, expect, timeoutMs);
  }

  send(message: LoadRequest): void {
    this.worker.send(message);
  }

  stop(): void {
    this.worker.kill();
  }
}
