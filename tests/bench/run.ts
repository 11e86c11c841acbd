/**
 * The benchmark suite: Jointly against the y-websocket reference server, side by side on
 * the same machine (docs/PERFORMANCE.md has the latest table and how to read it).
 *
 *   npm run bench                       W1–W6, about 2.5 minutes on 2 cores
 *   npm run bench -- --quick            smoke run: 1 round, short windows, fewer repeats
 *   npm run bench -- --dive             only the W2 ramp (50/100/200/300 editors) and its knee
 *   npm run bench -- --only=W2,W6       some workloads
 *   npm run bench -- --profile          also CPU-profile the server in each window (artifacts/profiles/;
 *                                       summarize with tests/bench/profile-summary.ts; slows the server down)
 *
 * Both servers run as child processes pinned to SERVER_CPU; the thin load generator (a
 * child) and the probes (this process) keep to LOADGEN_CPU. Prints a table and writes
 * artifacts/bench.json; exits 1 when a workload failed (a keystroke lost, probes not
 * converged, a statement not unloaded, the load generator over 0.7 of a core).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canPin, LOADGEN_CPU, pinSelf } from './bench-server.ts';
import { createStatements, signUpLead, type BenchContext } from './bench-context.ts';
import { LoadDriver } from './load-driver.ts';
import { describeMachine } from './machine.ts';
import { MeasuredServer } from './measured-server.ts';
import { printReport, renderMarkdown, summarize, type DiveStep, type Results } from './report.ts';
import { round2 } from './stats.ts';
import { runColdLoadWorkload } from './workloads/cold-load.ts';
import { runLoadWorkload, type LoadWorkload } from './workloads/load-windows.ts';
import { runMemoryWorkload } from './workloads/memory.ts';
import { runOfflineResyncWorkload } from './workloads/offline-resync.ts';
import { runTraceReplayWorkload } from './workloads/trace-replay.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const DIVE = args.includes('--dive');
const PROFILE_DIR = args.includes('--profile') ? fileURLToPath(new URL('../../artifacts/profiles/', import.meta.url)) : undefined;
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (id: string) => !DIVE && (!only || only.includes(id));
const ROUNDS = QUICK ? 1 : 3;
const WINDOW_MS = QUICK ? 2_000 : 5_000;
const DIVE_EDITORS = [50, 100, 200, 300];

/** W2's shape, for `editors` thin editors on one new statement. */
async function hotStatement(context: BenchContext, id: string, editors: number, rounds: number): Promise<LoadWorkload> {
  return {
    id,
    statementIds: await createStatements(context, 1),
    thinPerStatement: editors,
    probeStatements: 1,
    probesPerStatement: 5,
    keystrokesPerSecond: 2,
    probeKeystrokesPerSecond: 3,
    awareness: false,
    windowMs: WINDOW_MS,
    rounds,
  };
}

async function runWorkloads(context: BenchContext): Promise<Results> {
  const results: Results = {};
  if (wants('W1')) {
    console.log('W1: 200 thin editors over 50 statements, 2 keystrokes/s each with a caret awareness update, + 2 probes on 5 of them');
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
    console.log('W2: one hot statement, 100 thin editors at 2 keystrokes/s + 5 probes');
    results.W2 = await runLoadWorkload(context, await hotStatement(context, 'W2', 100, ROUNDS));
  }
  if (wants('W3')) {
    console.log('W3: 500 mostly idle clients over 250 small statements, then all leave');
    results.W3 = await runMemoryWorkload(context, await createStatements(context, 250), 2, ROUNDS);
  }
  if (wants('W4')) {
    console.log('W4: cold loads of a 1 MB statement and of the automerge-paper history; 50 concurrent joins');
    results.W4 = await runColdLoadWorkload(context, QUICK ? 3 : 15);
  }
  if (wants('W5')) {
    console.log('W5: the automerge-paper trace typed through a provider at 2,000 edits/s, 2 observers');
    results.W5 = await runTraceReplayWorkload(context, QUICK ? 2_000 : 10_000);
  }
  if (wants('W6')) {
    console.log('W6: 2,000 edits made offline, then reconnect');
    results.W6 = await runOfflineResyncWorkload(context, ROUNDS);
  }
  if (DIVE) {
    const dive: DiveStep[] = [];
    for (const editors of DIVE_EDITORS) {
      console.log(`dive: one hot statement, ${editors} thin editors + 5 probes`);
      let windows = await runLoadWorkload(context, await hotStatement(context, `dive${editors}`, editors, 1));
      // One window per server per step, so a step disturbed by other work on the machine is
      // run once more (on a new statement), and the less disturbed attempt is kept.
      const disturbance = (ws: typeof windows) => ws.reduce((sum, w) => sum + (w.otherCores ?? 0), 0);
      if (windows.some((w) => w.noisy)) {
        console.log('  (noisy: running this step once more)');
        const again = await runLoadWorkload(context, await hotStatement(context, `dive${editors}b`, editors, 1));
        if (disturbance(again) < disturbance(windows)) windows = again;
      }
      dive.push({ editors, windows });
    }
    results.dive = dive;
  }
  return results;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  if (canPin()) pinSelf(LOADGEN_CPU);
  const jointly = await MeasuredServer.start('jointly');
  const baseline = await MeasuredServer.start('baseline');
  const load = new LoadDriver();
  let results: Results;
  let serverLogs: Record<string, string>;
  try {
    const context: BenchContext = {
      jointly,
      baseline,
      load,
      lead: await signUpLead(jointly),
      quick: QUICK,
      ...(PROFILE_DIR ? { profileDir: PROFILE_DIR } : {}),
    };
    if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
    results = await runWorkloads(context);
  } finally {
    load.stop();
    await jointly.stop();
    await baseline.stop();
    serverLogs = { jointly: jointly.server.output().slice(-20_000), baseline: baseline.server.output().slice(-20_000) };
  }
  for (const [kind, log] of Object.entries(serverLogs)) {
    const lines = log.split('\n').filter((l) => /warn|error|closing connection/i.test(l)).length;
    if (lines) console.log(`the ${kind} server logged ${lines} warning/error line(s); see serverLogs in the JSON file`);
  }
  const summary = summarize(results);
  printReport(summary);
  const durationSeconds = round2((Date.now() - startedAt) / 1000);
  const outDir = fileURLToPath(new URL('../../artifacts/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const out = `${outDir}bench.json`;
  const machine = describeMachine();
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'jointly-vs-y-websocket', at: new Date().toISOString(), durationSeconds, quick: QUICK, dive: DIVE, machine, summary, markdown: renderMarkdown(summary), results, serverLogs }, null, 2)}\n`,
  );
  console.log(`\nmachine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, Linux ${machine.kernel}, commit ${machine.commit}`);
  console.log(`wrote ${out} (${durationSeconds} s)`);
  return summary.valid ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
}
process.exit(exitCode);
