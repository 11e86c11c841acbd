import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const STANDBY_ENTRY = fileURLToPath(new URL('./standby-main.ts', import.meta.url));
const OUTPUT_TAIL = 32 * 1024;

/**
 * A real server child process on one DATA_DIR and one port that can be SIGKILLed and
 * started again, as often as a soak wants. A restart is a new process (standby-main.ts)
 * whose code was loaded while the previous one still ran; it opens the database and
 * listens only once told to, after the previous process is dead.
 */
export class RestartableServer {
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** Milliseconds from 'serve' to a healthy /healthz, for each start. */
  readonly startTimesMs: number[] = [];
  private current: ChildProcess | null = null;
  private standby: Promise<ChildProcess> | null = null;
  private readonly env: Record<string, string>;
  /** Every process writes its output here (a file: a flood of error lines costs the test process nothing). */
  readonly logFile: string;

  constructor(dataDir: string, port: number, env: Record<string, string> = {}) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/collab`;
    this.logFile = join(dataDir, 'server.log');
    this.env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SERVE_CLIENT: 'false', ...env };
  }

  /** The serving process's id, if one runs. */
  get pid(): number | undefined {
    return this.current?.pid;
  }

  /** Resident memory of the serving process, MiB (Linux /proc). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.current?.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  }

  /** CPU time the serving process has used, ms (user + system, Linux /proc). */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.current?.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** True while the serving process runs. */
  get isRunning(): boolean {
    return !!this.current && this.current.exitCode === null && this.current.signalCode === null;
  }

  /** The last 32 KiB of output of every process so far (for failure messages). */
  output(): string {
    const fd = openSync(this.logFile, 'a+');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, OUTPUT_TAIL);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      return buffer.toString();
    } finally {
      closeSync(fd);
    }
  }

  /** Starts a server (the waiting standby, or a new process) and returns once it answers /healthz; a next standby loads meanwhile. */
  async start(): Promise<void> {
    if (this.current) throw new Error('a server is already running');
    const child = await (this.standby ?? this.spawnStandby());
    this.standby = null;
    const startedAt = performance.now();
    child.send('serve');
    this.current = child;
    await this.waitUntilHealthy(child);
    this.startTimesMs.push(performance.now() - startedAt);
    this.standby = this.spawnStandby();
    // A standby that fails to load is reported by the start that needs it.
    this.standby.catch(() => {});
  }

  /** SIGKILLs the serving process and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.current;
    this.current = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and the standby. */
  async close(): Promise<void> {
    await this.kill();
    const standby = await this.standby?.catch(() => null);
    this.standby = null;
    if (standby && standby.exitCode === null) {
      const exited = once(standby, 'exit');
      standby.kill('SIGKILL');
      await exited;
    }
  }

  private spawnStandby(): Promise<ChildProcess> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [STANDBY_ENTRY], { env: { ...process.env, ...this.env }, stdio: ['ignore', log, log, 'ipc'] });
    closeSync(log);
    return new Promise((resolve, reject) => {
      child.once('message', (message) => (message === 'loaded' ? resolve(child) : reject(new Error(`standby said ${String(message)}`))));
      child.once('exit', (code, signal) => reject(new Error(`standby exited (${code ?? signal}) before loading:\n${this.output()}`)));
    });
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited while starting:\n${this.output()}`);
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not become healthy in 15 s:\n${this.output()}`);
      await sleep(5);
    }
  }
}
