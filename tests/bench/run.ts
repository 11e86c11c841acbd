/**
 * The benchmark suite (`npm run bench [-- --quick] [-- --dive]`): Jointly against the
 * y-websocket reference server, side by side on the same machine. See docs/PERFORMANCE.md.
 *
 * Both servers run as child processes pinned to SERVER_CPU; the thin load generator and
 * the probes (this process) keep to LOADGEN_CPU. Prints a table and writes
 * artifacts/bench.json; exits 1 when any workload failed (a keystroke lost, probes not
 * converged, a statement not unloaded, the generator overloaded).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canPin, LOADGEN_CPU, pinSelf } from './bench-server.ts';
import { createStatements, signUpLead, type BenchContext } from './bench-context.ts';
import { LoadDriver } from './load-driver.ts';
import { MeasuredServer } from './measured-server.ts';
import { describeMachine } from './machine.ts';
import { printReport, summarize } from './report.ts';
import { round2 } from './stats.ts';
import { runLoadWorkload } from './workloads/load-windows.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const DIVE = args.includes('--dive');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (id: string) => !only || only.includes(id);
const ROUNDS = QUICK ? 1 : 3;
const WINDOW_MS = QUICK ? 2_000 : 5_000;

async function main(): Promise<number> {
  const startedAt = Date.now();
  if (canPin()) pinSelf(LOADGEN_CPU);
  const jointly = await MeasuredServer.start('jointly');
  const baseline = await MeasuredServer.start('baseline');
  const load = new LoadDriver();
  const context: BenchContext = { jointly, baseline, load, lead: await signUpLead(jointly), quick: QUICK };
  const results: Record<string, unknown> = {};
  try {
    if (wants('W1')) {
      console.log('W1: 200 editors over 50 statements, 2 keystrokes/s each, with awareness');
      results.W1 = await runLoadWorkload(context, {
        id: 'W1',
        statementIds: await createStatements(context, 50),
        thinPerStatement: 4,
        probeStatements: 5,
        probesPerStatement: 2,
        keystrokesPerSecond: 2,
        probeKeystrokesPerSecond: 4,
        awareness: true,
        windowMs: WINDOW_MS,
        rounds: ROUNDS,
      });
    }
    if (wants('W2')) {
      console.log('W2: one hot statement, 100 thin editors + 5 probes, 2 keystrokes/s each');
      results.W2 = await runLoadWorkload(context, {
        id: 'W2',
        statementIds: await createStatements(context, 1),
        thinPerStatement: 100,
        probeStatements: 1,
        probesPerStatement: 5,
        keystrokesPerSecond: 2,
        probeKeystrokesPerSecond: 3,
        awareness: false,
        windowMs: WINDOW_MS,
        rounds: ROUNDS,
      });
    }
  } finally {
    load.stop();
    await jointly.stop();
    await baseline.stop();
  }
  const summary = summarize(results);
  printReport(summary);
  const out = fileURLToPath(new URL('../../artifacts/bench.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('../../artifacts/', import.meta.url)), { recursive: true });
  const durationSeconds = round2((Date.now() - startedAt) / 1000);
  writeFileSync(out, `${JSON.stringify({ benchmark: 'jointly-vs-y-websocket', at: new Date().toISOString(), durationSeconds, quick: QUICK, dive: DIVE, machine: describeMachine(), summary, results }, null, 2)}\n`);
  console.log(`\nwrote ${out} (${durationSeconds} s)`);
  return summary.valid ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
}
process.exit(exitCode);
