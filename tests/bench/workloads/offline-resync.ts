/**
 * W6: an editor makes OFFLINE_EDITS keystrokes while disconnected, then reconnects.
 * Measures, from the reconnect, the time until the server's copy holds them all (asked
 * over the bench's IPC channel, the same way on both servers) and until another editor,
 * online all along, holds them all ("resync"). Alternates Jointly, baseline per round; fails unless both
 * probes converge.
 */
import * as Y from 'yjs';
import { statementDocumentName } from '../../../shared/document-name.ts';
import { createStatements, currentStateOf, roomOf, type BenchContext } from '../bench-context.ts';
import { connectProbe, converged, typeOne } from '../probes.ts';
import type { ServerKind } from '../thin-protocol.ts';

export const OFFLINE_EDITS = 2_000;

export interface ResyncRound {
  server: ServerKind;
  round: number;
  /** From the reconnect until the server's document holds every offline edit (asked over the bench's IPC channel). */
  serverHasMs: number | null;
  otherSeesMs: number;
  valid: boolean;
  problems: string[];
}

export async function runOfflineResyncWorkload(context: BenchContext, rounds: number): Promise<ResyncRound[]> {
  const [statementId] = await createStatements(context, 1);
  // The baseline room starts from the same text (pushed by its first probe).
  const seed = await currentStateOf(context, statementId!);
  const results: ResyncRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const server of [context.jointly, context.baseline]) {
      const problems: string[] = [];
      const target = { statementId: statementId!, room: roomOf(statementId!, 'W6'), as: { cookie: context.lead.cookie }, seed };
      const writer = await connectProbe(server, target);
      const other = await connectProbe(server, target);
      writer.goOffline();
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < OFFLINE_EDITS; i++) typeOne(writer.doc);
      const expected = Y.getState(writer.doc.store, writer.doc.clientID);
      const started = performance.now();
      let otherSeesMs = NaN;
      const seen = new Promise<void>((resolve) => {
        const check = () => {
          if (Y.getState(other.doc.store, writer.doc.clientID) < expected) return;
          otherSeesMs = performance.now() - started;
          other.doc.off('update', check);
          resolve();
        };
        other.doc.on('update', check);
      });
      const documentName = server.kind === 'jointly' ? statementDocumentName(statementId!) : target.room;
      const serverHas = server.reachesClock(documentName, writer.doc.clientID, expected, 30_000);
      await writer.goOnline();
      const serverHasMs = await serverHas;
      if (serverHasMs === null) problems.push('the server never had the offline edits');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([seen.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 30_000)))]);
      clearTimeout(timer);
      if (timedOut) problems.push('the other editor never saw the offline edits');
      if (!(await converged([writer, other], 10_000))) problems.push('probes did not converge');
      writer.destroy();
      other.destroy();
      results.push({ server: server.kind, round, serverHasMs, otherSeesMs, valid: problems.length === 0, problems });
      console.log(
        `  W6 ${server.kind.padEnd(8)} round ${round}: ${OFFLINE_EDITS} offline edits; ` +
          `${serverHasMs === null ? '' : `server has them after ${serverHasMs.toFixed(1)} ms, `}the other editor after ${otherSeesMs.toFixed(1)} ms` +
          `${problems.length ? `  INVALID: ${problems.join('; ')}` : ''}`,
      );
    }
  }
  return results;
}
