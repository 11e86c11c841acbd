/** Issue 12's awareness (presence) attacks: another person's entry overwritten, a non-object state, a 2 MB state. */
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { waitFor } from '../../helpers/wait.ts';
import { awarenessFrame, didWhat, kb } from './harness.ts';
import { sharedStatement, type Attack, type Context, type Draft } from './row.ts';

// ---------------------------------------------------------------- 5. awareness

type AwarenessState = Record<string, unknown> | number | string | null | undefined;

/** A statement with a victim showing a caret, a third client watching it, and what the attacker needs. */
async function presenceScene(ctx: Context, draft: Draft) {
  const statementId = await sharedStatement(ctx, 'Presence is shown to everyone on this statement.');
  const victim = await draft.open(statementId, ctx.lead);
  const observer = await draft.open(statementId, ctx.partner);
  const text = victim.textBlocks()[0]!;
  const at = (index: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
  victim.provider.setAwarenessField('cursor', { anchor: at(0), head: at(0) });
  const victimId = victim.doc.clientID;
  const seen = (): AwarenessState => observer.provider.awareness!.getStates().get(victimId) as AwarenessState;
  await waitFor(() => typeof seen() === 'object' && seen() !== null && 'cursor' in (seen() as object), 'the observer to see the victim’s caret', 5_000);
  const clock = () => observer.provider.awareness!.meta.get(victimId)!.clock;
  return { statementId, victimId, seen, clock, at };
}

/** How `now` differs from `original` (both as the third client sees the victim's entry). */
function describeChange(original: AwarenessState, now: AwarenessState): string {
  if (JSON.stringify(now) === JSON.stringify(original)) return 'unchanged';
  if (!now || typeof now !== 'object') return `CHANGED to ${JSON.stringify(now)} (not an object: caret hidden)`;
  const was = original && typeof original === 'object' ? original : {};
  const name = (s: Record<string, unknown>) => (s.user as { name?: string } | undefined)?.name;
  const parts: string[] = [];
  if (name(now) !== name(was)) parts.push(`relabelled "${name(was)}" → "${name(now)}"`);
  if (JSON.stringify(now.cursor) !== JSON.stringify(was.cursor)) parts.push('caret moved');
  return `CHANGED (${parts.join(', ') || 'other fields'})`;
}

export const awarenessRelabel: Attack = {
  id: '5a',
  attack: 'awareness overwrite: a viewer moves and relabels another person’s caret (their client ID, higher clock)',
  run: async (ctx, draft) => {
    const scene = await presenceScene(ctx, draft);
    const original = scene.seen();
    const raw = await draft.raw(scene.statementId, ctx.viewer);
    draft.attackBegins();
    draft.canaryDuring();
    const forged = { user: { name: 'Mallory', color: '#000000' }, cursor: { anchor: scene.at(5), head: scene.at(12) } };
    raw.send(awarenessFrame(raw.documentName, scene.victimId, scene.clock() + 100, JSON.stringify(forged)));
    draft.serverDid = didWhat(await raw.closedWithin(800));
    const now = scene.seen();
    draft.figures.victimEntryChanged = JSON.stringify(now) !== JSON.stringify(original);
    draft.figures.victimEntrySeen = now;
    draft.stored = 'n/a (awareness is not stored)';
    draft.notes.push(`a third client sees the victim's entry ${describeChange(original, now)}`);
  },
};

export const awarenessNonObject: Attack = {
  id: '5b',
  attack: 'awareness overwrite: a viewer sets another person’s entry to a non-object state (42)',
  run: async (ctx, draft) => {
    const scene = await presenceScene(ctx, draft);
    const original = scene.seen();
    const raw = await draft.raw(scene.statementId, ctx.viewer);
    draft.attackBegins();
    draft.canaryDuring();
    raw.send(awarenessFrame(raw.documentName, scene.victimId, scene.clock() + 100, '42'));
    draft.serverDid = didWhat(await raw.closedWithin(800));
    const now = scene.seen();
    draft.figures.victimEntrySeen = now;
    draft.figures.victimEntryChanged = JSON.stringify(now) !== JSON.stringify(original);
    draft.stored = 'n/a (awareness is not stored)';
    draft.notes.push(`a third client sees the victim's entry ${describeChange(original, now)}`);
  },
};

export const awarenessFlood: Attack = {
  id: '5c',
  attack: 'awareness payload: a viewer publishes a 2 MB awareness state',
  run: async (ctx, draft) => {
    const statementId = await sharedStatement(ctx);
    const receiver = await draft.raw(statementId, ctx.lead);
    const raw = await draft.raw(statementId, ctx.viewer);
    await sleep(300);
    const before = receiver.awarenessBytes;
    draft.attackBegins();
    draft.canaryDuring();
    const state = { user: { name: 'x' }, cursor: null, pad: 'x'.repeat(2 * 1024 * 1024) };
    raw.send(awarenessFrame(raw.documentName, 1_000_000 + Math.floor(Math.random() * 1e6), 1, JSON.stringify(state)));
    draft.serverDid = didWhat(await raw.closedWithin(2_000));
    await sleep(500);
    const received = receiver.awarenessBytes - before;
    draft.figures.awarenessBytesReceivedByAnotherClient = received;
    draft.stored = 'n/a (awareness is not stored)';
    draft.notes.push(`another client received ${kb(received)} of awareness frames`);
  },
};
