/**
 * Typing load in alternating windows (W1 spread, W2 hot statement, the --dive ramp).
 *
 * Thin editors (load generator) type pre-encoded keystrokes at a steady rate on both
 * servers' copies of the same statements; a handful of full probes per statement type
 * too and time how long each keystroke takes to reach the other probes. Windows alternate
 * Jointly, baseline, Jointly, baseline… on the same connections. Each window records the
 * server's CPU per 1,000 keystrokes and event-loop delay, the probes' latency, and the
 * generator's own CPU. A window is invalid when a keystroke is lost (a thin editor missed
 * a peer's keystroke, or a probe's keystroke never reached another probe), when the probes
 * do not converge, or when the generator used more than 0.7 of a core.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { statementDocumentName } from '../../../shared/document-name.ts';
import { collabTokens, generatorCpuMs, profileWindow, roomOf, type BenchContext } from '../bench-context.ts';
import { LatencyMeter } from '../latency.ts';
import type { ThinClientSpec } from '../load-protocol.ts';
import type { MeasuredServer } from '../measured-server.ts';
import { connectProbe, converged, typeOne, type Probe } from '../probes.ts';
import { markMachine, NOISY_CORES, otherCoresSince, waitForQuiet } from '../machine-load.ts';
import { percentile } from '../stats.ts';
import type { ServerKind } from '../thin-protocol.ts';

export const MAX_GENERATOR_CORES = 0.7;

export interface LoadWorkload {
  id: string;
  statementIds: string[];
  thinPerStatement: number;
  /** The first this-many statements get probes. */
  probeStatements: number;
  probesPerStatement: number;
  keystrokesPerSecond: number;
  probeKeystrokesPerSecond: number;
  awareness: boolean;
  windowMs: number;
  rounds: number;
}

export interface WindowResult {
  server: ServerKind;
  round: number;
  windowMs: number;
  keystrokes: number;
  serverCpuMs: number;
  /** Server CPU seconds per 1,000 keystrokes. */
  cpuSecondsPer1k: number;
  eldP99Ms: number;
  latency: { n: number; p50: number; p99: number; max: number };
  generatorCores: number;
  /** The part of generatorCores used by the thin clients' process (the rest: the probes, in the bench's own process). */
  thinCores: number;
  /** Cores used by other work on the machine meanwhile (and steal); above NOISY_CORES the window is flagged noisy. */
  otherCores: number | null;
  noisy: boolean;
  valid: boolean;
  problems: string[];
}

export async function runLoadWorkload(context: BenchContext, workload: LoadWorkload): Promise<WindowResult[]> {
  const { load } = context;
  const servers = [context.jointly, context.baseline];
  const specs = (kind: ServerKind, tokens: string[]): ThinClientSpec[] =>
    workload.statementIds.flatMap((id, s) =>
      Array.from({ length: workload.thinPerStatement }, (_, editor) => ({
        key: id,
        editor,
        documentName: kind === 'jointly' ? statementDocumentName(id) : roomOf(id, workload.id),
        ...(kind === 'jointly' ? { token: tokens[s * workload.thinPerStatement + editor]! } : {}),
      })),
    );
  const tokens = await collabTokens(
    context,
    workload.statementIds.flatMap((id) => Array(workload.thinPerStatement).fill(id) as string[]),
  );
  const probes = new Map<ServerKind, Probe[][]>();
  const results: WindowResult[] = [];
  try {
    for (const server of servers) {
      const opened = await load.request(
        {
          type: 'open',
          group: `${workload.id}:${server.kind}`,
          kind: server.kind,
          wsUrl: server.wsUrl,
          clients: specs(server.kind, tokens),
          seedRooms: server.kind === 'baseline',
          awarenessOnOpen: workload.awareness,
          concurrency: 50,
          willType: true,
        },
        'opened',
      );
      if (opened.failed) throw new Error(`${workload.id}: ${opened.failed} thin clients could not connect to ${server.kind}`);
      const perStatement: Probe[][] = [];
      for (const id of workload.statementIds.slice(0, workload.probeStatements)) {
        perStatement.push(
          await Promise.all(
            Array.from({ length: workload.probesPerStatement }, () =>
              connectProbe(server, { statementId: id, room: roomOf(id, workload.id), as: { cookie: context.lead.cookie } }),
            ),
          ),
        );
      }
      probes.set(server.kind, perStatement);
    }
    for (let round = 1; round <= workload.rounds; round++) {
      for (const server of servers) {
        const result = await runWindow(context, workload, server, probes.get(server.kind)!, round);
        results.push(result);
        console.log(
          `  ${workload.id} ${server.kind.padEnd(8)} round ${round}: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, ` +
            `CPU ${result.cpuSecondsPer1k.toFixed(3)} s/1k keystrokes, loop p99 ${result.eldP99Ms.toFixed(1)} ms, ` +
            `generator ${result.generatorCores.toFixed(2)} core (thin ${result.thinCores.toFixed(2)})${result.noisy ? `, NOISY (other work ${result.otherCores!.toFixed(2)} core)` : ''}` +
            `${result.valid ? '' : `  INVALID: ${result.problems.join('; ')}`}`,
        );
        await sleep(300);
      }
    }
  } finally {
    for (const server of servers) await load.request({ type: 'close', group: `${workload.id}:${server.kind}` }, 'closed').catch(() => {});
    for (const group of probes.values()) for (const probe of group.flat()) probe.destroy();
  }
  return results;
}

/**
 * Waits (at most `maxMs`) until neither server under test is still working off an earlier
 * window (both share SERVER_CPU): below 10 % of a core together over 300 ms.
 */
async function serversIdle(context: BenchContext, maxMs: number): Promise<void> {
  const servers = [context.jointly, context.baseline];
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline) {
    const before = await Promise.all(servers.map((s) => s.sample()));
    const started = performance.now();
    await sleep(300);
    const after = await Promise.all(servers.map((s) => s.sample()));
    const busyMs = after.reduce((sum, s, i) => sum + s.cpuMs - before[i]!.cpuMs, 0);
    if (busyMs / (performance.now() - started) < 0.1) return;
  }
}

async function runWindow(context: BenchContext, workload: LoadWorkload, server: MeasuredServer, probes: Probe[][], round: number): Promise<WindowResult> {
  const group = `${workload.id}:${server.kind}`;
  const meters = probes.map((docs) => new LatencyMeter(docs.map((p) => p.doc)));
  let probeKeystrokes = 0;
  let typing = true;
  const timers = new Set<NodeJS.Timeout>();
  const probeInterval = 1000 / workload.probeKeystrokesPerSecond;
  const schedule = (probe: Probe, meter: LatencyMeter) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!typing) return;
        typeOne(probe.doc);
        meter.sent(probe.doc);
        probeKeystrokes++;
        schedule(probe, meter);
      },
      probeInterval * (0.5 + Math.random()),
    );
    timers.add(timer);
  };

  await serversIdle(context, 30_000);
  await waitForQuiet(5_000);
  const stopProfile = await profileWindow(context, server, `${workload.id}-r${round}`);
  const machineBefore = markMachine();
  const others = await Promise.all([context.jointly, context.baseline].map((s) => s.sample()));
  const before = await server.sample({ reset: true });
  const generatorBefore = generatorCpuMs(context);
  const thinBefore = context.load.cpuMs();
  const startedAt = performance.now();
  context.load.send({ type: 'type', group, keystrokesPerSecond: workload.keystrokesPerSecond, awareness: workload.awareness });
  probes.forEach((docs, i) => docs.forEach((probe) => schedule(probe, meters[i]!)));
  await sleep(workload.windowMs);
  typing = false;
  for (const timer of timers) clearTimeout(timer);
  const stopped = await context.load.request({ type: 'stop', group }, 'stopped');
  if (process.env.BENCH_DEBUG) console.log(`    received so far by the thin clients: ${JSON.stringify(stopped.received)}`);
  const after = await server.sample({ reset: true });
  await stopProfile();
  const elapsed = performance.now() - startedAt;
  const generatorMs = generatorCpuMs(context) - generatorBefore;
  const generatorCores = generatorMs / elapsed;
  const thinCores = (context.load.cpuMs() - thinBefore) / elapsed;
  const othersAfter = await Promise.all([context.jointly, context.baseline].map((s) => s.sample()));
  const serversMs = othersAfter.reduce((sum, s, i) => sum + s.cpuMs - others[i]!.cpuMs, 0);
  const otherCores = otherCoresSince(machineBefore, serversMs + generatorMs);

  const problems: string[] = [];
  const unseen = (await Promise.all(meters.map((m) => m.settle(10_000)))).reduce((a, b) => a + b, 0);
  if (unseen) problems.push(`${unseen} probe keystroke(s) never reached another probe`);
  const verified = await context.load.request({ type: 'verify', group, timeoutMs: 10_000 }, 'verified');
  if (verified.short) problems.push(`${verified.short} thin client(s) missed ${verified.missingUpdates} keystroke(s)`);
  if (verified.closedByServer) problems.push(`${verified.closedByServer} thin client(s) were disconnected by the server`);
  if (stopped.exhausted) problems.push(`${stopped.exhausted} thin editor(s) ran out of pre-encoded keystrokes`);
  for (const docs of probes) if (!(await converged(docs, 10_000))) problems.push('probes did not converge');
  if (generatorCores > MAX_GENERATOR_CORES) problems.push(`load generator used ${generatorCores.toFixed(2)} of a core (> ${MAX_GENERATOR_CORES})`);
  for (const meter of meters) meter.stop();

  const samples = meters.flatMap((m) => m.samples);
  const keystrokes = stopped.keystrokes + probeKeystrokes;
  const serverCpuMs = after.cpuMs - before.cpuMs;
  return {
    server: server.kind,
    round,
    windowMs: elapsed,
    keystrokes,
    serverCpuMs,
    cpuSecondsPer1k: serverCpuMs / keystrokes,
    eldP99Ms: after.eldP99Ms,
    latency: { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) },
    generatorCores,
    thinCores,
    otherCores,
    noisy: (otherCores ?? 0) > NOISY_CORES,
    valid: problems.length === 0,
    problems,
  };
}
