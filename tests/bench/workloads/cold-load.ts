/**
 * W4: loading big statements. Jointly loads them from storage (snapshot + log) when the
 * first client joins; the in-memory baseline has no storage, so its figure is a join of a
 * document it already holds (for scale, not a like-for-like cold load).
 *
 * - cold load: a thin client joins an unloaded statement; time from opening the websocket
 *   until the whole document has arrived (sync step 2), then it leaves and the statement
 *   unloads again. Repeated; p50/p95/max. For a 1 MB statement (2,000 paragraphs typed in
 *   one go) and for the whole history of the automerge-paper trace (259,778 edits).
 * - 50 concurrent joins of the unloaded 1 MB statement: each join's time.
 */
import * as Y from 'yjs';
import { statementDocumentName } from '../../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../../shared/schema/extensions.ts';
import { collabToken } from '../../helpers/api.ts';
import { collabTokens, createStatements, profileWindow, roomOf, type BenchContext } from '../bench-context.ts';
import type { MeasuredServer } from '../measured-server.ts';
import { connectProbe } from '../probes.ts';
import { percentile } from '../stats.ts';
import { ThinClient } from '../thin-client.ts';
import type { ServerKind } from '../thin-protocol.ts';
import { historyDocumentUpdate } from '../trace.ts';

export interface LoadTimes {
  server: ServerKind;
  document: string;
  bytes: number;
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ColdLoadResult {
  loads: LoadTimes[];
  concurrentJoins: LoadTimes[];
  valid: boolean;
  problems: string[];
}

/** About 1 MB of text in 2,000 paragraphs, added in one transaction. */
function appendMegabyte(doc: Y.Doc): void {
  const line = 'The coalition calls for affordable housing, fair rents and a say for tenants in every renovation. '.repeat(5);
  doc.transact(() => {
    const fragment = doc.getXmlFragment(STATEMENT_FRAGMENT);
    fragment.push(
      Array.from({ length: 2_000 }, (_, i) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`${i}. ${line}`)]);
        return paragraph;
      }),
    );
  });
}

const timesOf = (server: ServerKind, document: string, bytes: number, samples: number[]): LoadTimes => ({
  server,
  document,
  bytes,
  n: samples.length,
  p50: percentile(samples, 50),
  p95: percentile(samples, 95),
  max: percentile(samples, 100),
});

/** Creates the statement on Jointly with `content` added, and the same document in a baseline room; returns its size. */
async function prepare(context: BenchContext, statementId: string, add: (doc: Y.Doc) => void): Promise<number> {
  const writer = await connectProbe(context.jointly, { statementId, room: '', as: { cookie: context.lead.cookie } });
  add(writer.doc);
  await writer.acknowledged!(60_000);
  const state = Y.encodeStateAsUpdate(writer.doc);
  writer.destroy();
  const copy = await connectProbe(context.baseline, { statementId, room: roomOf(statementId, 'W4'), as: { cookie: '' }, seed: state });
  await new Promise((resolve) => setTimeout(resolve, 500));
  copy.destroy();
  return state.byteLength;
}

async function timedJoins(context: BenchContext, server: MeasuredServer, statementId: string, times: number, problems: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    if (server.kind === 'jointly' && (await server.documentsDownTo(0, 10_000)) === null) problems.push(`${statementId} did not unload before a cold load`);
    const token = server.kind === 'jointly' ? await collabToken(server.baseUrl, statementId, context.lead) : undefined;
    const documentName = server.kind === 'jointly' ? statementDocumentName(statementId) : roomOf(statementId, 'W4');
    const client = new ThinClient(server.kind, server.wsUrl, { key: statementId, documentName, editor: 0, ...(token ? { token } : {}) });
    samples.push(await client.ready);
    client.close();
  }
  return samples;
}

async function concurrentJoins(context: BenchContext, server: MeasuredServer, statementId: string, joins: number, problems: string[]): Promise<number[]> {
  if (server.kind === 'jointly' && (await server.documentsDownTo(0, 10_000)) === null) problems.push(`${statementId} did not unload before the joins`);
  const tokens = server.kind === 'jointly' ? await collabTokens(context, Array(joins).fill(statementId) as string[]) : [];
  const group = `W4-joins:${server.kind}`;
  const documentName = server.kind === 'jointly' ? statementDocumentName(statementId) : roomOf(statementId, 'W4');
  const opened = await context.load.request(
    {
      type: 'open',
      group,
      kind: server.kind,
      wsUrl: server.wsUrl,
      clients: Array.from({ length: joins }, (_, i) => ({ key: statementId, documentName, editor: i, ...(tokens[i] ? { token: tokens[i] } : {}) })),
      seedRooms: false,
      awarenessOnOpen: false,
      concurrency: joins,
      willType: false,
    },
    'opened',
  );
  if (opened.failed) problems.push(`${opened.failed} of ${joins} concurrent joins failed on ${server.kind}`);
  await context.load.request({ type: 'close', group }, 'closed');
  return opened.joinMs;
}

export async function runColdLoadWorkload(context: BenchContext, repeats: number): Promise<ColdLoadResult> {
  const problems: string[] = [];
  const [megabyteId, historyId] = await createStatements(context, 2);
  const history = historyDocumentUpdate();
  const documents = [
    { id: megabyteId!, name: '1 MB statement', bytes: await prepare(context, megabyteId!, appendMegabyte) },
    { id: historyId!, name: 'automerge-paper history', bytes: await prepare(context, historyId!, (doc) => Y.applyUpdate(doc, history)) },
  ];
  const loads: LoadTimes[] = [];
  const joins: LoadTimes[] = [];
  for (const document of documents) {
    for (const server of [context.jointly, context.baseline]) {
      const stopProfile = await profileWindow(context, server, `W4-${document.name.replace(/\W+/g, '-')}`);
      const times = timesOf(server.kind, document.name, document.bytes, await timedJoins(context, server, document.id, repeats, problems));
      await stopProfile();
      loads.push(times);
      console.log(
        `  W4 ${server.kind.padEnd(8)} ${document.name} (${(document.bytes / 1024).toFixed(0)} KiB): load p50 ${times.p50.toFixed(1)} ms, p95 ${times.p95.toFixed(1)} ms, max ${times.max.toFixed(1)} ms`,
      );
    }
  }
  for (const server of [context.jointly, context.baseline]) {
    const times = timesOf(
      server.kind,
      '50 concurrent joins, 1 MB statement',
      documents[0]!.bytes,
      await concurrentJoins(context, server, megabyteId!, 50, problems),
    );
    joins.push(times);
    console.log(
      `  W4 ${server.kind.padEnd(8)} 50 concurrent joins: p50 ${times.p50.toFixed(1)} ms, p95 ${times.p95.toFixed(1)} ms, max ${times.max.toFixed(1)} ms`,
    );
  }
  return { loads, concurrentJoins: joins, valid: problems.length === 0, problems };
}
