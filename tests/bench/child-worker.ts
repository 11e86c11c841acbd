import { spawn, type ChildProcess } from 'node:child_process';

/** Every reply protocol of a bench child has an error reply. */
type ReplyOf = { type: string } | { type: 'error'; message: string };

/**
 * A bench child process spoken to over IPC (the load generator, the background editors):
 * `request` sends a message and waits for the reply of the expected type, failing on the
 * child's error reply, on its exit or after a timeout. Replies of other types wait for the
 * request that expects them.
 */
export class ChildWorker<Request, Reply extends ReplyOf> {
  readonly child: ChildProcess;
  private readonly label: string;
  private readonly replies: Reply[] = [];
  private wake: (() => void) | undefined;
  private exited = false;

  /** Runs `command` (already wrapped in taskset/nice as wanted); `label` names it in errors. */
  constructor(label: string, command: string[]) {
    this.label = label;
    const [program, ...argv] = command;
    this.child = spawn(program!, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: Reply) => {
      this.replies.push(message);
      this.wake?.();
    });
    this.child.once('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  get hasExited(): boolean {
    return this.exited;
  }

  async request<T extends Reply['type']>(message: Request, expect: T, timeoutMs: number): Promise<Extract<Reply, { type: T }>> {
    this.child.send(message as object);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.replies.findIndex((r) => r.type === 'error' || r.type === expect);
      if (index >= 0) {
        const [reply] = this.replies.splice(index, 1);
        if (reply!.type === 'error') throw new Error(`${this.label} failed: ${(reply as { message: string }).message}`);
        return reply as Extract<Reply, { type: T }>;
      }
      if (this.exited) throw new Error(`${this.label} exited unexpectedly`);
      if (Date.now() > deadline) throw new Error(`${this.label} did not answer '${expect}' in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
      this.wake = undefined;
    }
  }

  send(message: Request): void {
    this.child.send(message as object);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
