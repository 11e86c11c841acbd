/**
 * Turns the workloads' raw results into the summary table: per metric, Jointly's and the
 * baseline's median (min–max) across rounds, the ratio of medians, and the issue's target.
 * A metric whose rounds include an invalid one is still shown, but the run fails.
 */
import type { WindowResult } from './workloads/load-windows.ts';
import { fmt, spread, table, type Spread } from './stats.ts';

export interface Results {
  W1?: WindowResult[];
  W2?: WindowResult[];
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
}

export interface Summary {
  valid: boolean;
  failures: string[];
  rows: Row[];
}

function row(workload: string, metric: string, jointly: Spread | null, baseline: Spread | null, target = '', check?: (j: number, ratio: number) => boolean): Row {
  const ratio = jointly && baseline && baseline.median > 0 ? jointly.median / baseline.median : null;
  const pass = check && jointly ? check(jointly.median, ratio ?? NaN) : null;
  return { workload, metric, jointly, baseline, ratio, target, pass };
}

function windowRows(id: string, windows: WindowResult[], targets: { cpu?: number; p99Ratio?: number; p99Under: number }): Row[] {
  const of = (kind: 'jointly' | 'baseline', pick: (w: WindowResult) => number) => spread(windows.filter((w) => w.server === kind).map(pick));
  const pair = (pick: (w: WindowResult) => number) => [of('jointly', pick), of('baseline', pick)] as const;
  const rows: Row[] = [];
  rows.push(row(id, 'latency p50, ms', ...pair((w) => w.latency.p50)));
  rows.push(
    row(id, 'latency p99, ms', ...pair((w) => w.latency.p99), `${targets.p99Ratio ? `≤ ${targets.p99Ratio}× and ` : ''}< ${targets.p99Under} ms`, (j, r) =>
      j < targets.p99Under && (targets.p99Ratio === undefined || r <= targets.p99Ratio),
    ),
  );
  rows.push(row(id, 'server CPU s / 1k keystrokes', ...pair((w) => w.cpuSecondsPer1k), targets.cpu ? `≤ ${targets.cpu}×` : '', targets.cpu ? (_j, r) => r <= targets.cpu! : undefined));
  rows.push(row(id, 'event-loop delay p99, ms', ...pair((w) => w.eldP99Ms)));
  rows.push(row(id, 'keystrokes / window', ...pair((w) => w.keystrokes)));
  rows.push(row(id, 'load generator, cores', ...pair((w) => w.generatorCores), '≤ 0.7 (validity)'));
  return rows;
}

export function summarize(results: Results): Summary {
  const rows: Row[] = [];
  const failures: string[] = [];
  const windowFailures = (id: string, windows: WindowResult[]) => {
    for (const w of windows) if (!w.valid) failures.push(`${id} ${w.server} round ${w.round}: ${w.problems.join('; ')}`);
  };
  if (results.W1) {
    rows.push(...windowRows('W1', results.W1, { cpu: 1.5, p99Under: 10 }));
    windowFailures('W1', results.W1);
  }
  if (results.W2) {
    rows.push(...windowRows('W2', results.W2, { cpu: 0.8, p99Ratio: 1.0, p99Under: 50 }));
    windowFailures('W2', results.W2);
  }
  return { valid: failures.length === 0, failures, rows };
}

const cell = (s: Spread | null, digits: number) => (s ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : '–');

export function renderTable(summary: Summary): string {
  return table(
    ['workload', 'metric', 'Jointly median (min–max)', 'baseline median (min–max)', 'ratio', 'target', 'result'],
    summary.rows.map((r) => {
      const digits = r.metric.includes('CPU s') ? 3 : r.metric.startsWith('keystrokes') ? 0 : 2;
      return [
        r.workload,
        r.metric,
        cell(r.jointly, digits),
        cell(r.baseline, digits),
        r.ratio === null ? '–' : `${fmt(r.ratio)}×`,
        r.target,
        r.pass === null ? '' : r.pass ? 'pass' : 'MISS',
      ];
    }),
  );
}

export function printReport(summary: Summary): void {
  console.log(`\n${renderTable(summary)}\n`);
  if (summary.failures.length) {
    console.log(`FAILED (${summary.failures.length}):`);
    for (const failure of summary.failures) console.log(`  - ${failure}`);
  } else {
    console.log('All workloads valid: every probe converged, no keystroke lost.');
  }
}
