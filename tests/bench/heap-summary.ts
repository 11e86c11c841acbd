/**
 * Compares two V8 heap snapshots (taken with the bench's `heapSnapshot` metrics request):
 * self size and count per constructor name in the second minus the first, largest first.
 *   node tests/bench/heap-summary.ts before.heapsnapshot after.heapsnapshot [N]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function sizesByName(file: string): Map<string, { size: number; count: number }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = data.snapshot.meta.node_types[0];
  const totals = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!]!;
    const name = type === 'object' || type === 'closure' ? `${type}:${data.strings[data.nodes[i + nameAt]!]}` : `(${type})`;
    const entry = totals.get(name) ?? { size: 0, count: 0 };
    entry.size += data.nodes[i + sizeAt]!;
    entry.count++;
    totals.set(name, entry);
  }
  return totals;
}

const [beforeFile, afterFile, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: heap-summary.ts <before> <after> [N]');
const before = sizesByName(beforeFile);
const after = sizesByName(afterFile);
const rows = [...after].map(([name, a]) => {
  const b = before.get(name) ?? { size: 0, count: 0 };
  return { name, size: a.size - b.size, count: a.count - b.count };
});
rows.sort((x, y) => y.size - x.size);
const total = rows.reduce((sum, r) => sum + r.size, 0);
console.log(`total self size difference: ${(total / 1024).toFixed(0)} KiB`);
for (const r of rows.slice(0, Number(topArg ?? 40))) console.log(`${(r.size / 1024).toFixed(1).padStart(9)} KiB ${String(r.count).padStart(7)}  ${r.name}`);
