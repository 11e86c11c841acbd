/**
 * What every workload shares: both servers under test, the thin load generator, one real
 * Jointly account that leads every bench statement, and the generator's CPU accounting.
 */
import * as Y from 'yjs';
import { collabToken, createStatement, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import type { LoadDriver } from './load-driver.ts';
import type { MeasuredServer } from './measured-server.ts';

export interface BenchContext {
  jointly: MeasuredServer;
  baseline: MeasuredServer;
  load: LoadDriver;
  lead: Person;
  quick: boolean;
  /** When set (--profile), each measurement window CPU-profiles its server into this folder. */
  profileDir?: string;
}

/** Starts a CPU profile of `server` when profiling; the returned function stops it and writes `<name>.cpuprofile`. */
export async function profileWindow(context: BenchContext, server: MeasuredServer, name: string): Promise<() => Promise<void>> {
  const dir = context.profileDir;
  if (!dir) return async () => {};
  await server.sample({ profile: 'start' });
  return async () => {
    await server.sample({ profile: `${dir}${name}-${server.kind}.cpuprofile` });
  };
}

export const SEED_MARKDOWN = [
  'We, the undersigned organizations, call on the city council to act on housing.',
  'First, rents in public housing must be frozen for the next two years.',
  'Second, every new development must include affordable units.',
  'Third, tenants must have a say in the renovation of their buildings.',
  'We will meet again in the spring to review progress.',
].join('\n\n');

export async function signUpLead(jointly: MeasuredServer): Promise<Person> {
  return signUp(jointly.baseUrl, 'Bench Lead', 'Bench Coalition');
}

/** `count` new statements (the small seed text), created `concurrency` at a time through the API. */
export async function createStatements(context: Pick<BenchContext, 'jointly' | 'lead'>, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(concurrency, count - i) }, (_, j) =>
        createStatement(context.jointly.baseUrl, { title: `Bench statement ${i + j + 1}`, markdown: SEED_MARKDOWN }, context.lead),
      ),
    );
    ids.push(...batch.map((s) => s.id));
  }
  return ids;
}

/** One collab token per entry of `statementIds`, fetched `concurrency` at a time. */
export async function collabTokens(context: Pick<BenchContext, 'jointly' | 'lead'>, statementIds: string[], concurrency = 16): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < statementIds.length; i += concurrency) {
    tokens.push(...(await Promise.all(statementIds.slice(i, i + concurrency).map((id) => collabToken(context.jointly.baseUrl, id, context.lead)))));
  }
  return tokens;
}

/** CPU of the load generator (this process, where the probes live, plus the thin-client child), ms. */
export function generatorCpuMs(context: Pick<BenchContext, 'load'>): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + context.load.cpuMs();
}

/** The statement's current state on Jointly, as one update (to give a baseline room the same starting text). */
export async function currentStateOf(context: Pick<BenchContext, 'jointly' | 'lead'>, statementId: string): Promise<Uint8Array> {
  const client = new EditorClient(context.jointly, statementId, context.lead);
  try {
    await client.synced();
    return Y.encodeStateAsUpdate(client.doc);
  } finally {
    client.destroy();
  }
}

/** Room name on the baseline for a statement (and a variant, when a workload needs fresh rooms). */
export function roomOf(statementId: string, variant = ''): string {
  return `${statementId}${variant ? `~${variant}` : ''}`;
}
