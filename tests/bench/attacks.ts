/**
 * The attacks of issue 12 on a real Jointly server, for the figures of its closing note:
 * for each attack, what the server did (the close code the attacker got, or "accepted"), what
 * it stored for the attacked statement, a canary editor's keystroke acknowledgement latency
 * (p50/p95, on its own statement) during and after the attack, a legitimate keystroke on the
 * attacked statement, and the server's RSS (before → peak → after).
 *
 *   node tests/bench/attacks.ts [--only=1a,5c] [--hold-seconds=65] [--out=artifacts/attacks.json]
 *
 * Each row gets its own server: a child process (tests/helpers/child-server.ts) on 127.0.0.1
 * with its default configuration and a fresh DATA_DIR, so its RSS comes from /proc/<pid>/status,
 * its event loop is not the attacker's, and no row's memory or stall carries into the next. Only helpers that existed before admission (d31c9e0) are
 * used, so the same script runs in a worktree of that commit for the "before" figures.
 * `--hold-seconds`: how long the 25 flooded unauthenticated sockets are watched (the
 * 200-socket rows: a third of it, at least 15 s). Prints a Markdown table; writes JSON.
 * A benchmark, not a test: it asserts nothing. The attacks are in attacks/ (row.ts: what a
 * row holds and how it is measured; update-, presence- and socket-attacks.ts; harness.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStatement, joinOrg, signUp, signUpUser } from '../helpers/api.ts';
import { startChildServer } from '../helpers/child-server.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { typeKeystrokes, type Latencies } from './attacks/harness.ts';
import { runAttack, type Attack, type Context, type Row } from './attacks/row.ts';
import { ATTACKS } from './attacks/scenarios.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = arg('only')?.split(',');
const holdSeconds = Number(arg('hold-seconds') ?? 65);
const out = resolve(arg('out') ?? join(REPO, 'artifacts/attacks.json'));

// The whole run is bounded: a wedged server or client must not hold the machine.
setTimeout(() => {
  console.error('attacks: gave up after 12 minutes');
  process.exit(2);
}, 12 * 60_000).unref();

function git(...args: string[]): string {
  try {
    return execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const ms = (l: Latencies | null) => (l && l.n ? `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)}${l.timeouts ? ` (${l.timeouts} not acked)` : ''}` : '—');
const one = (l: Latencies | null) =>
  l && l.n ? (l.n === 1 ? `${l.p50.toFixed(1)}` : `${l.p50.toFixed(1)} (max ${l.max.toFixed(0)})`) + (l.timeouts ? `, ${l.timeouts} not acked` : '') : '—';
const mb = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '?');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(rows: Row[]): string {
  const header = [
    '#',
    'attack',
    'server did',
    'stored for that statement',
    'canary during, p50 / p95 ms',
    'canary after, p50 / p95 ms',
    'keystroke on attacked statement, ms',
    'server RSS MB, before → peak → after',
    'notes',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    lines.push(
      `| ${[r.id, r.attack, r.serverDid, r.stored, ms(r.canaryDuring), ms(r.canaryAfter), one(r.attacked), `${mb(r.rss.before)} → ${mb(r.rss.peak)} → ${mb(r.rss.after)}`, r.notes.join('; ')].map(cell).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The server child; on a loaded machine it can miss the helper's 15 s health deadline, so it gets three tries. */
async function startServer(dataDir: string): ReturnType<typeof startChildServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startChildServer(dataDir);
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`attacks: the server did not start (${(error as Error).message.split('\n')[0]}); trying again`);
    }
  }
}

/**
 * One attack on a server of its own (a fresh child process and DATA_DIR), so no row's RSS or
 * stall carries over into the next: people, a canary on its own statement, then the attack.
 * Returns the row, or null with the server's output if the server died.
 */
async function attackOnFreshServer(attack: Attack): Promise<{ row: Row; serverOutput: string | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jointly-attacks-'));
  const child = await startServer(dataDir);
  const server = { baseUrl: child.baseUrl, wsUrl: child.wsUrl, pid: child.process.pid!, dataDir };
  let died = false;
  let stopping = false;
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    died = true;
    console.error(`attacks: the server exited (code ${code}, signal ${signal})`);
  });
  let canary: EditorClient | undefined;
  try {
    const lead = await signUp(server.baseUrl, 'Lead', 'Lead Org');
    const partner = await signUp(server.baseUrl, 'Partner', 'Partner Org');
    const viewer = await signUpUser(server.baseUrl, 'Viewer');
    await joinOrg(server.baseUrl, lead, lead.orgId, viewer, 'viewer');
    const canaryPerson = await signUp(server.baseUrl, 'Canary', 'Canary Org');
    const { id: canaryStatement } = await createStatement(server.baseUrl, { markdown: 'Canary text.' }, canaryPerson);
    canary = await EditorClient.connect(server, canaryStatement, canaryPerson);
    await typeKeystrokes(canary, { count: 10 }); // warm up
    const ctx: Context = { server, lead, partner, viewer, canary, holdMs: { long: holdSeconds * 1000, short: Math.max(15, holdSeconds / 3) * 1000 } };
    const row = await runAttack(ctx, attack);
    if (died) row.notes.push('THE SERVER DIED during this row');
    return { row, serverOutput: died ? child.output().slice(-4000) : null };
  } finally {
    canary?.destroy();
    stopping = true;
    child.process.kill('SIGTERM');
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const commit = git('rev-parse', '--short', 'HEAD');
  const changedFiles = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length;
  const rows: Row[] = [];
  const deaths: string[] = [];
  for (const attack of ATTACKS) {
    if (only && !only.some((o) => attack.id === o || attack.id.startsWith(o))) continue;
    console.error(`attacks: ${attack.id} ${attack.attack}…`);
    const { row, serverOutput } = await attackOnFreshServer(attack);
    rows.push(row);
    if (serverOutput) deaths.push(`row ${row.id}:\n${serverOutput}`);
    console.error(
      `  → ${row.serverDid}; canary ${ms(row.canaryDuring)}; attacked ${one(row.attacked)}; RSS ${mb(row.rss.before)} → ${mb(row.rss.peak)} MB (${(row.durationMs / 1000).toFixed(1)} s)`,
    );
  }
  const meta = {
    commit,
    trackedFilesChanged: changedFiles,
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    holdSeconds,
  };
  console.log(
    `\nJointly ${commit}${changedFiles ? ` + ${changedFiles} changed tracked files (working tree)` : ''}, node ${meta.node}, ${meta.cores} cores, load average ${meta.loadAverage.join(' ')}; every row on a fresh server\n`,
  );
  console.log(markdownTable(rows));
  for (const death of deaths) console.log(`\nThe server died in ${death}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

await main();
// Providers and timers of destroyed clients must not keep the process alive.
process.exit(0);
