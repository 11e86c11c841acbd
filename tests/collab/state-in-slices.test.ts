import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { applyInSlices, hasPendingState } from '../../server/collab/replay.ts';
import { encodeStateInChunks } from '../../server/collab/state-chunks.ts';

/**
 * A large folded state reaches the live document in slices (server/collab/state-chunks.ts).
 * Each slice must apply with nothing pending, and the slices together must rebuild exactly
 * the document they came from, whatever its history: several editors, concurrent inserts at
 * the same places, formatting, deletions, nested blocks, attributes, GC'd content.
 */
describe('a document state cut into slices', () => {
  const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));

  it(`rebuilds the document slice by slice, nothing pending in between (seed ${seed}; replay with SEED=${seed})`, async () => {
    const random = mulberry32(seed);
    for (let round = 0; round < 12; round++) {
      const source = randomHistory(random, 3 + Math.floor(random() * 3), 150 + Math.floor(random() * 250));
      for (const weight of [1, 7, 60, 1_000]) {
        const slices = encodeStateInChunks(source, weight);
        const rebuilt = new Y.Doc({ gc: false });
        await applyInSlices(rebuilt, slices, () => expect(hasPendingState(rebuilt), `round ${round}, weight ${weight}`).toBe(false));
        expect(Y.equalSnapshots(Y.snapshot(rebuilt), Y.snapshot(source)), `round ${round}, weight ${weight}`).toBe(true);
        expect(rebuilt.getXmlFragment('default').toString()).toBe(source.getXmlFragment('default').toString());
        if (weight === 1) expect(slices.length).toBeGreaterThan(10);
      }
    }
  });

  it('of an empty document is nothing', () => {
    expect(encodeStateInChunks(new Y.Doc({ gc: false }), 100)).toEqual([]);
  });
});

/** Editors (one of them collecting garbage, like a browser) editing with random, partial syncs; the first one ends with everything. */
function randomHistory(random: () => number, editors: number, steps: number): Y.Doc {
  const docs = Array.from({ length: editors }, (_, i) => {
    const doc = new Y.Doc({ gc: i === editors - 1 });
    doc.clientID = 1 + Math.floor(random() * 2 ** 31);
    return doc;
  });
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  docs[0]!.transact(() => {
    const title = new Y.XmlElement('title');
    title.insert(0, [new Y.XmlText('Title')]);
    docs[0]!.getXmlFragment('default').push([title]);
  });
  for (const doc of docs.slice(1)) sync(docs[0]!, doc);

  for (let step = 0; step < steps; step++) {
    const doc = pick(docs);
    const fragment = doc.getXmlFragment('default');
    const texts = textsOf(fragment);
    const roll = random();
    doc.transact(() => {
      if (roll < 0.15 || texts.length === 0) {
        const block = random() < 0.3 ? listOf(random) : paragraphOf(`p${step} `);
        fragment.insert(1 + Math.floor(random() * fragment.length), [block]);
      } else if (roll < 0.6) {
        const text = pick(texts);
        text.insert(Math.floor(random() * (text.length + 1)), `w${step} `, random() < 0.3 ? { bold: {} } : undefined);
      } else if (roll < 0.75) {
        const text = pick(texts);
        if (text.length > 0) text.format(Math.floor(random() * text.length), 3, { italic: random() < 0.5 ? {} : null });
      } else if (roll < 0.92) {
        const text = pick(texts);
        if (text.length > 2) text.delete(Math.floor(random() * (text.length - 2)), 1 + Math.floor(random() * 2));
      } else if (fragment.length > 2) {
        const index = 1 + Math.floor(random() * (fragment.length - 1));
        const node = fragment.get(index);
        if (random() < 0.5) fragment.delete(index, 1);
        else if (node instanceof Y.XmlElement) node.setAttribute('data-step', String(step));
      }
    });
    if (random() < 0.25) sync(doc, pick(docs));
  }
  for (let i = 0; i < 2; i++) for (const a of docs) for (const b of docs) if (a !== b) sync(a, b);
  return docs[0]!;
}

function paragraphOf(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  return paragraph;
}

function listOf(random: () => number): Y.XmlElement {
  const list = new Y.XmlElement('bulletList');
  const items = 1 + Math.floor(random() * 3);
  for (let i = 0; i < items; i++) {
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraphOf(`item ${i} `)]);
    list.insert(i, [item]);
  }
  return list;
}

function textsOf(node: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  return node.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? textsOf(child) : []));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
