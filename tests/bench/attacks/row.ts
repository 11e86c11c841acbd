/**
 * One row of tests/bench/attacks.ts: what an attack fills in (Draft), and the runner that
 * measures around it (server RSS, the canary during and after) and cleans up its clients.
 * Each attack sets up a fresh statement, attacks it with raw frames (the attacker holds a
 * valid token: a partner editor or a viewer), and records what the server did, what it stored,
 * and a legitimate keystroke on the attacked statement.
 */
import * as Y from 'yjs';
import { api, createStatement, type Person } from '../../helpers/api.ts';
import { EditorClient } from '../../helpers/editor-client.ts';
import { updateFrame } from '../../helpers/raw-client.ts';
import { didWhat, Raw, RssWatch, storedDelta, storedRows, typeKeystrokes, type Latencies, type RssFigures, type Target } from './harness.ts';

export interface Row {
  id: string;
  attack: string;
  serverDid: string;
  stored: string;
  canaryDuring: Latencies | null;
  canaryAfter: Latencies | null;
  /** Keystrokes of a legitimate editor on the attacked statement, after the attack. */
  attacked: Latencies | null;
  rss: RssFigures;
  notes: string[];
  /** Figures a note is made of, for the JSON. */
  figures: Record<string, unknown>;
  durationMs: number;
  error?: string;
}

export interface Context {
  server: Target;
  lead: Person;
  partner: Person;
  viewer: Pick<Person, 'cookie'>;
  canary: EditorClient;
  /** How long flooded unauthenticated sockets are watched, ms: the 25-socket row, the 200-socket rows. */
  holdMs: { long: number; short: number };
}

/** What an attack fills in; the runner measures RSS, the canary after, and cleans up. */
export interface Draft {
  serverDid: string;
  stored: string;
  attacked: Latencies | null;
  notes: string[];
  figures: Record<string, unknown>;
  /** The attack is about to land: RSS "before" is read now (by default at the start of the row). */
  attackBegins(): void;
  /** Starts the canary's keystrokes (30, one every 50 ms, or for `forMs`) as the attack lands. */
  canaryDuring(options?: { count?: number; forMs?: number }): void;
  open(statementId: string, as: Pick<Person, 'cookie'>): Promise<EditorClient>;
  raw(statementId: string, as: Pick<Person, 'cookie'>): Promise<Raw>;
}

export type Attack = { id: string; attack: string; run: (ctx: Context, draft: Draft) => Promise<void> };

export async function runAttack(ctx: Context, { id, attack, run }: Attack): Promise<Row> {
  const started = performance.now();
  const editors: EditorClient[] = [];
  const raws: Raw[] = [];
  let during: Promise<Latencies> | null = null;
  let rss = new RssWatch(ctx.server.pid);
  let rssRestarted = false;
  const draft: Draft = {
    serverDid: '',
    stored: '',
    attacked: null,
    notes: [],
    figures: {},
    attackBegins: () => {
      if (rssRestarted) return;
      rssRestarted = true;
      rss.stop();
      rss = new RssWatch(ctx.server.pid);
    },
    canaryDuring: (options = { count: 30 }) => {
      during ??= typeKeystrokes(ctx.canary, options);
    },
    open: async (statementId, as) => {
      const editor = new EditorClient(ctx.server, statementId, as);
      editors.push(editor);
      await editor.synced();
      return editor;
    },
    raw: async (statementId, as) => {
      const raw = await Raw.open(ctx.server, statementId, as);
      raws.push(raw);
      return raw;
    },
  };
  let error: string | undefined;
  try {
    await run(ctx, draft);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const canaryDuring = during ? await during : null;
  for (const raw of raws) raw.terminate();
  for (const editor of editors) editor.destroy();
  const canaryAfter = await typeKeystrokes(ctx.canary, { count: 15 });
  return {
    id,
    attack,
    serverDid: error ? `script error: ${error}` : draft.serverDid,
    stored: draft.stored,
    canaryDuring,
    canaryAfter,
    attacked: draft.attacked,
    rss: rss.stop(),
    notes: draft.notes,
    figures: draft.figures,
    durationMs: performance.now() - started,
    ...(error ? { error } : {}),
  };
}

export const token = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

/** A statement led by `lead` with `partner`'s organization taking part (the attacker is a partner editor). */
export async function sharedStatement(ctx: Context, markdown = 'The agreed text.'): Promise<string> {
  const { id } = await createStatement(ctx.server.baseUrl, { markdown }, ctx.lead);
  const added = await api(ctx.server.baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: ctx.partner.orgId, required: true }, { as: ctx.lead });
  if (added.status !== 200) throw new Error(`adding the partner answered ${added.status}`);
  return id;
}

/** What an attacker crafting on a copy of `source` adds with `edit`, under the copy's own fresh client ID. */
export function craft(source: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  const base = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, base);
}

/** Sends `update` as `as` on a fresh raw socket; fills serverDid and stored. */
export async function sendHostile(
  ctx: Context,
  draft: Draft,
  statementId: string,
  as: Pick<Person, 'cookie'>,
  update: Uint8Array,
  waitMs = 1_500,
): Promise<Raw> {
  const before = storedRows(ctx.server.dataDir, statementId);
  draft.figures.storedBefore = before;
  const raw = await draft.raw(statementId, as);
  draft.attackBegins();
  draft.canaryDuring();
  raw.send(updateFrame(raw.documentName, update));
  draft.serverDid = didWhat(await raw.closedWithin(waitMs));
  draft.stored = storedDelta(before, storedRows(ctx.server.dataDir, statementId));
  return raw;
}

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');
