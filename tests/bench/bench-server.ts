import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, waitUntilHealthy } from '../helpers/child-server.ts';

/** Entry points, as in tests/helpers/child-server.ts. */
export const ENTRY = {
  /** The production entry point (durable update log). */
  main: fileURLToPath(new URL('../../server/main.ts', import.meta.url)),
  /** The same server with Hocuspocus's stock debounced store; not reachable from the environment. */
  debounced: fileURLToPath(new URL('../helpers/debounced-main.ts', import.meta.url)),
  /** Jointly in production configuration plus the bench's IPC metrics (npm run bench). */
  jointly: fileURLToPath(new URL('./jointly-server.ts', import.meta.url)),
  /** The y-websocket reference server, in memory, plus the bench's IPC metrics (npm run bench). */
  baseline: fileURLToPath(new URL('./baseline-server.ts', import.meta.url)),
} as const;
export type Entry = keyof typeof ENTRY;

/** CPU the server under test runs on; the load generator keeps to LOADGEN_CPU. */
export const SERVER_CPU = 1;
export const LOADGEN_CPU = 0;

let tasksetChecked: boolean | undefined;

/** True when `taskset` exists and this machine has at least two CPUs to split. */
export function canPin(): boolean {
  if (tasksetChecked === undefined) {
    try {
      execFileSync('taskset', ['-pc', String(process.pid)], { stdio: 'ignore' });
      tasksetChecked = availableCpus() >= 2;
    } catch {
      tasksetChecked = false;
    }
  }
  return tasksetChecked;
}

function availableCpus(): number {
  try {
    const list =
      execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' })
        .split(':')
        .pop() ?? '';
    let count = 0;
    for (const part of list.trim().split(',')) {
      const [from, to] = part.split('-').map(Number);
      if (from === undefined || Number.isNaN(from)) continue;
      count += to === undefined || Number.isNaN(to) ? 1 : to - from + 1;
    }
    return count;
  } catch {
    return 1;
  }
}

/** Pins every thread of this process (and the children it spawns later) to `cpu`. */
export function pinSelf(cpu: number): void {
  // `taskset -a` walks the process's threads; one that exits meanwhile makes it fail: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('taskset', ['-a', '-pc', String(cpu), String(process.pid)], { stdio: 'ignore' });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** utime + stime of a live process in milliseconds, from /proc/<pid>/stat (null when unreadable). */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface BenchServer {
  process: ChildProcess;
  pid: number;
  baseUrl: string;
  wsUrl: string;
  pinned: boolean;
  output: () => string;
  stop: () => Promise<void>;
}

const BENCH_SOCKET_LIMITS = {
  MAX_CONNECTIONS_PER_USER: '100000',
  MAX_UNAUTHENTICATED_SOCKETS: '100000',
  MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '100000',
};

/**
 * `node <entry>` as a child process (through `taskset -c SERVER_CPU` when it can), ready
 * once /healthz answers. `taskset` execs node, so the pid is the server's own.
 */
export async function startBenchServer(
  dataDir: string,
  entry: Entry,
  env: Record<string, string>,
  options: { ipc?: boolean; nodeArgs?: string[] } = {},
): Promise<BenchServer> {
  const port = await freePort();
  const pinned = canPin();
  const node = [process.execPath, ...(options.nodeArgs ?? []), ENTRY[entry]];
  const command = pinned ? 'taskset' : process.execPath;
  const args = pinned ? ['-c', String(SERVER_CPU), ...node] : node.slice(1);
  const child = spawn(command, args, {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SERVE_CLIENT: 'false',
      // The bench drives hundreds of editors as one person from one address, opening their
      // sockets in bursts: the per-person and per-address caps meant for people are raised.
      // Every other limit (admission, rates, buffers) stays at its default.
      ...(entry === 'baseline' ? {} : BENCH_SOCKET_LIMITS),
      ...env,
    },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(child, baseUrl, () => output).catch(async (error: unknown) => {
    await exited;
    throw error;
  });
  return { process: child, pid: child.pid!, baseUrl, wsUrl: `ws://127.0.0.1:${port}/collab`, pinned, output: () => output, stop };
}

/** Whole-machine CPU time from /proc/stat in ms: busy (all CPUs, steal excluded) and steal (taken by the hypervisor). */
export function machineCpuMs(): { busy: number; steal: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
    return { busy: (busy * 1000) / CLOCK_TICKS, steal: ((steal ?? 0) * 1000) / CLOCK_TICKS };
  } catch {
    return null;
  }
}
