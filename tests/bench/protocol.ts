/** IPC messages between tests/bench/ack-latency.ts and tests/bench/background-editors.ts. */
export type BackgroundRequest =
  | {
      type: 'start';
      server: { baseUrl: string; wsUrl: string };
      statementId: string;
      /** Session cookie of the person the editors connect as (the statement's creator). */
      cookie: string;
      editors: number;
      meanIntervalMs: number;
    }
  | { type: 'type' }
  | { type: 'stop' }
  | { type: 'verify'; key: string }
  | { type: 'close' };

export type BackgroundReply =
  | { type: 'ready'; editors: number }
  | { type: 'stopped'; keystrokes: number; typingMs: number; unacknowledged: number }
  | { type: 'verified'; mismatched: number }
  | { type: 'error'; message: string };
