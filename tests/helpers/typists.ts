import { setTimeout as sleep } from 'node:timers/promises';
import { failureFromClose } from '../../client/collab/failures.ts';
import { deriveSyncState, type SyncState } from '../../client/collab/sync-state.ts';
import type { Person } from './api.ts';
import type { Random } from './seeded-random.ts';
import { waitFor } from './wait.ts';
import { WireEditor } from './wire-editor.ts';

export interface TypistOptions {
  /** A signed-in person; by default the statement's creator. */
  as?: Pick<Person, 'cookie'>;
  /** Every token starts with it (tokens are unique words: `<prefix><n>`). */
  prefix: string;
  random: Random;
  /** Pause between two tokens, ms. */
  pauseMs?: [number, number];
}

/**
 * A person typing unique tokens into a statement through a real provider (a WireEditor), at
 * a steady pace whether or not the server is up. Which tokens the server acknowledged is
 * read from the wire (WireTap: an answered frame carried the token's whole clock range).
 */
export class Typist {
  readonly editor: WireEditor;
  /** Every token typed, in order. */
  readonly typed: string[] = [];
  /** When each token of `typed` was typed (performance.now()). */
  readonly typedAt: number[] = [];
  private readonly options: TypistOptions;
  private typing: Promise<void> | null = null;
  private stopping = false;

  constructor(server: { baseUrl: string; wsUrl: string }, statementId: string, options: TypistOptions) {
    this.options = options;
    this.editor = new WireEditor(server, statementId, options.as ? { as: options.as } : {});
  }

  /** Types one token now; returns it. */
  typeOne(): string {
    const token = `${this.options.prefix}${this.typed.length}`;
    this.editor.typeToken(token, this.options.random);
    this.typed.push(token);
    this.typedAt.push(performance.now());
    return token;
  }

  /** Tokens typed at or after `since` (performance.now()). */
  typedSince(since: number): string[] {
    return this.typed.filter((_, i) => this.typedAt[i]! >= since);
  }

  /** Starts typing a token every `pauseMs` until `stop`. */
  start(): void {
    if (this.typing) return;
    this.stopping = false;
    const [min, max] = this.options.pauseMs ?? [10, 40];
    this.typing = (async () => {
      while (!this.stopping) {
        await sleep(this.options.random.int(min, max));
        if (!this.stopping) this.typeOne();
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.typing;
    this.typing = null;
  }

  get acknowledged(): readonly string[] {
    return this.editor.tap.acknowledgedTokens;
  }

  isAcknowledged(token: string): boolean {
    return this.editor.tap.isAcknowledged(token);
  }

  /** What the browser's sync indicator would say for this editor now (see `syncStateOf`). */
  syncState(): SyncState {
    return syncStateOf(this.editor);
  }

  /**
   * Takes the editor offline for good (until `editor.goOnline`). The provider's own
   * `disconnect` does not stick when it lands in a reconnect delay (the pending reconnect
   * turns connecting back on), so it is repeated until the socket stays down.
   */
  async goOffline(timeoutMs = 10_000): Promise<void> {
    const socket = this.editor.socket as unknown as { status: string; shouldConnect: boolean };
    const isDown = () => socket.status === 'disconnected' && !socket.shouldConnect;
    await waitFor(
      async () => {
        this.editor.goOffline();
        // Longer than the reconnect delay (WireEditor: 20–200 ms), so a pending reconnect shows.
        await sleep(300);
        return isDown();
      },
      'the editor to stay offline',
      timeoutMs,
      0,
    );
  }

  destroy(): void {
    this.stopping = true;
    this.editor.destroy();
  }
}

/** The tokens that `words` (a document's text, or storage's) lacks. */
export function missingFrom(words: ReadonlySet<string>, tokens: Iterable<string>): string[] {
  return [...tokens].filter((token) => !words.has(token));
}

/**
 * The sync indicator's state for an editor, by the browser's own rules: client/collab/sync-state.ts,
 * fed as client/collab/session.ts feeds it. A close the browser reports as a failure
 * (failures.ts: storage unavailable…) counts until the editor is synced with nothing unacknowledged.
 */
export function syncStateOf(editor: WireEditor): SyncState {
  const settled = editor.provider.isSynced && editor.provider.unsyncedChanges === 0;
  const closes = editor.tap.closes.filter((close) => close.via === 'socket');
  return deriveSyncState({
    status: editor.socket.status as 'connecting' | 'connected' | 'disconnected',
    synced: editor.provider.isSynced,
    everSynced: true,
    unsyncedChanges: editor.provider.unsyncedChanges,
    connectionLost: closes.length > 0 && !settled,
    online: true,
    contentReady: true,
    failed: !settled && closes.some((close) => failureFromClose(close) !== null),
  });
}
