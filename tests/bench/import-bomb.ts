/**
 * Peak memory of the server while it is handed a Word zip bomb: a valid .docx of about
 * 200 KB whose word/document.xml inflates to 200 MB, plus another user's ordinary import
 * sent 100 ms later (it must not fail because of the bomb).
 *
 *   bash scripts/node.sh tests/bench/import-bomb.ts [--inflated-mb=200] [--lying]
 *
 * `--lying` makes the archive's headers claim a 100 KB document.xml. The server runs in this
 * process (the seed worker is a thread of it), so process RSS sampled every 20 ms is the
 * server's, worker included. A benchmark, not a test: it prints figures and asserts nothing.
 */
import { api, signUp } from '../helpers/api.ts';
import { startServer } from '../helpers/test-server.ts';
import { bombDocx } from '../helpers/zip-bomb.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const inflatedMb = Number(arg('inflated-mb') ?? 200);
const lying = process.argv.includes('--lying');

setTimeout(() => {
  console.error('import-bomb bench: gave up after 2 minutes');
  process.exit(2);
}, 2 * 60_000).unref();

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const bomb = await bombDocx({ inflatedMb, ...(lying ? { declaredUncompressedSize: 100_000 } : {}) });
const server = await startServer();
const lead = await signUp(server.baseUrl);
const other = await signUp(server.baseUrl);
// Warm the converter (its worker loads its modules) so the figures are the bomb's alone.
await api(server.baseUrl, 'POST', '/api/statements', { title: 'Warm-up', leadOrgId: lead.orgId, markdown: '# Hello' }, { as: lead });

const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = performance.now();
const bombing = api<{ error?: { code: string; message: string } }>(
  server.baseUrl,
  'POST',
  '/api/statements',
  { title: 'Bomb', leadOrgId: lead.orgId, docxBase64: bomb.toString('base64') },
  { as: lead },
);
await new Promise((resolve) => setTimeout(resolve, 100));
const ordinary = api<{ error?: { code: string; message: string } }>(
  server.baseUrl,
  'POST',
  '/api/statements',
  { title: 'Ordinary', leadOrgId: other.orgId, markdown: '# Our demands\n\nHousing now.' },
  { as: other },
);
const [bombAnswer, ordinaryAnswer] = await Promise.all([bombing, ordinary]);
const elapsedMs = performance.now() - started;
clearInterval(sampler);
const after = process.memoryUsage().rss;

console.log(`bomb: ${(bomb.length / 1024).toFixed(0)} KB file, ${inflatedMb} MB inflated${lying ? ', headers claim 100 KB' : ''}`);
console.log(`bomb answer: ${bombAnswer.status} ${bombAnswer.body.error?.code ?? ''} ${bombAnswer.body.error?.message ?? ''} after ${elapsedMs.toFixed(0)} ms`);
console.log(`other user's ordinary import: ${ordinaryAnswer.status} ${ordinaryAnswer.body.error?.code ?? ''} ${ordinaryAnswer.body.error?.message ?? ''}`);
console.log(`server RSS before ${mb(before)}, peak ${mb(peak)} (+${mb(peak - before)}), after ${mb(after)}`);
await server.close();
process.exit(0);
