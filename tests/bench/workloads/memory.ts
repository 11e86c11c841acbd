/**
 * W3: memory per open statement, and unloading. Many mostly idle thin clients (two per
 * statement, one awareness state each) open small statements; the server's RSS and heap
 * (after a full GC) are compared before and after, per statement. Then every client leaves:
 * Jointly must unload every statement within a few seconds (UNLOAD_LIMIT_MS). The baseline
 * (in memory, no persistence) keeps its documents by design; that is reported, not failed.
 * Baseline rooms are fresh each round; Jointly's statements load from storage each round.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { statementDocumentName } from '../../../shared/document-name.ts';
import { collabTokens, roomOf, type BenchContext } from '../bench-context.ts';
import type { ThinClientSpec } from '../load-protocol.ts';
import type { ServerKind } from '../thin-protocol.ts';

export const UNLOAD_LIMIT_MS = 5_000;

export interface MemoryRound {
  server: ServerKind;
  round: number;
  statements: number;
  clients: number;
  rssPerStatementKiB: number;
  heapPerStatementKiB: number;
  /** From the last client leaving until every statement is unloaded; null when not (baseline, or a failure). */
  unloadMs: number | null;
  documentsLeft: number;
  valid: boolean;
  problems: string[];
}

export async function runMemoryWorkload(context: BenchContext, statementIds: string[], clientsPerStatement: number, rounds: number): Promise<MemoryRound[]> {
  const results: MemoryRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const server of [context.jointly, context.baseline]) {
      const problems: string[] = [];
      const owners = statementIds.flatMap((id) => Array(clientsPerStatement).fill(id) as string[]);
      const tokens = server.kind === 'jointly' ? await collabTokens(context, owners) : [];
      const clients: ThinClientSpec[] = owners.map((id, i) => ({
        key: id,
        editor: i % clientsPerStatement,
        documentName: server.kind === 'jointly' ? statementDocumentName(id) : roomOf(id, `W3r${round}`),
        ...(server.kind === 'jointly' ? { token: tokens[i]! } : {}),
      }));
      const group = `W3-r${round}:${server.kind}`;
      // With --profile, heap snapshots before and with the statements open (compare them with heap-summary.ts).
      const snapshot = (when: string) =>
        context.profileDir && round === 1 ? { heapSnapshot: `${context.profileDir}W3-${server.kind}-${when}.heapsnapshot` } : {};
      const before = await server.sample({ gc: true, ...snapshot('before') });
      const opened = await context.load.request(
        {
          type: 'open',
          group,
          kind: server.kind,
          wsUrl: server.wsUrl,
          clients,
          seedRooms: server.kind === 'baseline',
          awarenessOnOpen: true,
          concurrency: 50,
          willType: false,
        },
        'opened',
      );
      if (opened.failed) problems.push(`${opened.failed} clients could not connect`);
      await sleep(1_000);
      const open = await server.sample({ gc: true, ...snapshot('open') });
      const loaded = open.documents - before.documents;
      if (loaded !== statementIds.length) problems.push(`${loaded} documents loaded for ${statementIds.length} statements`);
      await context.load.request({ type: 'close', group }, 'closed');
      let unloadMs: number | null = null;
      let documentsLeft = open.documents;
      if (server.kind === 'jointly') {
        unloadMs = await server.documentsDownTo(before.documents, UNLOAD_LIMIT_MS + 5_000);
        documentsLeft = (await server.sample()).documents;
        if (unloadMs === null || unloadMs > UNLOAD_LIMIT_MS)
          problems.push(`statements still loaded ${UNLOAD_LIMIT_MS / 1000} s after their last client left (${documentsLeft} left)`);
      }
      const result: MemoryRound = {
        server: server.kind,
        round,
        statements: statementIds.length,
        clients: opened.clients,
        rssPerStatementKiB: (open.rss - before.rss) / 1024 / statementIds.length,
        heapPerStatementKiB: (open.heapUsed + open.external - before.heapUsed - before.external) / 1024 / statementIds.length,
        unloadMs,
        documentsLeft,
        valid: problems.length === 0,
        problems,
      };
      results.push(result);
      console.log(
        `  W3 ${server.kind.padEnd(8)} round ${round}: ${result.heapPerStatementKiB.toFixed(1)} KiB heap and ${result.rssPerStatementKiB.toFixed(1)} KiB RSS per open statement, ` +
          `${unloadMs === null ? 'documents kept (in-memory server)' : `all unloaded ${unloadMs.toFixed(0)} ms after the last client left`}` +
          `${result.valid ? '' : `  INVALID: ${problems.join('; ')}`}`,
      );
    }
  }
  return results;
}
