/** The machine a bench ran on, for the JSON result and docs/PERFORMANCE.md. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import { canPin, LOADGEN_CPU, SERVER_CPU } from './bench-server.ts';

export function describeMachine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    commit,
    pinned: canPin(),
    serverCpu: canPin() ? SERVER_CPU : null,
    loadgenCpu: canPin() ? LOADGEN_CPU : null,
  };
}
