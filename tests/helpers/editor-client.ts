import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { collabToken, type Person } from './api.ts';
import { waitFor } from './wait.ts';

/**
 * A real HocuspocusProvider over a real websocket, editing the Y.Doc the way Tiptap's
 * Collaboration extension lays it out (title, then paragraphs of XmlText).
 */
export class EditorClient {
  readonly doc = new Y.Doc();
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;

  /**
   * Connects as `as`: a signed-in person (a collab token is fetched for them on every
   * connect), a fixed token, or by default the person who created the statement.
   */
  constructor(server: { baseUrl: string; wsUrl: string }, statementId: string, as?: Pick<Person, 'cookie'> | { token: string }) {
    this.socket = new HocuspocusProviderWebsocket({ url: server.wsUrl, maxAttempts: 0, delay: 50, minDelay: 50, maxDelay: 500 });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: statementDocumentName(statementId),
      document: this.doc,
      token: () => (as && 'token' in as ? Promise.resolve(as.token) : collabToken(server.baseUrl, statementId, as)),
    });
    this.provider.attach();
  }

  static async connect(
    server: { baseUrl: string; wsUrl: string },
    statementId: string,
    as?: Pick<Person, 'cookie'> | { token: string },
  ): Promise<EditorClient> {
    const client = new EditorClient(server, statementId, as);
    await client.synced();
    return client;
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(STATEMENT_FRAGMENT);
  }

  synced(): Promise<void> {
    return waitFor(() => this.provider.isSynced, 'provider to sync');
  }

  /** Resolves once the server has acknowledged every local change. */
  acknowledged(timeoutMs = 10_000): Promise<void> {
    return waitFor(() => this.provider.isSynced && this.provider.unsyncedChanges === 0, 'server acknowledgement', timeoutMs);
  }

  json(): JSONContent {
    return statementJSONFromYDoc(this.doc);
  }

  /** Plain text of every body paragraph, in order. */
  paragraphs(): string[] {
    return this.fragment
      .toArray()
      .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')
      .map((p) =>
        p
          .toArray()
          .map((child) => (child instanceof Y.XmlText ? child.toString() : ''))
          .join(''),
      );
  }

  appendParagraph(text: string): void {
    this.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      this.fragment.push([paragraph]);
    });
  }

  /** Inserts text into the `index`-th body element that holds text (creating a paragraph if there is none). */
  insertText(blockIndex: number, offset: number, text: string): void {
    const blocks = this.textBlocks();
    if (blocks.length === 0) return this.appendParagraph(text);
    const target = blocks[blockIndex % blocks.length]!;
    target.insert(Math.min(offset, target.length), text);
  }

  deleteText(blockIndex: number, offset: number, length: number): void {
    const blocks = this.textBlocks();
    if (blocks.length === 0) return;
    const target = blocks[blockIndex % blocks.length]!;
    const start = Math.min(offset, target.length);
    target.delete(start, Math.min(length, target.length - start));
  }

  textBlocks(): Y.XmlText[] {
    const texts: Y.XmlText[] = [];
    for (const node of this.fragment.toArray().slice(1)) {
      if (node instanceof Y.XmlElement && node.nodeName === 'paragraph') {
        const first = node.get(0);
        if (first instanceof Y.XmlText) texts.push(first);
        else {
          const text = new Y.XmlText();
          node.insert(0, [text]);
          texts.push(text);
        }
      }
    }
    return texts;
  }

  /** Drops the websocket; edits made meanwhile stay local until `goOnline`. */
  goOffline(): void {
    this.socket.disconnect();
  }

  /** Reconnects once the previous socket has fully closed (connect() on a closing socket is a no-op). */
  async goOnline(): Promise<void> {
    await waitFor(() => this.socket.status === 'disconnected', 'the old socket to close');
    void this.socket.connect();
  }

  destroy(): void {
    this.provider.destroy();
    this.socket.destroy();
    this.doc.destroy();
  }
}

/** Waits until every client holds the same Yjs state (equal state vectors and equal documents). */
export async function waitForSameState(clients: EditorClient[], timeoutMs = 10_000): Promise<void> {
  const key = (c: EditorClient) => `${Buffer.from(Y.encodeStateVector(c.doc)).toString('hex')}|${JSON.stringify(c.json())}`;
  await waitFor(() => new Set(clients.map(key)).size === 1, `${clients.length} clients to converge`, timeoutMs);
}
