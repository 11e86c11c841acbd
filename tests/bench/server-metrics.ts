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
 * compare live memory. Exits when the parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

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
}

export type MetricsRequest = { type: 'sample'; id: number; reset?: boolean; gc?: boolean };
export type MetricsReply = { type: 'sample'; id: number } & ServerSample;

export function answerMetricsRequests(countDocuments: () => number): void {
  if (!process.send) return;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: MetricsRequest) => {
    if (message?.type !== 'sample') return;
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
      documents: countDocuments(),
    };
    if (message.reset) delay.reset();
    process.send!(reply);
  });
  process.on('disconnect', () => process.exit(0));
}
