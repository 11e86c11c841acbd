import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsUpdate } from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { statementDocumentName } from '../../shared/document-name.ts';
import { collabToken, type Person } from './api.ts';

const MESSAGE_SYNC: number = MessageType.Sync;
const MESSAGE_AUTH: number = MessageType.Auth;
const AUTH_TOKEN: number = AuthMessageType.Token;
const AUTH_PERMISSION_DENIED: number = AuthMessageType.PermissionDenied;
const AUTH_AUTHENTICATED: number = AuthMessageType.Authenticated;
const SYNC_UPDATE = messageYjsUpdate;

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

/**
 * A websocket speaking the Hocuspocus protocol by hand, for sending frames no real
 * provider would send. It records how the server closed it.
 */
export class RawCollabClient {
  readonly socket: WebSocket;
  readonly documentName: string;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly opened: Promise<void>;
  private readonly authAnswer: Promise<'authenticated' | 'denied'>;

  constructor(wsUrl: string, statementId: string, headers: Record<string, string> = {}) {
    this.documentName = statementDocumentName(statementId);
    this.socket = new WebSocket(wsUrl, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
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

  close(): void {
    this.socket.close();
  }
}
