/** IPC messages between the bench (tests/bench/run.ts) and its thin load generator (load-generator.ts). */
import type { ServerKind } from './thin-protocol.ts';

export interface ThinClientSpec {
  /** The statement this client edits; the same key on both servers means the same starting text. */
  key: string;
  /** Jointly: `statement:<id>`; baseline: the room name. */
  documentName: string;
  /** Jointly's collab token for this connection (none for the baseline). */
  token?: string;
  /** Which logical editor of the statement this is: the same editor sends the same pre-encoded keystrokes to both servers. */
  editor: number;
}

export type LoadRequest =
  | {
      type: 'open';
      group: string;
      kind: ServerKind;
      wsUrl: string;
      clients: ThinClientSpec[];
      /** Baseline rooms start empty: the first client of each room sends the statement's starting state (learned from Jointly). */
      seedRooms: boolean;
      /** Each client sends one awareness state once synced. */
      awarenessOnOpen: boolean;
      /** Connections opened at the same time. */
      concurrency: number;
      /** This group will type: encode its keystrokes now, before any measurement window. */
      willType: boolean;
    }
  | { type: 'type'; group: string; keystrokesPerSecond: number; awareness: boolean }
  | { type: 'stop'; group: string }
  | { type: 'verify'; group: string; timeoutMs: number }
  | { type: 'close'; group: string }
  | { type: 'exit' };

export type LoadReply =
  | { type: 'opened'; group: string; clients: number; failed: number; joinMs: number[] }
  | { type: 'stopped'; group: string; keystrokes: number; awareness: number; exhausted: number; received: { updates: number; others: number; bytes: number } }
  | { type: 'verified'; group: string; clients: number; short: number; missingUpdates: number; closedByServer: number }
  | { type: 'closed'; group: string }
  | { type: 'error'; message: string };
