/** Issue 12's socket attacks: unauthenticated sockets holding queued frames, and a viewer that asks for the document 400 times and never reads. */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { statementDocumentName } from '../../../shared/document-name.ts';
import { createStatement } from '../../helpers/api.ts';
import { updateFrame } from '../../helpers/raw-client.ts';
import { waitFor } from '../../helpers/wait.ts';
import { didWhat, kb, syncStep1Frame, typeKeystrokes } from './harness.ts';
import { sharedStatement, type Attack } from './row.ts';

// ---------------------------------------------------------------- 6. unauthenticated socket flood

export function unauthenticatedFlood(id: string, sockets: number, frames: number, frameBytes: number, addresses: string[], hold: 'long' | 'short'): Attack {
  return {
    id,
    attack: `unauthenticated socket flood: ${sockets} sockets from ${addresses.length === 1 ? addresses[0] : `${addresses.length} loopback addresses`}, each sending ${frames} × ${kb(frameBytes)} before authenticating`,
    run: async (ctx, draft) => {
      const statementId = await sharedStatement(ctx, 'Flood target.');
      const message = updateFrame(statementDocumentName(statementId), randomBytes(frameBytes));
      draft.attackBegins();
      interface Tracked {
        ws: WebSocket;
        openedAt?: number;
        closedAt?: number;
        code?: number;
        refused?: string;
      }
      const tracked: Tracked[] = [];
      const settled: Promise<void>[] = [];
      for (let i = 0; i < sockets; i++) {
        const ws = new WebSocket(ctx.server.wsUrl, { localAddress: addresses[i % addresses.length], perMessageDeflate: false });
        const t: Tracked = { ws };
        tracked.push(t);
        settled.push(
          new Promise<void>((resolve) => {
            ws.once('open', () => {
              t.openedAt = performance.now();
              for (let f = 0; f < frames; f++) ws.send(message);
              resolve();
            });
            ws.once('unexpected-response', (_req, res) => {
              t.refused = `HTTP ${res.statusCode}`;
              resolve();
            });
            ws.on('error', (error) => {
              t.refused ??= `error ${(error as NodeJS.ErrnoException).code ?? error.message}`;
              resolve();
            });
            ws.once('close', (code) => {
              t.closedAt = performance.now();
              t.code = code;
              resolve();
            });
          }),
        );
      }
      await Promise.race([Promise.all(settled), sleep(15_000)]);
      const opened = tracked.filter((t) => t.openedAt !== undefined);
      draft.canaryDuring();
      const holdMs = ctx.holdMs[hold];
      const deadline = performance.now() + holdMs;
      while (performance.now() < deadline && opened.some((t) => t.closedAt === undefined)) await sleep(100);
      const stillOpen = opened.filter((t) => t.closedAt === undefined).length;
      const openMs = opened.map((t) => (t.closedAt ?? performance.now()) - t.openedAt!).sort((a, b) => a - b);
      const codes = new Map<string, number>();
      for (const t of opened) if (t.code !== undefined) codes.set(String(t.code), (codes.get(String(t.code)) ?? 0) + 1);
      const refused = new Map<string, number>();
      for (const t of tracked) if (t.openedAt === undefined) refused.set(t.refused ?? 'never opened', (refused.get(t.refused ?? 'never opened') ?? 0) + 1);
      const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k}×${n}`).join(', ');
      const parts = [`${opened.length}/${sockets} upgraded`];
      if (refused.size) parts.push(`refused: ${list(refused)}`);
      if (codes.size) parts.push(`closed: ${list(codes)}`);
      if (stillOpen) parts.push(`${stillOpen} still open after ${(holdMs / 1000).toFixed(0)} s`);
      draft.serverDid = parts.join('; ');
      draft.stored = 'n/a (nothing authenticated)';
      const median = openMs[Math.floor(openMs.length / 2)] ?? NaN;
      draft.figures.sockets = {
        upgraded: opened.length,
        refused: Object.fromEntries(refused),
        closeCodes: Object.fromEntries(codes),
        stillOpen,
        openMsMedian: median,
        openMsMax: openMs.at(-1),
      };
      draft.notes.push(
        opened.length
          ? `time open: median ${(median / 1000).toFixed(1)} s, max ${((openMs.at(-1) ?? NaN) / 1000).toFixed(1)} s${stillOpen ? ` (${stillOpen} still open when the watch ended: at least that long)` : ''}`
          : 'no socket upgraded',
      );
      for (const t of tracked) t.ws.terminate();
      await sleep(1_000);
    },
  };
}

// ---------------------------------------------------------------- 7. sync-step-1 amplification

export const syncStep1Amplification: Attack = {
  id: '7',
  attack: 'sync-step-1 amplification: a viewer that never reads sends 400 sync step 1 on a ~200 KB statement',
  run: async (ctx, draft) => {
    const paragraph = 'The parties agree to keep every commitment made in this statement, in full and on time. '.repeat(11).trim();
    const markdown = Array.from({ length: 200 }, (_, i) => `Paragraph ${i + 1}: ${paragraph}`).join('\n\n');
    const { id: statementId } = await createStatement(ctx.server.baseUrl, { markdown }, ctx.lead);
    const probe = await draft.raw(statementId, ctx.lead);
    probe.send(syncStep1Frame(probe.documentName));
    await waitFor(() => probe.syncStep2Frames > 0, 'one sync step 2', 5_000);
    await sleep(300);
    const answerBytes = probe.syncStep2Bytes;
    probe.terminate();
    const raw = await draft.raw(statementId, ctx.viewer);
    await sleep(300);
    const before = raw.bytes;
    draft.attackBegins();
    raw.pauseReading();
    draft.canaryDuring({ forMs: 5_000 });
    for (let i = 0; i < 400; i++) raw.send(syncStep1Frame(raw.documentName));
    await sleep(5_000); // the server answers into a socket nobody reads
    raw.resumeReading();
    // Read what the server had queued; stop once it is closed or nothing arrived for 1 s.
    let last = -1;
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline && !raw.closedWith && raw.bytes !== last) {
      last = raw.bytes;
      await sleep(1_000);
    }
    const received = raw.bytes - before;
    // A paused client reads no close frame: whatever the server did shows once it reads again.
    draft.serverDid = raw.closedWith ? `${didWhat({ ...raw.closedWith, atMs: 0 })} (seen when the client read again, 5 s after the flood)` : 'accepted (open)';
    draft.stored = 'n/a (reads only)';
    draft.figures.oneAnswerBytes = answerBytes;
    draft.figures.bytesReadAfterResuming = received;
    draft.figures.syncStep2Frames = raw.syncStep2Frames;
    draft.notes.push(
      `one answer ≈ ${kb(answerBytes)}; read after resuming: ${kb(received)} (${raw.syncStep2Frames} of 400 answered)${raw.closedWith ? `, then closed ${raw.closedWith.code}` : ''}`,
    );
    const editor = await draft.open(statementId, ctx.lead);
    draft.attacked = await typeKeystrokes(editor, { count: 5 });
  },
};
