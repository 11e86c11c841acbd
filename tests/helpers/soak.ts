import { setTimeout as sleep } from 'node:timers/promises';
import { createStatement, joinOrg, signUp, signUpUser, type Person } from './api.ts';
import { freePort } from './child-server.ts';
import { RestartableServer } from './restartable-server.ts';
import { seededRandom, type Random } from './seeded-random.ts';
import { makeDataDir } from './test-server.ts';
import { convergence, WireEditor } from './wire-editor.ts';

export interface KillSoakOptions {
  kills: number;
  seed: number;
  /** Progress lines (every `reportEvery` kills). */
  log?: (line: string) => void;
  reportEvery?: number;
}

export interface KillSoakResult {
  seed: number;
  kills: number;
  /** Kills after which the editors reconnected / died with the server (a fresh client then read storage). */
  reconnectCycles: number;
  clientsDiedCycles: number;
  /** Tokens typed, and those the server acknowledged (precisely: an answered frame carried them). */
  typed: number;
  acknowledged: number;
  /** Acknowledged tokens missing from a fresh client's text (at any check). */
  lost: string[];
  /** Checks of storage by a fresh client after clients died, and the final one. */
  storageChecks: number;
  /** Replicas (live editors and a fresh reader) that did not converge at the end. */
  divergent: number;
  replicas: number;
  /** Tokens the provider's own counter called saved (unsyncedChanges reached 0 after them) that a fresh client lacked at the end. */
  lostByProviderCount: number;
  /** Server starts: ms from 'serve' to a healthy /healthz. */
  startMs: { p50: number; p95: number; max: number };
  closeCodes: Record<string, number>;
  unexpectedAcks: number;
  durationMs: number;
}

/** Editor processes of one "browser tab": the editor and what the provider told it. */
interface Tab {
  editor: WireEditor;
  typed: string[];
  /** Tokens typed before a moment the provider's unsyncedChanges reached 0. */
  providerSaved: Set<string>;
  typing: Promise<void>;
  stop: boolean;
}

/**
 * The kill soak: 2–3 real providers type unique tokens into one statement while the server
 * child process is SIGKILLed `kills` times at random moments and restarted on the same
 * DATA_DIR and port. After each kill, with probability 1/2 the editors die too (they are
 * destroyed before the server is back, and a fresh client checks that storage holds every
 * acknowledged token); otherwise they reconnect and carry on typing, offline edits included.
 * At the end every acknowledged token must be in a fresh client's text, and the live editors
 * and the fresh client must converge to one state. Same code for the suite and `npm run soak`.
 */
export async function runKillSoak(options: KillSoakOptions): Promise<KillSoakResult> {
  const startedAt = performance.now();
  const random = seededRandom(options.seed);
  const log = options.log ?? (() => {});
  const server = new RestartableServer(makeDataDir(), await freePort(), { COMPACT_AFTER_UPDATES: '200' });
  const allTabs: Tab[] = [];
  let tabs: Tab[] = [];
  const lost = new Set<string>();
  let storageChecks = 0;
  let reconnectCycles = 0;
  let clientsDiedCycles = 0;
  let sequence = 0;
  try {
    await server.start();
    const lead = await signUp(server.baseUrl, 'Soak Lead', 'Soak Coalition');
    const { id } = await createStatement(server.baseUrl, { title: 'Kill soak', markdown: 'Opening words of the soak.' }, lead);
    const people: Pick<Person, 'cookie'>[] = [];
    for (let i = 0; i < 3; i++) {
      const person = await signUpUser(server.baseUrl, `Soak Editor ${i}`);
      await joinOrg(server.baseUrl, lead, lead.orgId, person, 'editor');
      people.push(person);
    }

    const openTabs = (count: number): Tab[] =>
      people.slice(0, count).map((as, n) => {
        const tab: Tab = { editor: new WireEditor(server, id, { as }), typed: [], providerSaved: new Set(), typing: Promise.resolve(), stop: false };
        tab.editor.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
          if (number === 0) for (const token of tab.typed) tab.providerSaved.add(token);
        });
        // Each tab types from its own stream, so the kill schedule replays exactly from the seed.
        const typingRandom = seededRandom((options.seed + 0x9e3779b9 * (allTabs.length + 1)) >>> 0);
        tab.typing = typeUntilStopped(tab, typingRandom, () => `s${options.seed.toString(36)}t${(sequence++).toString(36)}e${n}`);
        allTabs.push(tab);
        return tab;
      });
    const closeTabs = async (closing: Tab[]) => {
      for (const tab of closing) tab.stop = true;
      await Promise.all(closing.map((tab) => tab.typing));
      for (const tab of closing) tab.editor.destroy();
    };
    const acknowledgedTokens = () => allTabs.flatMap((tab) => tab.editor.tap.acknowledgedTokens);
    const checkStorage = async (what: string) => {
      const reader = await WireEditor.connect(server, id);
      try {
        const words = reader.words();
        const missing = acknowledgedTokens().filter((token) => !words.has(token));
        storageChecks++;
        if (missing.length > 0) log(`LOST after ${what}: ${missing.slice(0, 10).join(' ')}${missing.length > 10 ? ' …' : ''} (${missing.length})`);
        for (const token of missing) lost.add(token);
      } finally {
        reader.destroy();
      }
    };

    tabs = openTabs(random.int(2, 3));
    for (let kill = 1; kill <= options.kills; kill++) {
      // A random moment: often while the editors are still reconnecting and replaying, else mid-typing.
      await sleep(random.chance(0.35) ? random.int(0, 120) : random.int(120, 450));
      if (process.env.SOAK_DEBUG) {
        log(
          `kill ${kill}: ${tabs.map((t) => `typed=${t.typed.length} acked=${t.editor.tap.acknowledgedTokens.length} out=${t.editor.tap.outstandingFrames} refused=${t.editor.tap.refusedAcks} unsynced=${t.editor.provider.unsyncedChanges} ${t.editor.socket.status}`).join(' | ')}`,
        );
      }
      await server.kill();
      const clientsDie = random.chance(0.5);
      if (clientsDie) {
        await closeTabs(tabs);
        tabs = [];
      }
      await server.start();
      if (clientsDie) {
        clientsDiedCycles++;
        await checkStorage(`kill ${kill}`);
        tabs = openTabs(random.int(2, 3));
      } else reconnectCycles++;
      if (options.reportEvery && kill % options.reportEvery === 0) {
        log(
          `kill soak: ${kill}/${options.kills} kills, ${acknowledgedTokens().length} acknowledged, ${lost.size} lost, ${Math.round((performance.now() - startedAt) / 1000)} s`,
        );
      }
    }

    // Quiet down: the live editors finish sending, then everyone must agree.
    for (const tab of tabs) tab.stop = true;
    await Promise.all(tabs.map((tab) => tab.typing));
    await Promise.all(tabs.map((tab) => tab.editor.settled(30_000).catch(() => {})));
    const reader = await WireEditor.connect(server, id);
    const replicas = [...tabs.map((tab) => tab.editor.doc), reader.doc];
    const divergent = await convergence(replicas);
    const words = reader.words();
    storageChecks++;
    const acknowledged = acknowledgedTokens();
    for (const token of acknowledged) if (!words.has(token)) lost.add(token);
    const lostByProviderCount = allTabs.reduce((n, tab) => n + [...tab.providerSaved].filter((token) => !words.has(token)).length, 0);
    reader.destroy();

    const closeCodes: Record<string, number> = {};
    for (const tab of allTabs)
      for (const close of tab.editor.tap.closes) closeCodes[`${close.via}:${close.code}`] = (closeCodes[`${close.via}:${close.code}`] ?? 0) + 1;
    const starts = [...server.startTimesMs].sort((a, b) => a - b);
    return {
      seed: options.seed,
      kills: options.kills,
      reconnectCycles,
      clientsDiedCycles,
      typed: allTabs.reduce((n, tab) => n + tab.typed.length, 0),
      acknowledged: acknowledged.length,
      lost: [...lost],
      storageChecks,
      divergent,
      replicas: replicas.length,
      lostByProviderCount,
      startMs: { p50: quantile(starts, 0.5), p95: quantile(starts, 0.95), max: starts[starts.length - 1] ?? 0 },
      closeCodes,
      unexpectedAcks: allTabs.reduce((n, tab) => n + tab.editor.tap.unexpectedAcks, 0),
      durationMs: performance.now() - startedAt,
    };
  } finally {
    for (const tab of tabs) tab.stop = true;
    for (const tab of tabs) tab.editor.destroy();
    await server.close();
  }
}

/** One editor's typing: a unique token every few milliseconds, whether or not the server is up. */
async function typeUntilStopped(tab: Tab, random: Random, nextToken: () => string): Promise<void> {
  while (!tab.stop) {
    await sleep(random.int(4, 30));
    if (tab.stop) return;
    const token = nextToken();
    tab.editor.typeToken(token, random);
    tab.typed.push(token);
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

/** The result as the lines a test or the npm script prints. */
export function describeKillSoak(result: KillSoakResult): string {
  return [
    `kill soak seed=${result.seed} (replay: SOAK_SEED=${result.seed})`,
    `  kills=${result.kills} (editors reconnected ${result.reconnectCycles}, died with the server ${result.clientsDiedCycles})`,
    `  tokens typed=${result.typed} acknowledged=${result.acknowledged} lost=${result.lost.length} (storage checks by a fresh client: ${result.storageChecks})`,
    `  divergent replicas=${result.divergent} of ${result.replicas}; provider-counted saves lost=${result.lostByProviderCount}; unexpected acks=${result.unexpectedAcks}`,
    `  server start (serve → healthy) p50=${result.startMs.p50} ms p95=${result.startMs.p95} ms max=${result.startMs.max} ms`,
    `  close codes seen by editors: ${JSON.stringify(result.closeCodes)}`,
    `  duration=${(result.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
