/**
 * Requests per second for the public page GET /s/:id of a published statement of about 3,000
 * words, with the render cache on (the default) and off (PUBLIC_PAGE_CACHE_BYTES=0: every
 * request renders, as before the cache), for issue 13's closing note.
 *
 *   bash scripts/node.sh tests/bench/public-page.ts [--seconds=5] [--concurrency=16] [--rounds=3]
 *
 * The server is `server/main.ts` in a child process on 127.0.0.1 (its own event loop; the
 * load comes from this process over keep-alive HTTP/1.1), with the anonymous rate limit set
 * out of reach. Both modes serve the same DATA_DIR; rounds alternate off/on so drift in the
 * machine's load hits both alike. Every round is bounded by --seconds; the whole run by 5 min.
 * A benchmark, not a test: it asserts only that every answer was a 200 of the same length.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createStatement, signUp } from '../helpers/api.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { fmt, percentile, spread, table } from './stats.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const seconds = Number(arg('seconds') ?? 5);
const concurrency = Number(arg('concurrency') ?? 16);
const rounds = Number(arg('rounds') ?? 3);

setTimeout(() => {
  console.error('public-page bench: gave up after 5 minutes');
  process.exit(2);
}, 5 * 60_000).unref();

const UNLIMITED = { ANONYMOUS_REQUESTS_PER_SECOND: '1000000000', ANONYMOUS_BURST: '1000000000' };
const MODES = { off: { ...UNLIMITED, PUBLIC_PAGE_CACHE_BYTES: '0' }, on: UNLIMITED } as const;

/** About 3,000 words in 30 paragraphs under a few headings, as a coalition's statement might run. */
function statementMarkdown(): string {
  const sentence = 'The undersigned organizations call on the council to protect tenants, fund social housing and end evictions into homelessness.';
  const parts: string[] = [];
  for (let section = 1; section <= 6; section++) {
    parts.push(`## ${section}. Demands of section ${section}`);
    for (let p = 0; p < 5; p++)
      parts.push(
        Array.from({ length: 5 }, () => sentence).join(' ') + ` See **point ${section}.${p + 1}** and [the report](https://example.org/report-${section}).`,
      );
  }
  return parts.join('\n\n');
}

async function publishStatement(baseUrl: string): Promise<{ id: string; words: number }> {
  const lead = await signUp(baseUrl, 'Lead Signatory', 'Housing Now');
  const markdown = statementMarkdown();
  const statement = await createStatement(baseUrl, { title: 'Joint statement on housing', markdown }, lead);
  for (let i = 0; i < 12; i++) {
    const partner = await signUp(baseUrl, `Signatory ${i}`, `Partner Organization ${i}`);
    await api(baseUrl, 'POST', `/api/statements/${statement.id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    await api(baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: partner.orgId, contentHash: statement.contentHash }, { as: partner });
  }
  await api(baseUrl, 'POST', `/api/statements/${statement.id}/signoffs`, { orgId: lead.orgId, contentHash: statement.contentHash }, { as: lead });
  const published = await api(baseUrl, 'POST', `/api/statements/${statement.id}/publish`, undefined, { as: lead });
  if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.body)}`);
  return { id: statement.id, words: markdown.split(/\s+/).length };
}

interface Round {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** `concurrency` keep-alive clients each sending GET `path` back to back for `seconds`. */
async function load(baseUrl: string, path: string): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(path, baseUrl);
  const latencies: number[] = [];
  const lengths = new Set<number>();
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = request(url, { agent }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => (length += chunk.length));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${path} answered ${res.statusCode}`));
          latencies.push(performance.now() - started);
          lengths.add(length);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await get();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  if (lengths.size !== 1) throw new Error(`answers of ${lengths.size} different lengths`);
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes: [...lengths][0]!,
  };
}

async function stop(server: ChildServer): Promise<void> {
  server.process.kill('SIGTERM');
  await server.exited;
}

const dataDir = mkdtempSync(join(tmpdir(), 'jointly-bench-public-'));
try {
  let id = '';
  let words = 0;
  const results: Record<keyof typeof MODES, Round[]> = { off: [], on: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['off', 'on'] as const) {
      const server = await startChildServer(dataDir, MODES[mode]);
      try {
        if (!id) ({ id, words } = await publishStatement(server.baseUrl));
        // Warm-up: the first render loads jsdom and JIT-compiles the renderer in either mode.
        for (let i = 0; i < 20; i++) await fetch(`${server.baseUrl}/s/${id}`).then((r) => r.arrayBuffer());
        results[mode].push(await load(server.baseUrl, `/s/${id}`));
      } finally {
        await stop(server);
      }
    }
  }
  const row = (label: string, rs: Round[]) => {
    const rps = spread(rs.map((r) => r.perSecond));
    return [
      label,
      `${fmt(rps.median, 0)} (${fmt(rps.min, 0)}–${fmt(rps.max, 0)})`,
      fmt(spread(rs.map((r) => r.p50)).median, 1),
      fmt(spread(rs.map((r) => r.p99)).median, 1),
      String(rs[0]!.bytes),
    ];
  };
  console.log(
    `GET /s/:id, ${words} words, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${concurrency} keep-alive clients, ${rounds} × ${seconds} s per mode\n`,
  );
  console.log(
    table(
      ['mode', 'requests/s median (min–max)', 'p50 ms', 'p99 ms', 'page bytes'],
      [row('cache off (renders every request)', results.off), row('cache on', results.on)],
    ),
  );
  const ratio = spread(results.on.map((r) => r.perSecond)).median / spread(results.off.map((r) => r.perSecond)).median;
  console.log(`\ncache on / cache off: ${fmt(ratio, 1)}×`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
