import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { api, signUp, type Person } from '../helpers/api.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** A small Word file made by the test: a heading, a paragraph with bold and italic, a bulleted list. */
async function buildDocx(): Promise<string> {
  const doc = new Document({
    numbering: { config: [] },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Our demands', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              new TextRun('We call for '),
              new TextRun({ text: 'urgent', bold: true }),
              new TextRun(' and '),
              new TextRun({ text: 'lasting', italics: true }),
              new TextRun(' action.'),
            ],
          }),
          new Paragraph({ text: 'No winter evictions', bullet: { level: 0 } }),
          new Paragraph({ text: 'Free legal advice', bullet: { level: 0 } }),
        ],
      },
    ],
  });
  return (await Packer.toBuffer(doc)).toString('base64');
}

describe('creating a statement from a Word file', () => {
  let server: TestServer;
  let lead: Person;

  beforeAll(async () => {
    server = await startServer();
    lead = await signUp(server.baseUrl);
  });
  afterAll(async () => server.close());

  it('keeps its headings, lists and emphasis', async () => {
    const created = await api<{ statement: StatementDetail }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'From Word', leadOrgId: lead.orgId, docxBase64: await buildDocx() },
      { as: lead },
    );
    expect(created.status).toBe(201);
    const reader = await EditorClient.connect(server, created.body.statement.id, lead);
    const [, heading, paragraph, list] = reader.json().content ?? [];
    reader.destroy();
    expect(heading).toMatchObject({ type: 'heading', attrs: { level: 2 }, content: [{ text: 'Our demands' }] });
    expect(paragraph?.content).toEqual([
      { type: 'text', text: 'We call for ' },
      { type: 'text', text: 'urgent', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' and ' },
      { type: 'text', text: 'lasting', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' action.' },
    ]);
    expect(list?.type).toBe('bulletList');
    expect(JSON.stringify(list)).toContain('No winter evictions');
    expect(JSON.stringify(list)).toContain('Free legal advice');
  });

  it('refuses a file that is not a Word document with a clear error', async () => {
    const answer = await api<{ error: { code: string; message: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Broken', leadOrgId: lead.orgId, docxBase64: Buffer.from('not a zip at all').toString('base64') },
      { as: lead },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('not a readable Word (.docx) document');
  });

  it('refuses an oversized file before converting it', async () => {
    const answer = await api<{ error: { code: string; message: string } }>(
      server.baseUrl,
      'POST',
      '/api/statements',
      { title: 'Big', leadOrgId: lead.orgId, docxBase64: 'A'.repeat(1_900_000) },
      { as: lead },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('larger than 1.4 MB');
  });
});
