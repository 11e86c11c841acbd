import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1, messageYjsUpdate } from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { statementDocumentName } from '../../shared/document-name.ts';
import { collabToken, type Person } from './api.ts';

const MESSAGE_SYNC: number = MessageType.Sync;
const MESSAGE_AWARENESS: number = MessageType.Awareness;
const MESSAGE_QUERY_AWARENESS: number = MessageType.QueryAwareness;
const MESSAGE_AUTH: number = MessageType.Auth;
const AUTH_TOKEN: number = AuthMessageType.Token;
const AUTH_PERMISSION_DENIED: number = AuthMessageType.PermissionDenied;
const AUTH_AUTHENTICATED: number = AuthMessageType.Authenticated;
const SYNC_UPDATE = messageYjsUpdate;
const SYNC_STEP_1 = messageYjsSyncStep1;

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function updateFrame(documentName: string, update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A sync step 1 carrying `stateVector` (by default the empty one: "send me everything"). */
export function syncStep1Frame(documentName: string, stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** One entry of an awareness update: `state` is encoded as JSON, unless `json` gives the exact text. */
export type AwarenessEntry = { clientId: number; clock: number } & ({ state: unknown } | { json: string });

/** An awareness frame carrying these entries, as y-protocols encodes them (count, then clientID, clock, JSON each). */
export function awarenessFrame(documentName: string, entries: AwarenessEntry[]): Uint8Array {
  const update = frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, 'json' in entry ? entry.json : JSON.stringify(entry.state));
    }
  });
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A query-awareness frame: harmless, answered with nothing, the cheapest frame to flood with. */
export function queryAwarenessFrame(documentName: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS);
  });
}

/**
 * A websocket speaking the Hocuspocus protocol by hand, for sending frames no real
 * provider would send. It records how the server closed it.
 */
export class RawCollabClient {
  readonly socket: WebSocket;
  readonly documentName: string;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the websocket is open (rejects if the upgrade failed). */
  readonly opened: Promise<void>;
  /** Frames received, by message type (and, for sync messages, `0:<sync type>`). */
  readonly receivedByType = new Map<string, number>();
  bytesReceived = 0;
  private readonly authAnswer: Promise<'authenticated' | 'denied'>;

  /** `localAddress` picks the loopback address the socket comes from (127.0.0.2, …: another remote address to the server). */
  constructor(wsUrl: string, statementId: string, headers: Record<string, string> = {}, options: { localAddress?: string } = {}) {
    this.documentName = statementDocumentName(statementId);
    this.socket = new WebSocket(wsUrl, { headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    this.socket.on('message', (data: Buffer) => {
      this.bytesReceived += data.byteLength;
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        decoding.readVarString(decoder);
        const type = decoding.readVarUint(decoder);
        const key = type === MESSAGE_SYNC ? `${type}:${decoding.readVarUint(decoder)}` : String(type);
        this.receivedByType.set(key, (this.receivedByType.get(key) ?? 0) + 1);
      } catch {
        this.receivedByType.set('unreadable', (this.receivedByType.get('unreadable') ?? 0) + 1);
      }
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
    this.opened.catch(() => {}); // awaited by whoever needs it; a refused upgrade is not an unhandled rejection
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.authAnswer = new Promise((resolve) => {
      this.socket.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        decoding.readVarString(decoder);
        if (decoding.readVarUint(decoder) !== MESSAGE_AUTH) return;
        const kind = decoding.readVarUint(decoder);
        if (kind === AUTH_AUTHENTICATED) resolve('authenticated');
        if (kind === AUTH_PERMISSION_DENIED) resolve('denied');
      });
    });
  }

  /** Opens the socket and authenticates with `token`; resolves with the server's answer. */
  async authenticate(token: string): Promise<'authenticated' | 'denied'> {
    await this.opened;
    this.send(
      frame((e) => {
        encoding.writeVarString(e, this.documentName);
        encoding.writeVarUint(e, MESSAGE_AUTH);
        encoding.writeVarUint(e, AUTH_TOKEN);
        encoding.writeVarString(e, token);
      }),
    );
    return this.authAnswer;
  }

  static async open(server: { baseUrl: string; wsUrl: string }, statementId: string, as?: Pick<Person, 'cookie'>): Promise<RawCollabClient> {
    const client = new RawCollabClient(server.wsUrl, statementId);
    const answer = await client.authenticate(await collabToken(server.baseUrl, statementId, as));
    if (answer !== 'authenticated') throw new Error('raw client was not authenticated');
    return client;
  }

  send(bytes: Uint8Array): void {
    this.socket.send(bytes);
  }

  /** How many sync step 2 frames (answers to a sync step 1) have arrived. */
  get syncStep2Received(): number {
    return this.receivedByType.get(`${MESSAGE_SYNC}:1`) ?? 0;
  }

  /**
   * Stops reading from the TCP socket, as a client that never reads: what the server sends
   * piles up in the kernel's buffers, then in the server's.
   */
  pauseReading(): void {
    this.tcpSocket().pause();
  }

  resumeReading(): void {
    this.tcpSocket().resume();
  }

  private tcpSocket(): Socket {
    const tcp = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!tcp) throw new Error('the websocket has no TCP socket (not open yet, or closed)');
    return tcp;
  }

  close(): void {
    this.socket.close();
  }
}
