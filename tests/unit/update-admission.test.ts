import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from '../../server/collab/admission/inspect-update.ts';
import { AdmissionOverlay } from '../../server/collab/admission/overlay.ts';
import { AdmissionRefusal, type RefusalRule } from '../../server/collab/admission/verdict.ts';
import { defineConfig } from '../../server/config.ts';
import { statementSchema } from '../../shared/schema/extensions.ts';
import { statementJSONFromYDoc, writeStatementJSONToYDoc } from '../../shared/schema/ydoc.ts';

const limits = defineConfig({ dataDir: '/tmp/jointly-unit' }).admission;

const RICH: JSONContent = {
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: 'Joint statement' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'We, the ' },
        { type: 'text', text: 'undersigned', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'text', text: ', see ' },
        { type: 'text', text: 'the report', marks: [{ type: 'link', attrs: { href: 'https://example.org/report' } }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'struck', marks: [{ type: 'strike' }, { type: 'underline' }] },
        { type: 'text', text: 'code', marks: [{ type: 'code' }] },
      ],
    },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Demands' }] },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Rent caps' }] }] }],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Repairs' }] }] }] },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Housing is a right.' }] }] },
    { type: 'codeBlock', attrs: { language: 'js' }, content: [{ type: 'text', text: 'let x = 1;' }] },
    { type: 'horizontalRule' },
  ],
};

/** The server's document (gc off, as Jointly keeps it) and a client that synced it. */
function serverAndClient(
  json: JSONContent = { type: 'doc', content: [{ type: 'title' }, { type: 'paragraph', content: [{ type: 'text', text: 'Hello world' }] }] },
) {
  const server = new Y.Doc({ gc: false });
  writeStatementJSONToYDoc(server, json);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, fragment: client.getXmlFragment('default') };
}

/** What the client would send the server for everything it did since syncing. */
function diffFor(server: Y.Doc, client: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
}

function refusalOf(run: () => unknown): RefusalRule | 'admitted' {
  try {
    run();
    return 'admitted';
  } catch (error) {
    if (error instanceof AdmissionRefusal) return error.rule;
    throw error;
  }
}

function inspect(server: Y.Doc, update: Uint8Array, overlay?: AdmissionOverlay) {
  return refusalOf(() => inspectUpdate(server, update, limits, overlay));
}

/** The first text run of the `index`-th body block. */
function textOf(fragment: Y.XmlFragment, index: number): Y.XmlText {
  return (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A hand-written v1 update: structs of one client (GC or skip runs), then a delete set. */
function rawUpdate(options: {
  client?: number;
  clock?: number;
  gc?: number;
  skip?: number;
  deletes?: [client: number, clock: number, len: number][];
}): Uint8Array {
  const encoder = encoding.createEncoder();
  const structs = (options.gc ? 1 : 0) + (options.skip ? 1 : 0);
  encoding.writeVarUint(encoder, structs ? 1 : 0);
  if (structs) {
    encoding.writeVarUint(encoder, structs);
    encoding.writeVarUint(encoder, options.client ?? 1);
    encoding.writeVarUint(encoder, options.clock ?? 0);
    if (options.skip) {
      encoding.writeUint8(encoder, 10);
      encoding.writeVarUint(encoder, options.skip);
    }
    if (options.gc) {
      encoding.writeUint8(encoder, 0);
      encoding.writeVarUint(encoder, options.gc);
    }
  }
  const deletes = options.deletes ?? [];
  encoding.writeVarUint(encoder, deletes.length);
  for (const [client, clock, len] of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint(encoder, len);
  }
  return encoding.toUint8Array(encoder);
}

describe('update admission admits what a real editor writes', () => {
  it('a whole rich document written the way the Tiptap binding writes it', () => {
    const server = new Y.Doc({ gc: false });
    const client = new Y.Doc();
    prosemirrorJSONToYXmlFragment(statementSchema, RICH, client.getXmlFragment('default'));
    expect(inspect(server, Y.encodeStateAsUpdate(client))).toBe('admitted');
    // And it is what the server then reads back.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(statementJSONFromYDoc(server)).toEqual(statementSchema.nodeFromJSON(RICH).toJSON());
  });

  it('typing, deleting, formatting a range and deleting a paragraph', () => {
    const { server, client, fragment } = serverAndClient(RICH);
    const text = textOf(fragment, 1);
    text.insert(3, 'all of ');
    text.delete(0, 2);
    text.format(0, 4, { bold: {} });
    text.format(4, 6, { link: { href: 'mailto:press@example.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } });
    (fragment.get(2) as Y.XmlElement).setAttribute('level', 3 as unknown as string);
    fragment.delete(5, 1);
    expect(inspect(server, diffFor(server, client))).toBe('admitted');
  });

  it('an offline session sent as one sync step 2, and as the many updates it was typed in (a batch)', () => {
    const { server, client, fragment } = serverAndClient();
    const updates: Uint8Array[] = [];
    client.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 50; i++) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`offline ${i}`)]);
      fragment.insert(1 + (i % 3), [paragraph]);
      textOf(fragment, 1).insert(0, 'x');
    }
    expect(inspect(server, diffFor(server, client))).toBe('admitted');
    // Each update builds on the ones before it: checked against the document plus those.
    const overlay = new AdmissionOverlay(server);
    expect(updates.map((update) => inspect(server, update, overlay))).toEqual(updates.map(() => 'admitted'));
    // Without them, the later ones lack what they build on.
    expect(inspect(server, updates.at(-1)!)).toBe('pending-structs');
  });

  it('an update the document already holds', () => {
    const { server } = serverAndClient(RICH);
    expect(inspect(server, Y.encodeStateAsUpdate(server))).toBe('admitted');
  });
});

describe('update admission refuses, without changing the document', () => {
  it('updates over the caps of bytes, structs and delete ranges', () => {
    const { server, client, fragment } = serverAndClient();
    textOf(fragment, 1).insert(0, 'x'.repeat(4000));
    expect(refusalOf(() => inspectUpdate(server, diffFor(server, client), { ...limits, maxUpdateBytes: 1024 }))).toBe('too-many-bytes');
    const many = serverAndClient();
    for (let i = 0; i < 40; i++) many.fragment.insert(1, [new Y.XmlElement('paragraph')]);
    expect(refusalOf(() => inspectUpdate(many.server, diffFor(many.server, many.client), { ...limits, maxUpdateStructs: 16 }))).toBe('too-many-structs');
    const deleting = serverAndClient({ type: 'doc', content: [{ type: 'title' }, { type: 'paragraph', content: [{ type: 'text', text: 'a'.repeat(200) }] }] });
    for (let i = 0; i < 40; i++) textOf(deleting.fragment, 1).delete(i, 1);
    expect(refusalOf(() => inspectUpdate(deleting.server, diffFor(deleting.server, deleting.client), { ...limits, maxUpdateDeleteRanges: 16 }))).toBe(
      'too-many-delete-ranges',
    );
  });

  it('a delete set naming content the server does not have (the pending-delete bomb)', () => {
    const { server } = serverAndClient();
    const before = Y.encodeStateAsUpdate(server);
    expect(inspect(server, rawUpdate({ deletes: [[424242, 0, 1_000_000]] }))).toBe('pending-deletes');
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    expect(server.store.pendingDs).toBeNull();
  });

  it('a gap in a client’s clock, a skip, and a GC run longer than the clock-jump cap', () => {
    const { server } = serverAndClient();
    expect(inspect(server, rawUpdate({ client: 77, clock: 10, gc: 1 }))).toBe('pending-structs');
    expect(inspect(server, rawUpdate({ client: 77, clock: 0, skip: 5, gc: 1 }))).toBe('pending-structs');
    expect(inspect(server, rawUpdate({ client: 77, clock: 0, gc: limits.maxClockJump + 1 }))).toBe('clock-jump');
    expect(inspect(server, rawUpdate({ client: 77, clock: 0, gc: 10 }))).toBe('admitted');
  });

  it('writes to any root type but the default fragment', () => {
    const { server, client } = serverAndClient();
    client.getMap('hidden').set('payload', 'x'.repeat(1000));
    expect(inspect(server, diffFor(server, client))).toBe('root-type');
    const other = serverAndClient();
    other.client.getXmlFragment('another').insert(0, [new Y.XmlElement('paragraph')]);
    expect(inspect(other.server, diffFor(other.server, other.client))).toBe('root-type');
  });

  it('nodes outside the schema, and schema nodes where their parent cannot hold them', () => {
    const cases: [string, (fragment: Y.XmlFragment) => void, RefusalRule][] = [
      ['an unknown element', (f) => f.insert(1, [new Y.XmlElement('script')]), 'node-name'],
      ['an element named text', (f) => f.insert(1, [new Y.XmlElement('text')]), 'node-name'],
      ['text directly in the document', (f) => f.insert(1, [new Y.XmlText('loose')]), 'content-kind'],
      ['a paragraph inside a paragraph', (f) => (f.get(1) as Y.XmlElement).insert(0, [new Y.XmlElement('paragraph')]), 'node-placement'],
      [
        'text inside a bullet list',
        (f) => {
          const list = new Y.XmlElement('bulletList');
          f.insert(1, [list]);
          list.insert(0, [new Y.XmlText('no item')]);
        },
        'node-placement',
      ],
      ['a list item at the top', (f) => f.insert(1, [new Y.XmlElement('listItem')]), 'node-placement'],
    ];
    for (const [label, edit, rule] of cases) {
      const { server, client, fragment } = serverAndClient();
      edit(fragment);
      expect([label, inspect(server, diffFor(server, client))]).toEqual([label, rule]);
    }
  });

  it('unknown marks, marks a block does not allow, and embeds in text', () => {
    const unknown = serverAndClient();
    textOf(unknown.fragment, 1).format(0, 1, { evil: {} });
    expect(inspect(unknown.server, diffFor(unknown.server, unknown.client))).toBe('mark-name');
    const inTitle = serverAndClient(RICH);
    (inTitle.fragment.get(0) as Y.XmlElement).get(0);
    ((inTitle.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { bold: {} });
    expect(inspect(inTitle.server, diffFor(inTitle.server, inTitle.client))).toBe('mark-name');
    const embed = serverAndClient();
    textOf(embed.fragment, 1).insertEmbed(0, { image: 'x' });
    expect(inspect(embed.server, diffFor(embed.server, embed.client))).toBe('content-kind');
  });

  it('attributes of the wrong type, size or value, and attributes no node has', () => {
    const link = (attrs: Record<string, unknown>) => ({
      link: { href: 'https://example.org', target: '_blank', rel: 'noopener', class: null, title: null, ...attrs },
    });
    const cases: [string, (fragment: Y.XmlFragment) => void][] = [
      ['a javascript: link', (f) => textOf(f, 1).format(0, 4, link({ href: 'javascript:alert(1)' }))],
      ['a link dressed as the signatory block', (f) => textOf(f, 1).format(0, 4, link({ class: 'signatories' }))],
      ['a link that hands the page to its target', (f) => textOf(f, 1).format(0, 4, link({ rel: 'opener' }))],
      ['a link with an unknown attribute', (f) => textOf(f, 1).format(0, 4, link({ onclick: 'x' }))],
      ['a link href of 10,000 characters', (f) => textOf(f, 1).format(0, 4, link({ href: `https://example.org/${'a'.repeat(10_000)}` }))],
      ['bold carrying attributes', (f) => textOf(f, 1).format(0, 4, { bold: { weight: 900 } })],
      ['a mark value that is not an object', (f) => textOf(f, 1).format(0, 4, { bold: 'yes' })],
      ['heading level 7', (f) => (f.get(2) as Y.XmlElement).setAttribute('level', 7 as unknown as string)],
      ['heading level as text', (f) => (f.get(2) as Y.XmlElement).setAttribute('level', '2')],
      ['a code language that is not a word', (f) => (f.get(6) as Y.XmlElement).setAttribute('language', 'js onload=alert(1)')],
      ['a style on a paragraph', (f) => (f.get(1) as Y.XmlElement).setAttribute('style', 'display:none')],
      ['a class on a paragraph', (f) => (f.get(1) as Y.XmlElement).setAttribute('class', 'certificate')],
    ];
    for (const [label, edit] of cases) {
      const { server, client, fragment } = serverAndClient(RICH);
      edit(fragment);
      expect([label, inspect(server, diffFor(server, client))]).toEqual([label, 'attribute']);
    }
  });
});

describe('reading a document never changes it', () => {
  it('content outside the schema is left out of the JSON and kept in the Y.Doc', () => {
    const server = new Y.Doc({ gc: false });
    writeStatementJSONToYDoc(server, { type: 'doc', content: [{ type: 'title' }, { type: 'paragraph', content: [{ type: 'text', text: 'Keep me' }] }] });
    textOf(server.getXmlFragment('default'), 1).format(0, 1, { evil: {} });
    server.getXmlFragment('default').insert(1, [new Y.XmlElement('script')]);
    const before = Y.encodeStateAsUpdate(server);
    statementJSONFromYDoc(server);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    const kept = textOf(server.getXmlFragment('default'), 2).toDelta() as { insert: string }[];
    expect(kept.map((op) => op.insert).join('')).toBe('Keep me');
  });
});
