/**
 * Turns the workloads' raw results into the summary table: per metric, Jointly's and the
 * baseline's median (min–max) across rounds, the ratio of medians, and the issue's target
 * with pass/MISS. Every invalid round or workload is listed as a failure (exit code 1).
 */
import type { ColdLoadResult, LoadTimes } from './workloads/cold-load.ts';
import type { MemoryRound } from './workloads/memory.ts';
import type { ResyncRound } from './workloads/offline-resync.ts';
import type { ReplayResult } from './workloads/trace-replay.ts';
import type { WindowResult } from './workloads/load-windows.ts';
import { NOISY_CORES } from './machine-load.ts';
import { fmt, spread, table, type Spread } from './stats.ts';
import type { ServerKind } from './thin-protocol.ts';

export interface DiveStep {
  editors: number;
  windows: WindowResult[];
}

export interface Results {
  W1?: WindowResult[];
  W2?: WindowResult[];
  W3?: MemoryRound[];
  W4?: ColdLoadResult;
  W5?: ReplayResult[];
  W6?: ResyncRound[];
  dive?: DiveStep[];
}

export interface Row {
  workload: string;
  metric: string;
  jointly: Spread | null;
  baseline: Spread | null;
  /** Jointly ÷ baseline, medians. */
  ratio: number | null;
  target: string;
  /** null: no target for this metric. */
  pass: boolean | null;
  digits: number;
}

export interface Summary {
  valid: boolean;
  failures: string[];
  rows: Row[];
  knee?: { jointly: number | null; baseline: number | null };
}

const one = (value: number | null | undefined): Spread | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : { median: value, min: value, max: value };

function row(
  workload: string,
  metric: string,
  jointly: Spread | null,
  baseline: Spread | null,
  digits = 2,
  target = '',
  check?: (j: number, ratio: number) => boolean,
): Row {
  const ratio = jointly && baseline && baseline.median > 0 ? jointly.median / baseline.median : null;
  const pass = check && jointly ? check(jointly.median, ratio ?? NaN) : null;
  return { workload, metric, jointly, baseline, ratio, target, pass, digits };
}

function bySide<T extends { server: ServerKind }>(items: T[], pick: (item: T) => number | null): [Spread | null, Spread | null] {
  const of = (kind: ServerKind) => {
    const values = items
      .filter((i) => i.server === kind)
      .map(pick)
      .filter((v): v is number => v !== null && Number.isFinite(v));
    return values.length ? spread(values) : null;
  };
  return [of('jointly'), of('baseline')];
}

function windowRows(id: string, windows: WindowResult[], targets: { cpu: number; p99Ratio?: number; p99Under: number }): Row[] {
  const pair = (pick: (w: WindowResult) => number) => bySide(windows, pick);
  return [
    row(id, 'latency p50, ms', ...pair((w) => w.latency.p50)),
    row(
      id,
      'latency p99, ms',
      ...pair((w) => w.latency.p99),
      2,
      `${targets.p99Ratio ? `≤ ${targets.p99Ratio}×, ` : ''}< ${targets.p99Under} ms`,
      (j, r) => j < targets.p99Under && (targets.p99Ratio === undefined || r <= targets.p99Ratio),
    ),
    row(id, 'server CPU s per 1k keystrokes', ...pair((w) => w.cpuSecondsPer1k), 3, `≤ ${targets.cpu}×`, (_j, r) => r <= targets.cpu),
    row(id, 'event-loop delay p99, ms', ...pair((w) => w.eldP99Ms)),
    row(id, 'keystrokes per window', ...pair((w) => w.keystrokes), 0),
    row(id, 'load generator, cores', ...pair((w) => w.generatorCores), 2, '≤ 0.7 (validity)'),
    row(id, 'other work on the machine, cores', ...pair((w) => w.otherCores ?? NaN), 2, `noisy above ${NOISY_CORES}`),
  ];
}

const loadRow = (id: string, metric: string, times: LoadTimes[], name: string, target = '', check?: (j: number, r: number) => boolean) =>
  row(
    id,
    metric,
    one(times.find((t) => t.document === name && t.server === 'jointly')?.p95),
    one(times.find((t) => t.document === name && t.server === 'baseline')?.p95),
    1,
    target,
    check,
  );

/** First editor count whose p99 went over 100 ms (null: none did). */
function kneeOf(steps: DiveStep[], server: ServerKind): number | null {
  for (const step of steps) {
    const window = step.windows.find((w) => w.server === server);
    if (window && window.latency.p99 > 100) return step.editors;
  }
  return null;
}

export function summarize(results: Results): Summary {
  const rows: Row[] = [];
  const failures: string[] = [];
  const fail = (what: string, items: { valid: boolean; problems: string[] }[]) => {
    for (const item of items) if (!item.valid) failures.push(`${what}: ${item.problems.join('; ')}`);
  };
  if (results.W1) {
    rows.push(...windowRows('W1', results.W1, { cpu: 1.5, p99Under: 10 }));
    for (const w of results.W1) fail(`W1 ${w.server} round ${w.round}`, [w]);
  }
  if (results.W2) {
    rows.push(...windowRows('W2', results.W2, { cpu: 0.8, p99Ratio: 1.0, p99Under: 50 }));
    for (const w of results.W2) fail(`W2 ${w.server} round ${w.round}`, [w]);
  }
  if (results.W3) {
    rows.push(row('W3', 'heap per open statement, KiB', ...bySide(results.W3, (r) => r.heapPerStatementKiB), 1, '≤ 1.2×', (_j, r) => r <= 1.2));
    rows.push(row('W3', 'RSS per open statement, KiB', ...bySide(results.W3, (r) => r.rssPerStatementKiB), 1));
    rows.push(
      row('W3', 'all unloaded after last client left, ms', ...bySide(results.W3, (r) => r.unloadMs), 0, '< 5000 ms (baseline keeps them)', (j) => j < 5_000),
    );
    for (const r of results.W3) fail(`W3 ${r.server} round ${r.round}`, [r]);
  }
  if (results.W4) {
    const { loads, concurrentJoins } = results.W4;
    rows.push(loadRow('W4', 'cold load p95, 1 MB statement, ms', loads, '1 MB statement', '< 300 ms', (j) => j < 300));
    rows.push(loadRow('W4', 'cold load p95, trace history, ms', loads, 'automerge-paper history'));
    rows.push(loadRow('W4', '50 concurrent joins p95, ms', concurrentJoins, '50 concurrent joins, 1 MB statement'));
    fail('W4', [results.W4]);
  }
  if (results.W5) {
    const pair = (pick: (r: ReplayResult) => number | null) => bySide(results.W5!, pick);
    rows.push(row('W5', 'latency p50, ms', ...pair((r) => r.latency.p50)));
    rows.push(row('W5', 'latency p99, ms', ...pair((r) => r.latency.p99)));
    rows.push(row('W5', 'server CPU s per 1k edits', ...pair((r) => r.serverCpuMs / r.ops), 3));
    rows.push(row('W5', 'event-loop delay p99, ms', ...pair((r) => r.eldP99Ms)));
    rows.push(row('W5', 'bytes written per edit', ...pair((r) => r.storageBytesPerOp), 0));
    rows.push(row('W5', 'store time after last edit, ms', ...pair((r) => r.storeMs), 0));
    for (const r of results.W5) fail(`W5 ${r.server}`, [r]);
  }
  if (results.W6) {
    rows.push(row('W6', 'server has offline edits, ms', ...bySide(results.W6, (r) => r.serverHasMs), 1));
    rows.push(
      row('W6', 'resync: other editor sees them, ms', ...bySide(results.W6, (r) => r.otherSeesMs), 1, '≤ 1.5×, < 250 ms', (j, r) => j < 250 && r <= 1.5),
    );
    for (const r of results.W6) fail(`W6 ${r.server} round ${r.round}`, [r]);
  }
  let knee: Summary['knee'];
  if (results.dive) {
    for (const step of results.dive) {
      const [j, b] = [step.windows.find((w) => w.server === 'jointly'), step.windows.find((w) => w.server === 'baseline')];
      rows.push(row('dive', `${step.editors} editors: p99, ms`, one(j?.latency.p99), one(b?.latency.p99)));
      rows.push(row('dive', `${step.editors} editors: CPU s per 1k keystrokes`, one(j?.cpuSecondsPer1k), one(b?.cpuSecondsPer1k), 3));
      // Overloaded generators make a step's figures unreliable, but the dive is a diagnostic: it reports them, it does not fail the run.
      for (const w of step.windows) if (!w.valid) failures.push(`dive ${step.editors} ${w.server} (reported, figures unreliable): ${w.problems.join('; ')}`);
    }
    knee = { jointly: kneeOf(results.dive, 'jointly'), baseline: kneeOf(results.dive, 'baseline') };
    const last = results.dive.at(-1)?.editors ?? 0;
    const kneeValue = (k: number | null) => one(k ?? last * 1.5);
    rows.push(
      row(
        'dive',
        `knee (first p99 > 100 ms), editors; none: shown as ${last * 1.5}`,
        kneeValue(knee.jointly),
        kneeValue(knee.baseline),
        0,
        '≥ 1.5×',
        (_j, r) => r >= 1.5,
      ),
    );
  }
  return { valid: failures.filter((f) => !f.startsWith('dive')).length === 0, failures, rows, ...(knee ? { knee } : {}) };
}

const cell = (s: Spread | null, digits: number) =>
  s ? (s.min === s.max ? fmt(s.median, digits) : `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`) : '–';

const HEADER = ['workload', 'metric', 'Jointly median (min–max)', 'baseline median (min–max)', 'ratio', 'target', 'result'];

function cells(summary: Summary): string[][] {
  return summary.rows.map((r) => [
    r.workload,
    r.metric,
    cell(r.jointly, r.digits),
    cell(r.baseline, r.digits),
    r.ratio === null ? '–' : `${fmt(r.ratio)}×`,
    r.target,
    r.pass === null ? '' : r.pass ? 'pass' : 'MISS',
  ]);
}

/** The summary as a Markdown table, for docs/PERFORMANCE.md. */
export function renderMarkdown(summary: Summary): string {
  const line = (values: string[]) => `| ${values.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map((_, i) => (i < 2 ? '---' : '---:'))), ...cells(summary).map(line)].join('\n');
}

export function printReport(summary: Summary): void {
  console.log(`\n${table(HEADER, cells(summary))}\n`);
  if (summary.failures.length) {
    console.log(`Problems (${summary.failures.length}):`);
    for (const failure of summary.failures) console.log(`  - ${failure}`);
  }
  console.log(summary.valid ? 'VALID: every probe converged, no keystroke lost, every statement unloaded.' : 'FAILED: see the problems above.');
}
