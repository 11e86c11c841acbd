/**
 * The bench's handle on its thin load generator (load-generator.ts): spawns it pinned to
 * LOADGEN_CPU, sends requests and waits for the matching reply, and reads its CPU time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canPin, LOADGEN_CPU, processCpuMs } from './bench-server.ts';
import type { LoadReply, LoadRequest } from './load-protocol.ts';

const SCRIPT = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export class LoadDriver {
  readonly child: ChildProcess;
  private readonly replies: LoadReply[] = [];
  private wake: (() => void) | undefined;
  private exited = false;

  constructor() {
    const node = [process.execPath, SCRIPT];
    const [command, ...argv] = canPin() ? ['taskset', '-c', String(LOADGEN_CPU), ...node] : node;
    this.child = spawn(command!, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: LoadReply) => {
      this.replies.push(message);
      this.wake?.();
    });
    this.child.once('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  /** CPU time the generator has used so far, ms. */
  cpuMs(): number {
    return processCpuMs(this.child.pid) ?? 0;
  }

  async request<T extends LoadReply['type']>(message: LoadRequest, expect: T, timeoutMs = 120_000): Promise<Extract<LoadReply, { type: T }>> {
    this.child.send(message);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.replies.findIndex((r) => r.type === 'error' || r.type === expect);
      if (index >= 0) {
        const [reply] = this.replies.splice(index, 1);
        if (reply!.type === 'error') throw new Error(`load generator failed: ${reply!.message}`);
        return reply as Extract<LoadReply, { type: T }>;
      }
      if (this.exited) throw new Error('load generator exited unexpectedly');
      if (Date.now() > deadline) throw new Error(`load generator did not answer '${expect}' in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
      this.wake = undefined;
    }
  }

  send(message: LoadRequest): void {
    this.child.send(message);
  }

  stop(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
