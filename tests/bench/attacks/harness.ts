/**
 * What tests/bench/attacks.ts measures with: the server child's RSS, a canary's keystroke
 * acknowledgement latency, rows stored for a document, raw sockets that count what they
 * receive, and the frames no provider sends. Uses only what the test helpers offered before
 * admission (commit d31c9e0) too, so the same script runs on both sides of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { statementDocumentName } from '../../../shared/document-name.ts';
import type { Person } from '../../helpers/api.ts';
import type { EditorClient } from '../../helpers/editor-client.ts';
import { RawCollabClient, frame } from '../../helpers/raw-client.ts';
import { percentile } from '../stats.ts';

export interface Target {
  baseUrl: string;
  wsUrl: string;
  pid: number;
  dataDir: string;
}

// ---------------------------------------------------------------- server memory

function statusField(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : NaN; // kB → MB
}

export const rssMB = (pid: number) => statusField(pid, 'VmRSS');

export interface RssFigures {
  before: number;
  peak: number;
  after: number;
}

/**
 * Samples the server's VmRSS every 20 ms. The peak also comes from VmHWM, reset at the start
 * (writing 5 to /proc/<pid>/clear_refs), so a spike between two samples is not missed.
 */
export class RssWatch {
  private readonly pid: number;
  private readonly before: number;
  private peak: number;
  private readonly timer: NodeJS.Timeout;
  private readonly hwmReset: boolean;

  constructor(pid: number) {
    this.pid = pid;
    let reset = false;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      reset = true;
    } catch {
      // not permitted here: sampling alone
    }
    this.hwmReset = reset;
    this.before = rssMB(pid);
    this.peak = this.before;
    this.timer = setInterval(() => {
      try {
        this.peak = Math.max(this.peak, rssMB(this.pid));
      } catch {
        // the process is gone
      }
    }, 20);
  }

  stop(): RssFigures {
    clearInterval(this.timer);
    let after = NaN;
    try {
      after = rssMB(this.pid);
      if (this.hwmReset) this.peak = Math.max(this.peak, statusField(this.pid, 'VmHWM'));
    } catch {
      // gone
    }
    return { before: this.before, peak: Math.max(this.peak, after || 0), after };
  }
}

// ---------------------------------------------------------------- keystrokes

/** A keystroke that was not acknowledged within this many ms counts as this. */
export const ACK_TIMEOUT_MS = 15_000;

/** Makes `edit` on `editor` and resolves with the ms until the provider's unsyncedChanges is back to 0 (ACK_TIMEOUT_MS if never). */
export function keystroke(editor: EditorClient, edit: () => void = () => editor.insertText(0, 1e9, 'k')): Promise<number> {
  const provider = editor.provider;
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = (ms: number) => {
      clearTimeout(timer);
      provider.off('unsyncedChanges', onChange);
      resolve(ms);
    };
    const onChange = ({ number }: { number: number }) => {
      if (number === 0) finish(performance.now() - started);
    };
    const timer = setTimeout(() => finish(ACK_TIMEOUT_MS), ACK_TIMEOUT_MS);
    provider.on('unsyncedChanges', onChange);
    edit();
    if (provider.unsyncedChanges === 0) finish(performance.now() - started);
  });
}

export interface Latencies {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** Keystrokes not acknowledged within ACK_TIMEOUT_MS. */
  timeouts: number;
  /** Keystrokes over 100 ms. */
  over100: number;
}

export function latencies(values: number[]): Latencies {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : NaN,
    timeouts: values.filter((v) => v >= ACK_TIMEOUT_MS).length,
    over100: values.filter((v) => v > 100).length,
  };
}

/**
 * `count` keystrokes, one every `intervalMs` (the next one waits for the previous
 * acknowledgement, so a slow one delays the rest), or keystrokes until `untilMs` have passed.
 */
export async function typeKeystrokes(editor: EditorClient, options: { count?: number; forMs?: number; intervalMs?: number }): Promise<Latencies> {
  const interval = options.intervalMs ?? 50;
  const deadline = options.forMs !== undefined ? performance.now() + options.forMs : Infinity;
  const values: number[] = [];
  while ((options.count === undefined || values.length < options.count) && performance.now() < deadline) {
    const started = performance.now();
    values.push(await keystroke(editor));
    const rest = interval - (performance.now() - started);
    if (rest > 0) await sleep(rest);
  }
  return latencies(values);
}

// ---------------------------------------------------------------- storage

export interface StoredRows {
  updates: number;
  updateBytes: number;
  snapshotBytes: number;
  quarantined: number;
}

/** Rows the server holds for a statement's document, read from its SQLite file (read-only). */
export function storedRows(dataDir: string, statementId: string): StoredRows {
  const db = new DatabaseSync(join(dataDir, 'jointly.sqlite'), { readOnly: true });
  try {
    const name = statementDocumentName(statementId);
    const one = (sql: string) => db.prepare(sql).get(name) as { n: number; bytes: number };
    const updates = one('SELECT count(*) AS n, coalesce(sum(length("update")), 0) AS bytes FROM document_updates WHERE name = ?');
    const snapshot = one('SELECT count(*) AS n, coalesce(sum(length(state)), 0) AS bytes FROM document_snapshots WHERE name = ?');
    const quarantined = one('SELECT count(*) AS n, 0 AS bytes FROM quarantined_updates WHERE name = ?');
    return { updates: Number(updates.n), updateBytes: Number(updates.bytes), snapshotBytes: Number(snapshot.bytes), quarantined: Number(quarantined.n) };
  } finally {
    db.close();
  }
}

export const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

/** "log +1 (+3.4 MB)" and the like: what a statement's rows gained between two readings. */
export function storedDelta(before: StoredRows, after: StoredRows): string {
  const rows = after.updates - before.updates;
  const parts = [rows >= 0 ? `log +${rows} (+${kb(after.updateBytes - before.updateBytes)})` : `log ${rows} (compacted)`];
  if (after.snapshotBytes !== before.snapshotBytes) parts.push(`snapshot ${kb(before.snapshotBytes)} → ${kb(after.snapshotBytes)}`);
  parts.push(`quarantine +${after.quarantined - before.quarantined}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------- raw sockets

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;

export interface Closed {
  code: number;
  reason: string;
  atMs: number;
}

/** An authenticated raw socket (RawCollabClient) that counts what it receives and when it was closed. */
export class Raw {
  readonly client: RawCollabClient;
  bytes = 0;
  syncStep2Bytes = 0;
  syncStep2Frames = 0;
  awarenessBytes = 0;
  closedWith: Closed | null = null;
  private readonly openedAt = performance.now();
  /** Close times count from the first frame sent (the attack), or from authentication. */
  private firstSentAt: number | null = null;

  private constructor(client: RawCollabClient) {
    this.client = client;
    client.socket.on('error', () => {});
    client.socket.on('message', (data: Buffer) => {
      this.bytes += data.byteLength;
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        decoding.readVarString(decoder);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_STEP_2) {
          this.syncStep2Bytes += data.byteLength;
          this.syncStep2Frames += 1;
        }
        if (type === MESSAGE_AWARENESS) this.awarenessBytes += data.byteLength;
      } catch {
        // not a frame we read
      }
    });
    void client.closed.then(({ code, reason }) => (this.closedWith = { code, reason, atMs: performance.now() - (this.firstSentAt ?? this.openedAt) }));
  }

  static async open(server: Target, statementId: string, as: Pick<Person, 'cookie'>): Promise<Raw> {
    return new Raw(await RawCollabClient.open(server, statementId, as));
  }

  get documentName(): string {
    return this.client.documentName;
  }

  send(bytes: Uint8Array): void {
    this.firstSentAt ??= performance.now();
    if (this.client.socket.readyState === this.client.socket.OPEN) this.client.send(bytes);
  }

  /** The close the server gave within `ms`, or null if the socket is still open then. */
  async closedWithin(ms: number): Promise<Closed | null> {
    await Promise.race([this.client.closed, sleep(ms)]);
    return this.closedWith;
  }

  pauseReading(): void {
    (this.client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.client.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  close(): void {
    if (this.client.socket.readyState === this.client.socket.OPEN) this.client.close();
  }

  terminate(): void {
    this.client.socket.terminate();
  }
}

/** "closed 4422 update-refused" or "accepted (open)". */
export function didWhat(closed: Closed | null): string {
  if (!closed) return 'accepted (open)';
  return `closed ${closed.code}${closed.reason ? ` ${closed.reason}` : ''}${closed.atMs > 1_000 ? ` after ${(closed.atMs / 1000).toFixed(1)} s` : ''}`;
}

/** A sync step 1 with the empty state vector ("send me everything"). */
export function syncStep1Frame(documentName: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, new Uint8Array([0]));
  });
}

/** An awareness frame with one entry; `json` is the state's exact JSON text. */
export function awarenessFrame(documentName: string, clientId: number, clock: number, json: string): Uint8Array {
  const update = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  });
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A Yjs update (V1) with no structs and a delete set of `ranges` ranges under one client nobody has. */
export function pendingDeleteBomb(ranges: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, 987_654_321);
  encoding.writeVarUint(encoder, ranges);
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(encoder, i * 10);
    encoding.writeVarUint(encoder, 5);
  }
  return encoding.toUint8Array(encoder);
}

/** A Yjs update (V1) of one GC struct of `length` under `client` from `clock` (content that never existed, "already integrated"). */
export function gcSquat(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client with structs
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  encoding.writeUint8(encoder, 0); // GC
  encoding.writeVarUint(encoder, length);
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}
