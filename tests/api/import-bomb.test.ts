import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { SeedConversionError, SeedConverter } from '../../server/seed/seed-converter.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { bombDocx, deflatedEntry, smallDocx, writeZip } from '../helpers/zip-bomb.ts';

type ErrorAnswer = { error: { code: string; message: string } };

const MB = 1024 * 1024;

/** Runs `work` while sampling this process's RSS every 20 ms (the server and its seed worker live here). */
async function peakRssDuring<T>(label: string, work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - before) / MB;
    console.log(`${label}: server RSS before ${(before / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`);
    return { result, growthMb };
  } finally {
    clearInterval(sampler);
  }
}

/** A Word file made with the `docx` package, as Word writes them. */
async function ordinaryDocx(heading: string): Promise<string> {
  const doc = new Document({
    sections: [{ children: [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_2 }), new Paragraph('We call for urgent action.')] }],
  });
  return (await Packer.toBuffer(doc)).toString('base64');
}

function createFromWord(server: TestServer, person: Person, title: string, docx: Buffer | string) {
  const docxBase64 = typeof docx === 'string' ? docx : docx.toString('base64');
  return api<ErrorAnswer & { statement: StatementDetail }>(
    server.baseUrl,
    'POST',
    '/api/statements',
    { title, leadOrgId: person.orgId, docxBase64 },
    { as: person },
  );
}

describe('a Word zip bomb', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl);
    // The converter's worker loads its modules once; the figures below are the bombs' alone.
    expect((await createFromWord(server, lead, 'Warm-up', await ordinaryDocx('Warm'))).status).toBe(201);
  });
  afterAll(async () => server.close());

  it('whose directory declares 200 MB is refused before anything inflates, and server memory barely moves', async () => {
    const bomb = await bombDocx({ inflatedMb: 200 });
    expect(bomb.length).toBeLessThan(MB);
    const started = Date.now();
    const { result: answer, growthMb } = await peakRssDuring('declared 200 MB bomb', () => createFromWord(server, lead, 'Bomb', bomb));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.body.error.message).toContain('more than 50 MB');
    expect(Date.now() - started).toBeLessThan(3_000); // before: the 5 s timeout, after inflating 200 MB
    expect(growthMb).toBeLessThan(150);
  });

  it('whose directory lies about its sizes is refused by the inflation cap; the server keeps answering', async () => {
    const bomb = await bombDocx({ inflatedMb: 200, declaredUncompressedSize: 100_000 });
    const { result: answer, growthMb } = await peakRssDuring('lying 200 MB bomb', () => createFromWord(server, lead, 'Liar', bomb));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.body.error.message).toContain('unpacks to more than the 100,000 bytes it declares');
    expect(growthMb).toBeLessThan(150);

    expect((await api(server.baseUrl, 'GET', '/healthz')).status).toBe(200);
    expect((await createFromWord(server, lead, 'After', await ordinaryDocx('Still fine'))).status).toBe(201);
  });

  it('with thousands of parts, or a ZIP64 marker, or a damaged directory, is refused from the directory', async () => {
    const manyParts = writeZip(Array.from({ length: 2_001 }, (_, i) => deflatedEntry(`word/part${i}.xml`, '<x/>')));
    const parts = await createFromWord(server, lead, 'Parts', manyParts);
    expect(parts.status).toBe(413);
    expect(parts.body.error.message).toContain('2,001 parts');

    const zip64 = smallDocx(['Hello']);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10); // total entries: "see the ZIP64 record"
    const refused = await createFromWord(server, lead, 'Zip64', zip64);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('ZIP64');

    const truncated = smallDocx(['Hello']).subarray(0, -5);
    const damaged = await createFromWord(server, lead, 'Damaged', truncated);
    expect(damaged.status).toBe(400);
    expect(damaged.body.error.message).toContain('not a readable Word (.docx) document');
  });

  it('does not stop ordinary Word files: one made by the docx package and one by the test zip writer import', async () => {
    const fromDocx = await createFromWord(server, lead, 'Ordinary', await ordinaryDocx('Our demands'));
    expect(fromDocx.status, JSON.stringify(fromDocx.body)).toBe(201);
    const reader = await EditorClient.connect(server, fromDocx.body.statement.id, lead);
    expect(reader.json().content?.[1]).toMatchObject({ type: 'heading', attrs: { level: 2 }, content: [{ text: 'Our demands' }] });
    reader.destroy();

    // The bombs above are refused for their size, not their form: the same writer makes a file that imports.
    const handWritten = await createFromWord(server, lead, 'Hand-written', smallDocx(['No winter evictions', 'Free legal advice']));
    expect(handWritten.status, JSON.stringify(handWritten.body)).toBe(201);
    const second = await EditorClient.connect(server, handWritten.body.statement.id, lead);
    expect(JSON.stringify(second.json())).toContain('Free legal advice');
    second.destroy();
  });
});

describe('an import that times out', () => {
  let server: TestServer;
  let slowUser: Person;
  let otherUser: Person;

  beforeAll(async () => {
    server = await startServer({ config: { seedTimeoutMs: 1_000 } });
    slowUser = await signUp(server.baseUrl);
    otherUser = await signUp(server.baseUrl);
    // A ready worker, so the slow conversion is running (not waiting for modules) when the others arrive.
    expect(
      (await api(server.baseUrl, 'POST', '/api/statements', { title: 'Warm-up', leadOrgId: otherUser.orgId, markdown: '# Hi' }, { as: otherUser })).status,
    ).toBe(201);
  });
  afterAll(async () => server.close());

  it("fails only its own request: another user's imports sent while it runs succeed", async () => {
    // ~60 kB of unclosed emphasis: the Markdown parser needs minutes for this (as in seed-limits.test.ts).
    const slow = api<ErrorAnswer>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Slow', leadOrgId: slowUser.orgId, markdown: '*a '.repeat(20_000) },
      { as: slowUser },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const word = createFromWord(server, otherUser, 'Word meanwhile', await ordinaryDocx('Meanwhile'));
    const markdown = api<ErrorAnswer>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Markdown meanwhile', leadOrgId: otherUser.orgId, markdown: '# Also fine' },
      { as: otherUser },
    );

    const [slowAnswer, wordAnswer, markdownAnswer] = await Promise.all([slow, word, markdown]);
    expect(slowAnswer.status).toBe(400);
    expect(slowAnswer.body.error.message).toContain('took longer than 1 s');
    expect(wordAnswer.status, JSON.stringify(wordAnswer.body)).toBe(201);
    expect(markdownAnswer.status, JSON.stringify(markdownAnswer.body)).toBe(201);
  });
});

describe('MAX_IMPORT_UNCOMPRESSED_BYTES', () => {
  it('is the limit the directory check applies', async () => {
    const server = await startServer({ config: { maxImportUncompressedBytes: 1024 * 1024 } });
    try {
      const lead = await signUp(server.baseUrl);
      // ~2 MB of varied paragraphs: packed about 20:1, so only the configured total refuses it.
      const twoMb = smallDocx(Array.from({ length: 25_000 }, (_, i) => `Paragraph ${i} of ${(i * 7919) % 100_003} demands.`));
      const answer = await createFromWord(server, lead, 'Over 1 MB', twoMb);
      expect(answer.status).toBe(413);
      expect(answer.body.error.message).toContain('more than 1 MB');
    } finally {
      await server.close();
    }
  });
});

describe('the converter worker’s heap limit', () => {
  it('fails only the conversion that exhausts it, as too large; the next one runs on a fresh worker', async () => {
    // Small heap so an honest (directory-checked, ~20 MB unpacked) document exhausts it; the server's default is 256 MB.
    const converter = new SeedConverter(30_000, { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } });
    try {
      // Varied paragraphs pack about 20:1, under the ratio limit, so only memory stops this one.
      const paragraphs = Array.from({ length: 160_000 }, (_, i) => `Paragraph ${i} of ${(i * 7919) % 100_003} demands ${(i * 104_729) % 99_991}.`);
      const heavy = smallDocx(paragraphs);
      const exhausting = converter.convert({ title: 'Heavy', docxBase64: heavy.toString('base64') });
      const next = converter.convert({ title: 'Next', markdown: '# Fine' });
      const failure = await exhausting.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(SeedConversionError);
      expect((failure as SeedConversionError).kind).toBe('too-large');
      expect((failure as SeedConversionError).message).toContain('64 MB of memory');
      expect((await next).contentHash).toMatch(/./);
    } finally {
      await converter.close();
    }
  }, 60_000);
});

describe('the converter queue', () => {
  it('refuses a conversion at once as busy when the queue is full, and converts the queued ones', async () => {
    const converter = new SeedConverter(30_000, { maxQueued: 1 });
    try {
      // The first is taken by the worker once it is ready; until then it waits in the queue, filling it.
      const first = converter.convert({ title: 'First', markdown: '# One' });
      const refused = await converter.convert({ title: 'Second', markdown: '# Two' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SeedConversionError);
      expect((refused as SeedConversionError).kind).toBe('busy');
      expect((await first).contentHash).toMatch(/./);
      // Room again: the next one is converted.
      expect((await converter.convert({ title: 'Third', markdown: '# Three' })).contentHash).toMatch(/./);
    } finally {
      await converter.close();
    }
  });
});
