/**
 * Other work on the machine during a measurement (these machines are shared): CPU time
 * used by everything but the two servers and the load generator, plus hypervisor steal,
 * in cores. Windows above NOISY_CORES are flagged noisy in the results (not discarded).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { machineCpuMs } from './bench-server.ts';

export const NOISY_CORES = 0.15;

export interface MachineMark {
  at: number;
  busyMs: number;
  stealMs: number;
}

export function markMachine(): MachineMark | null {
  const cpu = machineCpuMs();
  return cpu ? { at: performance.now(), busyMs: cpu.busy, stealMs: cpu.steal } : null;
}

/** Cores used by other work since `mark`, given the CPU ms the bench's own processes used meanwhile. */
export function otherCoresSince(mark: MachineMark | null, ownCpuMs: number): number | null {
  const now = markMachine();
  if (!mark || !now) return null;
  const other = now.busyMs - mark.busyMs - ownCpuMs + (now.stealMs - mark.stealMs);
  return Math.max(0, other) / (now.at - mark.at);
}

/** Waits (at most `maxMs`) until the whole machine has been nearly idle for half a second; returns ms waited. */
export async function waitForQuiet(maxMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const mark = markMachine();
    await sleep(500);
    const cores = otherCoresSince(mark, 0);
    if (cores === null || cores < NOISY_CORES || performance.now() - started > maxMs) return performance.now() - started;
  }
}
