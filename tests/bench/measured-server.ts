/**
 * A server under test (Jointly or the baseline) as the bench drives it: started pinned to
 * SERVER_CPU, with --expose-gc and an IPC channel for its own metrics (server-metrics.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import type { MetricsReply, MetricsRequest, ServerSample } from './server-metrics.ts';
import type { ServerKind } from './thin-protocol.ts';

export class MeasuredServer {
  readonly kind: ServerKind;
  readonly server: BenchServer;
  readonly dataDir: string;
  private nextId = 1;
  private readonly waiting = new Map<number, (sample: ServerSample) => void>();

  private constructor(kind: ServerKind, server: BenchServer, dataDir: string) {
    this.kind = kind;
    this.server = server;
    this.dataDir = dataDir;
    server.process.on('message', (message: MetricsReply) => {
      if (message?.type !== 'sample') return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static async start(kind: ServerKind): Promise<MeasuredServer> {
    const dataDir = mkdtempSync(join(tmpdir(), `jointly-bench-${kind}-`));
    const server = await startBenchServer(dataDir, kind, {}, { ipc: true, nodeArgs: ['--expose-gc'] });
    return new MeasuredServer(kind, server, dataDir);
  }

  /** Base URL for the REST API (Jointly) and the websocket address the thin clients and probes use. */
  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /** Jointly: ws://…/collab (document named in every frame); baseline: ws://… (room appended as the path). */
  get wsUrl(): string {
    return this.kind === 'jointly' ? this.server.wsUrl : this.server.baseUrl.replace(/^http/, 'ws');
  }

  /** The server's own CPU, memory, event-loop delay and loaded documents; `reset` restarts the delay histogram. */
  /** `timeoutMs`: a saturated server answers late (its event loop is backlogged); 60 s by default. */
  sample(options: Omit<MetricsRequest, 'type' | 'id'> = {}, timeoutMs = 60_000): Promise<ServerSample> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.kind} server did not answer a metrics request`));
      }, timeoutMs);
      this.waiting.set(id, (sample) => {
        clearTimeout(timer);
        resolve(sample);
      });
      this.server.process.send({ type: 'sample', id, ...options } satisfies MetricsRequest);
    });
  }

  /** Waits until the server holds at most `count` documents; returns ms waited, or null after `timeoutMs`. */
  async documentsDownTo(count: number, timeoutMs: number): Promise<number | null> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if ((await this.sample()).documents <= count) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  /** Waits until the server's copy of `document` holds `client`'s edits up to `clock`; ms waited, or null after `timeoutMs`. */
  async reachesClock(document: string, client: number, clock: number, timeoutMs: number): Promise<number | null> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (((await this.sample({ clockOf: { document, client } })).clock ?? -1) >= clock) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return null;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
