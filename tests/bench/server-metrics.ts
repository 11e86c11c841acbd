/**
 * Opt-in metrics of a server under test, answered over the IPC channel the bench opens
 * (child side). Loaded only by the bench's own entry points (jointly-server.ts,
 * baseline-server.ts), never by server/main.ts: production exposes nothing new.
 *
 *   parent → { type: 'sample', id, reset?, gc? }
 *   child  → { type: 'sample', id, ...ServerSample }
 *
 * `reset` restarts the event-loop-delay histogram after reading it; `gc` runs a full
 * garbage collection first (the server must run with --expose-gc) so heap and RSS figures
 * compare live memory. `profile: 'start'` starts a V8 CPU profile (500 µs sampling);
 * `profile: <file>` stops it and writes it there (`npm run bench -- --profile`). Exits
 * when the parent goes away.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import * as Y from 'yjs';

export interface ServerSample {
  /** CPU time of the whole process (all threads), user + system, ms. */
  cpuMs: number;
  rss: number;
  heapUsed: number;
  /** Memory held outside the JS heap (ArrayBuffers, SQLite is not included). */
  external: number;
  /** Event-loop delay since the last reset, ms. */
  eldP99Ms: number;
  eldMaxMs: number;
  /** Documents currently loaded in memory. */
  documents: number;
  /** Answer to `clockOf`: the document's state for that client (-1 when the document is not loaded). */
  clock?: number;
}

export type MetricsRequest = {
  type: 'sample';
  id: number;
  reset?: boolean;
  gc?: boolean;
  profile?: 'start' | string;
  /** Write a V8 heap snapshot to this file first (diagnostics; see heap-summary.ts). */
  heapSnapshot?: string;
  /** Ask how far the server's copy of a document has a Yjs client's edits (its state for that client). */
  clockOf?: { document: string; client: number };
};
export type MetricsReply = { type: 'sample'; id: number } & ServerSample;

/** What the bench may read from a server: its number of loaded documents, and one loaded document by name. */
export interface ServerView {
  countDocuments(): number;
  document(name: string): Y.Doc | undefined;
}

export function answerMetricsRequests(view: ServerView): void {
  if (!process.send) return;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  let session: Session | undefined;
  process.on('message', (message: MetricsRequest) => {
    sample(message).catch((error: unknown) => console.error('metrics sample failed:', error));
  });
  async function sample(message: MetricsRequest): Promise<void> {
    if (message?.type !== 'sample') return;
    if (message.profile === 'start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    } else if (message.profile && session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(message.profile, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
    }
    if (message.heapSnapshot) writeHeapSnapshot(message.heapSnapshot);
    if (message.gc && gc) {
      gc();
      gc();
    }
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const reply: MetricsReply = {
      type: 'sample',
      id: message.id,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      eldP99Ms: delay.count ? delay.percentile(99) / 1e6 : 0,
      eldMaxMs: delay.count ? delay.max / 1e6 : 0,
      documents: view.countDocuments(),
    };
    if (message.clockOf) {
      const doc = view.document(message.clockOf.document);
      reply.clock = doc ? Y.getState(doc.store, message.clockOf.client) : -1;
    }
    if (message.reset) delay.reset();
    process.send!(reply);
  }
  process.on('disconnect', () => process.exit(0));
}
