/** Issue 12's update attacks: pending-delete bomb, clock squatting, hidden root type, unknown mark. */
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { waitFor } from '../../helpers/wait.ts';
import { gcSquat, kb, keystroke, latencies, pendingDeleteBomb, storedDelta, storedRows, syncStep1Frame, typeKeystrokes, type StoredRows } from './harness.ts';
import { craft, sendHostile, sharedStatement, token, yesNo, type Attack } from './row.ts';

// ---------------------------------------------------------------- 1. pending-delete bomb

export function bomb(id: string, ranges: number, reload: boolean): Attack {
  const update = pendingDeleteBomb(ranges);
  return {
    id,
    attack: `pending-delete bomb, ${kb(update.byteLength)} (${ranges.toLocaleString('en')} delete ranges of an unknown client)`,
    run: async (ctx, draft) => {
      const statementId = await sharedStatement(ctx, 'Bomb target.');
      const editor = await draft.open(statementId, ctx.lead);
      await keystroke(editor);
      const raw = await sendHostile(ctx, draft, statementId, ctx.partner, update, 6_000);
      draft.attacked = await typeKeystrokes(editor, { count: 10 });
      draft.figures.pendingDsOnEditor = editor.doc.store.pendingDs !== null;
      // Unload: every client of the statement leaves; the canary types meanwhile.
      raw.close();
      editor.destroy();
      const unload = await typeKeystrokes(ctx.canary, { forMs: 8_000 });
      draft.figures.unloadCanary = unload;
      draft.notes.push(`unload (all clients left): canary max ${unload.max.toFixed(0)} ms, ${unload.over100}/${unload.n} keystrokes > 100 ms`);
      if (reload) {
        const started = performance.now();
        const again = await draft.open(statementId, ctx.lead);
        const loadMs = performance.now() - started;
        const after = await typeKeystrokes(again, { count: 5 });
        again.destroy();
        const unloadAgain = await typeKeystrokes(ctx.canary, { forMs: 8_000 });
        draft.figures.reload = { loadMs, keystrokes: after, unloadCanary: unloadAgain };
        draft.notes.push(
          `reloaded: synced in ${loadMs.toFixed(0)} ms, keystrokes p50 ${after.p50.toFixed(0)} ms (max ${after.max.toFixed(0)}); unloaded again: canary max ${unloadAgain.max.toFixed(0)} ms`,
        );
      }
    },
  };
}

// ---------------------------------------------------------------- 2. clock squatting

export const clockSquatOnline: Attack = {
  id: '2a',
  attack: 'clock squatting: one GC struct (10,000 clocks) under an online editor’s client ID, then the victim types',
  run: async (ctx, draft) => {
    const statementId = await sharedStatement(ctx);
    const victim = await draft.open(statementId, ctx.lead);
    victim.appendParagraph('victim writes first');
    await victim.acknowledged();
    const victimId = victim.doc.clientID;
    await sendHostile(ctx, draft, statementId, ctx.partner, gcSquat(victimId, Y.getState(victim.doc.store, victimId), 10_000));
    const text = token('victim writes again');
    draft.attacked = latencies([await keystroke(victim, () => victim.appendParagraph(text))]);
    const fresh = await draft.open(statementId, ctx.lead);
    const reached = fresh.paragraphs().includes(text);
    draft.figures.victimEditReachedFreshClient = reached;
    draft.figures.victimClientIdChanged = victim.doc.clientID !== victimId;
    draft.notes.push(
      `victim's next edit acknowledged: ${yesNo(draft.attacked.timeouts === 0)}; reached a fresh client: ${yesNo(reached)}; victim's Yjs changed its client ID on seeing the squat: ${yesNo(victim.doc.clientID !== victimId)}`,
    );
  },
};

export const clockSquatOffline: Attack = {
  id: '2b',
  attack: 'clock squatting on an offline editor: GC struct at the victim’s clock while it edits offline, then it reconnects',
  run: async (ctx, draft) => {
    const statementId = await sharedStatement(ctx);
    const victim = await draft.open(statementId, ctx.lead);
    victim.appendParagraph('victim writes first');
    await victim.acknowledged();
    const victimId = victim.doc.clientID;
    const clock = Y.getState(victim.doc.store, victimId);
    victim.goOffline();
    await waitFor(() => victim.socket.status === 'disconnected', 'the victim to go offline');
    const text = token('victim writes offline');
    victim.appendParagraph(text);
    await sendHostile(ctx, draft, statementId, ctx.partner, gcSquat(victimId, clock, 10_000));
    const started = performance.now();
    await victim.goOnline();
    let acknowledged = true;
    await victim.acknowledged(10_000).catch(() => (acknowledged = false));
    const ackMs = performance.now() - started;
    draft.attacked = latencies([acknowledged ? ackMs : 15_000]);
    await sleep(300);
    const fresh = await draft.open(statementId, ctx.lead);
    const reached = fresh.paragraphs().includes(text);
    draft.figures.offlineEditReachedFreshClient = reached;
    draft.figures.offlineEditAcknowledged = acknowledged;
    draft.notes.push(
      `offline edit acknowledged after reconnect ("all changes saved"): ${yesNo(acknowledged)} (${ackMs.toFixed(0)} ms, reconnect included); reached a fresh client: ${yesNo(reached)}`,
    );
  },
};

// ---------------------------------------------------------------- 3. hidden root type

export const hiddenRoot: Attack = {
  id: '3',
  attack: 'hidden root type: getMap("hidden") with 200 KB, sent by a partner editor',
  run: async (ctx, draft) => {
    const statementId = await sharedStatement(ctx);
    const editor = await draft.open(statementId, ctx.partner);
    const update = craft(editor.doc, (doc) => doc.getMap('hidden').set('payload', 'x'.repeat(200 * 1024)));
    await sendHostile(ctx, draft, statementId, ctx.partner, update);
    await sleep(300);
    const reader = await draft.raw(statementId, ctx.lead);
    reader.send(syncStep1Frame(reader.documentName));
    await waitFor(() => reader.syncStep2Frames > 0, 'the sync step 2 answer', 5_000);
    await sleep(300);
    const fresh = await draft.open(statementId, ctx.lead);
    const hidden = fresh.doc.share.has('hidden') ? String(fresh.doc.getMap('hidden').get('payload') ?? '').length : 0;
    draft.figures.freshClientSyncStep2Bytes = reader.syncStep2Bytes;
    draft.figures.hiddenPayloadCharsInFreshClient = hidden;
    draft.notes.push(
      `a fresh client receives ${kb(reader.syncStep2Bytes)} (sync step 2); getMap("hidden") there: ${hidden ? `${kb(hidden)} of payload` : 'absent'}`,
    );
    draft.attacked = await typeKeystrokes(fresh, { count: 5 });
  },
};

// ---------------------------------------------------------------- 4. unknown mark

export const unknownMark: Attack = {
  id: '4',
  attack: 'unknown mark: format one character with { evil: {} } in an existing paragraph',
  run: async (ctx, draft) => {
    const text = 'Keep every word of this paragraph.';
    const statementId = await sharedStatement(ctx, text);
    const editor = await draft.open(statementId, ctx.partner);
    const update = craft(editor.doc, (doc) => {
      const paragraph = doc.getXmlFragment('default').get(1) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).format(0, 1, { evil: {} });
    });
    await sendHostile(ctx, draft, statementId, ctx.partner, update);
    await sleep(800); // the content hash is recomputed 250 ms after typing pauses
    // What the server itself wrote meanwhile (converting the document) counts too.
    draft.stored = storedDelta(draft.figures.storedBefore as StoredRows, storedRows(ctx.server.dataDir, statementId));
    const fresh = await draft.open(statementId, ctx.lead);
    const kept = fresh.paragraphs().some((p) => p.includes(text));
    const exported = await fetch(`${ctx.server.baseUrl}/api/statements/${statementId}/export?format=md`, { headers: { cookie: ctx.lead.cookie } });
    const markdown = await exported.text();
    const inExport = markdown.includes(text);
    draft.figures.paragraphKeptInFreshClient = kept;
    draft.figures.paragraphKeptInExport = inExport;
    draft.figures.freshClientParagraphs = fresh.paragraphs();
    draft.notes.push(
      `after 800 ms the paragraph's text in a fresh client: ${kept ? 'kept' : `GONE (paragraphs: ${JSON.stringify(fresh.paragraphs())})`}; in the Markdown export (${exported.status}): ${inExport ? 'kept' : 'GONE'}`,
    );
    draft.attacked = await typeKeystrokes(fresh, { count: 5 });
  },
};
