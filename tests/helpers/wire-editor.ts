import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { collabToken, type Person } from './api.ts';
import type { Random } from './seeded-random.ts';
import { waitFor } from './wait.ts';
import { WireTap } from './wire-tap.ts';

export interface WireEditorOptions {
  /** A signed-in person (a token is fetched on every connect); by default the statement's creator. */
  as?: Pick<Person, 'cookie'>;
  /** Delay before each outgoing frame, in order (random delivery timing); none by default. */
  sendDelayMs?: () => number;
  /** Reconnect back-off bounds, ms. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
}

/**
 * A real HocuspocusProvider over a real websocket, like EditorClient, whose socket is
 * watched by a {@link WireTap}: which edits the server acknowledged, and every close code.
 * It edits the Y.Doc as Tiptap lays it out (title, then paragraphs of XmlText); binding-edits.ts
 * edits it the way Tiptap's y-prosemirror binding does.
 */
export class WireEditor {
  readonly doc = new Y.Doc();
  readonly tap = new WireTap();
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;

  constructor(server: { baseUrl: string; wsUrl: string }, statementId: string, options: WireEditorOptions = {}) {
    const { minDelayMs, maxDelayMs } = options.reconnect ?? { minDelayMs: 20, maxDelayMs: 200 };
    this.socket = new HocuspocusProviderWebsocket({
      url: server.wsUrl,
      maxAttempts: 0,
      delay: minDelayMs,
      minDelay: minDelayMs,
      maxDelay: maxDelayMs,
      WebSocketPolyfill: this.tap.webSocketClass({ sendDelayMs: options.sendDelayMs }),
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: statementDocumentName(statementId),
      document: this.doc,
      token: () => collabToken(server.baseUrl, statementId, options.as),
    });
    this.provider.attach();
  }

  static async connect(server: { baseUrl: string; wsUrl: string }, statementId: string, options?: WireEditorOptions): Promise<WireEditor> {
    const editor = new WireEditor(server, statementId, options);
    await editor.synced();
    return editor;
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(STATEMENT_FRAGMENT);
  }

  synced(timeoutMs = 10_000): Promise<void> {
    return waitFor(() => this.provider.isSynced, 'provider to sync', timeoutMs);
  }

  /** Resolves once the server has answered every frame written (and the provider agrees). */
  settled(timeoutMs = 10_000): Promise<void> {
    return waitFor(
      () => this.provider.isSynced && this.provider.unsyncedChanges === 0 && this.tap.outstandingFrames === 0,
      'every frame to be acknowledged',
      timeoutMs,
    );
  }

  json(): JSONContent {
    return statementJSONFromYDoc(this.doc);
  }

  /** Every word of the document's text (title and body). */
  words(): Set<string> {
    return new Set(plainText(this.fragment).split(/\s+/).filter(Boolean));
  }

  /**
   * Types `token` at a random word boundary: a new paragraph, or " token" before a space or
   * at the end of a body paragraph, so no token ever splits another. Tracked by the tap.
   */
  typeToken(token: string, random: Random, newParagraphChance = 0.2): void {
    const from = Y.getState(this.doc.store, this.doc.clientID);
    const blocks = this.bodyTexts();
    if (blocks.length === 0 || random.chance(newParagraphChance)) this.appendParagraph(token);
    else {
      const text = random.pick(blocks);
      const content = text.toString();
      const spaces: number[] = [content.length];
      for (let i = content.indexOf(' '); i >= 0 && spaces.length < 64; i = content.indexOf(' ', i + 1)) spaces.push(i);
      text.insert(random.pick(spaces), ` ${token}`);
    }
    this.tap.track(token, this.doc.clientID, from, Y.getState(this.doc.store, this.doc.clientID));
  }

  appendParagraph(text: string): void {
    this.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      this.fragment.push([paragraph]);
    });
  }

  /** Inserts into the `blockIndex`-th body text block (paragraphs and headings, modulo their count). */
  insertText(blockIndex: number, offset: number, text: string): void {
    const blocks = this.bodyTexts();
    if (blocks.length === 0) return this.appendParagraph(text);
    const target = blocks[blockIndex % blocks.length]!;
    target.insert(Math.min(offset, target.length), text);
  }

  deleteText(blockIndex: number, offset: number, length: number): void {
    const blocks = this.bodyTexts();
    if (blocks.length === 0) return;
    const target = blocks[blockIndex % blocks.length]!;
    const start = Math.min(offset, target.length);
    target.delete(start, Math.min(length, target.length - start));
  }

  /** Formats a range of a body text block the way y-prosemirror stores a mark (attribute `name` → the mark's attributes). */
  formatText(blockIndex: number, offset: number, length: number, mark: Record<string, Record<string, unknown> | null>): void {
    const blocks = this.bodyTexts();
    if (blocks.length === 0) return;
    const target = blocks[blockIndex % blocks.length]!;
    const start = Math.min(offset, target.length);
    const span = Math.min(length, target.length - start);
    if (span > 0) target.format(start, span, mark);
  }

  /** The XmlText of each body paragraph and heading that has one, in order. */
  bodyTexts(): Y.XmlText[] {
    const texts: Y.XmlText[] = [];
    for (const node of this.fragment.toArray().slice(1)) {
      if (!(node instanceof Y.XmlElement) || (node.nodeName !== 'paragraph' && node.nodeName !== 'heading')) continue;
      const first = node.get(0);
      if (first instanceof Y.XmlText) texts.push(first);
    }
    return texts;
  }

  /** Drops the websocket on purpose; edits made meanwhile stay local until `goOnline`. */
  goOffline(): void {
    this.socket.disconnect();
  }

  async goOnline(): Promise<void> {
    await waitFor(() => this.socket.status === 'disconnected', 'the old socket to close');
    void this.socket.connect();
  }

  /**
   * Cuts the current websocket as a network would (frames in flight are lost); the provider
   * notices the close and reconnects by itself.
   */
  dropConnection(): void {
    const raw = (this.socket as unknown as { webSocket: WebSocket | null }).webSocket;
    raw?.close();
  }

  destroy(): void {
    this.provider.destroy();
    this.socket.destroy();
    this.doc.destroy();
  }
}

/** The text of every XmlText under `node`, blocks separated by newlines. */
export function plainText(node: Y.XmlFragment | Y.XmlElement): string {
  const parts: string[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') parts.push(op.insert);
    } else if (child instanceof Y.XmlElement) parts.push('\n', plainText(child), '\n');
  }
  return parts.join('');
}

/** A replica's state as a comparable key: state vector and schema-normalized document. */
export function stateKey(doc: Y.Doc): string {
  return `${Buffer.from(Y.encodeStateVector(doc)).toString('hex')}|${JSON.stringify(statementJSONFromYDoc(doc))}`;
}

/** Waits until every doc holds the same state; returns how many differ from the first when time runs out (0 on success). */
export async function convergence(docs: Y.Doc[], timeoutMs = 15_000): Promise<number> {
  const divergent = () => {
    const reference = stateKey(docs[0]!);
    return docs.filter((doc) => stateKey(doc) !== reference).length;
  };
  await waitFor(() => divergent() === 0, `${docs.length} replicas to converge`, timeoutMs, 25).catch(() => {});
  return divergent();
}
