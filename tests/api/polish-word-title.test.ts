import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { SeedConverter } from '../../server/seed/seed-converter.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, signUp } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** A Word file with an optional document title (core properties) and a first heading. */
async function wordFile({ title, heading }: { title?: string; heading?: string }): Promise<string> {
  const doc = new Document({
    ...(title ? { title } : {}),
    sections: [
      {
        children: [
          ...(heading ? [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 })] : []),
          new Paragraph({ text: 'We call for urgent action.' }),
        ],
      },
    ],
  });
  return (await Packer.toBuffer(doc)).toString('base64');
}

function documentOf(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const json = statementJSONFromYDoc(doc);
  doc.destroy();
  return json;
}

const textOf = (node: { content?: { text?: string }[] } | undefined) => (node?.content ?? []).map((child) => child.text ?? '').join('');

/** The seed converter takes a Word file's own title when the request leaves the title empty. */
describe('a Word file’s title', () => {
  const converter = new SeedConverter(20_000);
  afterAll(() => converter.close());

  it('is the document title (docProps/core.xml dc:title) when the request gives none', async () => {
    const seed = await converter.convert({ title: '', docxBase64: await wordFile({ title: 'Clean Air Now: a joint call', heading: 'Our demands' }) });
    expect(seed.title).toBe('Clean Air Now: a joint call');
    const json = documentOf(seed.state);
    expect(json.content?.[0]?.type).toBe('title');
    expect(textOf(json.content?.[0])).toBe('Clean Air Now: a joint call');
    // The first heading stays in the body then.
    expect(json.content?.slice(1).map(textOf)).toEqual(['Our demands', 'We call for urgent action.']);
  });

  it('is the first heading when the file has no document title, and that heading leaves the body', async () => {
    const seed = await converter.convert({ title: '  ', docxBase64: await wordFile({ heading: 'Winter without evictions' }) });
    expect(seed.title).toBe('Winter without evictions');
    const json = documentOf(seed.state);
    expect(textOf(json.content?.[0])).toBe('Winter without evictions');
    expect(json.content?.slice(1).map(textOf)).toEqual(['We call for urgent action.']);
  });

  it('never replaces a title the person gave', async () => {
    const seed = await converter.convert({ title: 'My title', docxBase64: await wordFile({ title: 'File title', heading: 'Heading' }) });
    expect(seed.title).toBe('My title');
    expect(textOf(documentOf(seed.state).content?.[0])).toBe('My title');
  });
});

describe('creating a statement from a Word file without a title', () => {
  let server: TestServer;
  afterAll(() => server?.close());

  it("takes the file's title through the API; without one anywhere it asks for a title (400); a Markdown statement still needs one", async () => {
    server = await startServer();
    const lead = await signUp(server.baseUrl, 'Amal', 'Housing Now');
    const create = (body: object) =>
      api<{ statement: StatementDetail; error?: { code: string; message: string } }>(
        server.baseUrl,
        'POST',
        '/api/statements',
        { leadOrgId: lead.orgId, ...body },
        { as: lead },
      );
    const fromWord = await create({ title: '', docxBase64: await wordFile({ title: 'Clean Air Now: a joint call' }) });
    expect(fromWord.status).toBe(201);
    expect(fromWord.body.statement.title).toBe('Clean Air Now: a joint call');
    const untitled = await create({ title: '', docxBase64: await wordFile({}) });
    expect(untitled.status).toBe(400);
    expect(untitled.body.error?.message).toMatch(/title/);
    expect((await create({ title: ' ', markdown: 'Text.' })).status).toBe(400);
  });
});
