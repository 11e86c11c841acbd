import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** axe-core's browser build, injected into the page under test (never fetched from the network). */
const AXE_SCRIPT = 'node_modules/axe-core/axe.min.js';
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** CSS selectors of the offending nodes (first few), with axe's explanation. */
  targets: string[];
}

export interface AxeReport {
  violations: AxeViolation[];
  /** Violations with impact serious or critical: the ones a page must not have. */
  blocking: AxeViolation[];
  passes: number;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules plus best practices) on the page as it is now.
 * axe is evaluated through the devtools protocol, which the page's CSP does not govern, so
 * the app's real policy stays in force for everything else the test does.
 */
export async function runAxe(page: Page): Promise<AxeReport> {
  axeSource ??= readFileSync(AXE_SCRIPT, 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeRawResult> } }).axe;
    const raw = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return {
      passes: raw.passes.length,
      violations: raw.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.any[0]?.message ? ` (${n.any[0].message})` : ''}`),
      })),
    };
  });
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { violations: result.violations, blocking, passes: result.passes };
}

interface AxeRawResult {
  passes: unknown[];
  violations: { id: string; impact: AxeViolation['impact']; help: string; nodes: { target: string[]; any: { message?: string }[] }[] }[];
}

/** One line per violation, for the test's output and its failure message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help} — ${v.targets.join(', ')}`).join('\n');
}

/** axe on the page as it is now: nothing serious or critical (everything found is logged with `what`). */
export async function expectNoBlockingViolations(page: Page, what: string): Promise<void> {
  const report = await runAxe(page);
  console.log(`${what}: violations ${report.violations.length} (serious/critical ${report.blocking.length}), passes ${report.passes}`);
  if (report.violations.length > 0) console.log(describeViolations(report.violations));
  expect(report.blocking, describeViolations(report.blocking)).toEqual([]);
}
