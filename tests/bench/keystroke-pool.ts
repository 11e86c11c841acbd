/**
 * Pre-encoded keystrokes for the thin load clients. Every logical editor of a statement
 * gets its own Yjs client id and a sequence of one-character inserts made on a private
 * copy of the statement's starting state, at random places in its paragraphs (the layout
 * Tiptap's Collaboration extension uses). The updates only build on the starting state and
 * on the editor's own earlier keystrokes, so any server that holds that state applies them
 * in order, whatever the other editors sent meanwhile. Encoding happens before a
 * measurement window, never inside it.
 */
import * as Y from 'yjs';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { encodeAwareness } from './thin-protocol.ts';

export interface EditorKeystrokes {
  clientID: number;
  updates: Uint8Array[];
}

const usedClientIds = new Set<number>();

function freshClientId(): number {
  for (;;) {
    const id = 1 + Math.floor(Math.random() * 0x7fff_fff0);
    if (!usedClientIds.has(id)) {
      usedClientIds.add(id);
      return id;
    }
  }
}

/** Text nodes of the body paragraphs (the title is the fragment's first node). */
export function bodyTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const node of doc.getXmlFragment(STATEMENT_FRAGMENT).toArray().slice(1)) {
    if (node instanceof Y.XmlElement && node.nodeName === 'paragraph' && node.get(0) instanceof Y.XmlText) texts.push(node.get(0) as Y.XmlText);
  }
  return texts;
}

/** `count` one-letter inserts by a new editor on top of `startingState`. */
export function encodeKeystrokes(startingState: Uint8Array, count: number): EditorKeystrokes {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = freshClientId();
  Y.applyUpdate(doc, startingState);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const texts = bodyTexts(doc);
  if (texts.length === 0) throw new Error('the starting state has no body paragraph to type into');
  for (let i = 0; i < count; i++) {
    const text = texts[Math.floor(Math.random() * texts.length)]!;
    text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
  }
  const clientID = doc.clientID;
  doc.destroy();
  return { clientID, updates };
}

/** An awareness state the size of a Tiptap caret's (user plus a relative-position cursor). */
export function caretAwareness(clientID: number, clock: number): Uint8Array {
  return encodeAwareness(clientID, clock, {
    user: { name: `Editor ${clientID % 1000}`, color: '#1f77b4' },
    cursor: {
      anchor: { type: { client: clientID, clock: 3 }, tname: null, item: { client: clientID, clock: clock }, assoc: 0 },
      head: { type: { client: clientID, clock: 3 }, tname: null, item: { client: clientID, clock: clock }, assoc: 0 },
    },
  });
}
