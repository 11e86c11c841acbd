/**
 * W5: the real editing trace (automerge-paper, trace.ts) typed through a real provider at
 * a fixed rate (OPS_PER_SECOND, in bursts every TICK_MS, one Yjs transaction per edit),
 * with two observer probes on the same statement. Measures each edit's latency until the
 * observers hold it, the server's CPU and event-loop delay, and on Jointly the bytes the
 * server wrote to storage per edit (/proc/<pid>/io write_bytes) and the store time (from
 * the last edit until the server has acknowledged everything). Fails unless the typed
 * text equals the trace's text at that point and every probe converged.
 */
import * as Y from 'yjs';
import { STATEMENT_FRAGMENT } from '../../../shared/schema/extensions.ts';
import { createStatements, currentStateOf, profileWindow, roomOf, type BenchContext } from '../bench-context.ts';
import { LatencyMeter } from '../latency.ts';
import type { MeasuredServer } from '../measured-server.ts';
import { storageBytesWritten } from '../proc-io.ts';
import { connectProbe, converged, type Probe } from '../probes.ts';
import { percentile } from '../stats.ts';
import type { ServerKind } from '../thin-protocol.ts';
import { applyPatches, expectedText, loadTrace } from '../trace.ts';

export const OPS_PER_SECOND = 2_000;
const TICK_MS = 5;

export interface ReplayResult {
  server: ServerKind;
  ops: number;
  replayMs: number;
  latency: { n: number; p50: number; p99: number; max: number };
  serverCpuMs: number;
  eldP99Ms: number;
  /** Jointly only. */
  storageBytesPerOp: number | null;
  storeMs: number | null;
  valid: boolean;
  problems: string[];
}

/** A new empty paragraph at the end of the statement, where the trace is typed. */
function addTraceParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(STATEMENT_FRAGMENT).push([paragraph]);
  return text;
}

async function replayOn(context: BenchContext, server: MeasuredServer, statementId: string, ops: number, seed: Uint8Array): Promise<ReplayResult> {
  const trace = loadTrace();
  const problems: string[] = [];
  const target = { statementId, room: roomOf(statementId, 'W5'), as: { cookie: context.lead.cookie }, seed };
  const writer = await connectProbe(server, target);
  const text = addTraceParagraph(writer.doc);
  const observers: Probe[] = [];
  for (let i = 0; i < 2; i++) observers.push(await connectProbe(server, target));
  await converged([writer, ...observers], 10_000);
  const meter = new LatencyMeter([writer, ...observers].map((p) => p.doc));
  const stopProfile = await profileWindow(context, server, 'W5');
  const before = await server.sample({ reset: true });
  const bytesBefore = storageBytesWritten(server.server.pid);
  const started = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(ops, Math.floor(((performance.now() - started) / 1000) * OPS_PER_SECOND));
      for (; next < due; next++) {
        writer.doc.transact(() => applyPatches(text, trace.txns[next]!.patches));
        meter.sent(writer.doc);
      }
      if (next >= ops) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const replayMs = performance.now() - started;
  let storeMs: number | null = null;
  if (writer.acknowledged) {
    await writer.acknowledged(60_000);
    storeMs = performance.now() - started - replayMs;
  }
  const unseen = await meter.settle(60_000);
  const after = await server.sample({ reset: true });
  await stopProfile();
  const bytesAfter = storageBytesWritten(server.server.pid);
  meter.stop();
  if (unseen) problems.push(`${unseen} edits never reached an observer`);
  if (text.toString() !== expectedText(trace, ops)) problems.push('the replayed text differs from the trace');
  if (!(await converged([writer, ...observers], 10_000))) problems.push('probes did not converge');
  for (const probe of [writer, ...observers]) probe.destroy();
  const samples = meter.samples;
  return {
    server: server.kind,
    ops,
    replayMs,
    latency: { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) },
    serverCpuMs: after.cpuMs - before.cpuMs,
    eldP99Ms: after.eldP99Ms,
    storageBytesPerOp: server.kind === 'jointly' && bytesBefore !== null && bytesAfter !== null ? (bytesAfter - bytesBefore) / ops : null,
    storeMs,
    valid: problems.length === 0,
    problems,
  };
}

export async function runTraceReplayWorkload(context: BenchContext, ops: number): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const [statementId] = await createStatements(context, 1);
  const seed = await currentStateOf(context, statementId!);
  for (const server of [context.jointly, context.baseline]) {
    const result = await replayOn(context, server, statementId!, ops, seed);
    results.push(result);
    console.log(
      `  W5 ${server.kind.padEnd(8)} ${ops} edits in ${(result.replayMs / 1000).toFixed(1)} s: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, ` +
        `CPU ${(result.serverCpuMs / 1000).toFixed(2)} s, loop p99 ${result.eldP99Ms.toFixed(1)} ms` +
        (result.storageBytesPerOp !== null ? `, ${result.storageBytesPerOp.toFixed(0)} bytes written per edit` : '') +
        (result.storeMs !== null ? `, stored ${result.storeMs.toFixed(0)} ms after the last edit` : '') +
        (result.valid ? '' : `  INVALID: ${result.problems.join('; ')}`),
    );
  }
  return results;
}
