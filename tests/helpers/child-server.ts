import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ENTRY = {
  /** The production entry point. */
  main: fileURLToPath(new URL('../../server/main.ts', import.meta.url)),
  /** The same server with the stock debounced store (see debounced-main.ts). */
  debounced: fileURLToPath(new URL('./debounced-main.ts', import.meta.url)),
} as const;

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  probe.close();
  await once(probe, 'close');
  return port;
}

export interface ChildServer {
  process: ChildProcess;
  baseUrl: string;
  wsUrl: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node server/main.ts` as a separate process (so it can be SIGKILLed), ready when /healthz answers. */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, entry: keyof typeof ENTRY = 'main'): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY[entry]], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SERVE_CLIENT: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(child, baseUrl, () => output);
  return { process: child, baseUrl, wsUrl: `ws://127.0.0.1:${port}/collab`, output: () => output, exited };
}

/** Polls GET /healthz of a server child process; SIGKILLs it and throws (with its output) if it dies or stays unhealthy for 15 s. */
export async function waitUntilHealthy(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${output()}`);
    }
    await sleep(50);
  }
}
