import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import { CloseCodes, type CloseCode } from '../../shared/close-codes.ts';
import type { SocketLimits } from '../config.ts';
import type { Logger } from '../logger.ts';
import { closeSocket } from './refusal.ts';
import { TokenBucket } from './token-bucket.ts';

/** What a guard needs of a websocket (a `ws` WebSocket as @fastify/websocket hands it over). */
export interface GuardedSocket {
  send(data: Uint8Array, callback?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  readonly bufferedAmount: number;
  readonly readyState: number;
}

/** The inbound rate limits let this many seconds' worth through at once (an offline session's replay). */
const INBOUND_BURST_SECONDS = 10;

/**
 * Sync step 1 frames dropped in a row (each while the answer to an earlier one was still
 * unsent) after which the socket is closed as a slow consumer: it keeps asking for the
 * document without reading it. A provider sends one per connect (and at most one per
 * `forceSyncInterval`), so it never gets near this.
 */
const MAX_DROPPED_SYNC_STEP_1 = 8;

const MESSAGE_SYNC: number = MessageType.Sync;
const MESSAGE_SYNC_REPLY: number = MessageType.SyncReply;
const MESSAGE_AUTH: number = MessageType.Auth;
const AUTH_AUTHENTICATED: number = AuthMessageType.Authenticated;

/** A document's sync step 1 on this socket: being answered, or answered (the reply may still be unsent). */
type SyncStep1State = 'answering' | 'answered';

/**
 * The limits of one /collab socket, enforced where its bytes enter and leave the process
 * (server/collab/websocket-route.ts calls `admitFrame` before Hocuspocus sees a frame, and
 * every send goes through the guard). Each close is one structured log line and a close code
 * from shared/close-codes.ts; a closed guard lets nothing more in or out.
 *
 * - Inbound: frames and bytes per second, as token buckets holding 10 s worth (4429).
 * - Outbound: once more than `maxOutboundBufferBytes` are waiting unsent (a client that does
 *   not read), the socket is closed (4508) instead of buffering more. Checked on every send
 *   and every inbound frame (each may ask for output), so what one socket holds is bounded
 *   by the cap plus one message.
 * - Sync step 1: at most one outstanding per document. A further one is dropped, unanswered,
 *   while the earlier one is still being answered or the socket still has unsent output
 *   behind its reply; after 8 such drops in a row the socket is closed (4508). A provider
 *   sends one per (re)connect, so it never waits on this.
 * - Before authentication: closed (4408) when no document has authenticated within
 *   `preAuthTimeoutMs`. The socket counts as authenticated from the moment Hocuspocus
 *   answers `Authenticated` for one of its documents (seen on the way out, so a slow
 *   document load does not run into the deadline).
 */
export class SocketGuard {
  readonly address: string;
  private readonly socket: GuardedSocket;
  private readonly limits: SocketLimits;
  private readonly logger: Logger;
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly onAuthenticated: () => void;
  private readonly onReleased: () => void;
  private readonly sendToSocket: GuardedSocket['send'];
  private deadline: NodeJS.Timeout | undefined;
  private authenticated = false;
  private closing = false;
  private droppedSyncSteps = 0;
  /** By message address (document name, or name and session): the state of its last sync step 1. */
  private readonly syncSteps = new Map<string, SyncStep1State>();
  /** Message addresses with an established document connection (Hocuspocus `connected`). */
  private readonly established = new Set<string>();

  constructor(socket: GuardedSocket, address: string, limits: SocketLimits, logger: Logger, events: { onAuthenticated: () => void; onReleased: () => void }) {
    this.socket = socket;
    this.address = address;
    this.limits = limits;
    this.logger = logger;
    this.frames = new TokenBucket(limits.inboundFramesPerSecond, INBOUND_BURST_SECONDS);
    this.bytes = new TokenBucket(limits.inboundBytesPerSecond, INBOUND_BURST_SECONDS);
    this.onAuthenticated = events.onAuthenticated;
    this.onReleased = events.onReleased;
    this.sendToSocket = socket.send.bind(socket);
    socket.send = (data: Uint8Array) => this.send(data);
    this.deadline = setTimeout(() => this.close(CloseCodes.AuthenticationTimeout, 'no document authenticated in time'), limits.preAuthTimeoutMs);
    this.deadline.unref();
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /**
   * Called for every inbound frame before Hocuspocus sees it. False when the frame must not
   * be handled: the socket was closed (by this frame's limit or earlier), or the frame is a
   * sync step 1 dropped because an earlier one is still outstanding.
   */
  admitFrame(frame: Uint8Array): boolean {
    if (this.closing) return false;
    if (!this.frames.take(1) || !this.bytes.take(frame.byteLength)) {
      this.close(CloseCodes.RateLimited, 'inbound frames or bytes over the rate limit');
      return false;
    }
    if (this.isBehind()) return false;
    const head = readFrameHead(frame);
    if (head?.kind === 'sync-step-1') {
      const state = this.syncSteps.get(head.address);
      if (state === 'answering' || (state === 'answered' && this.socket.bufferedAmount > 0)) {
        if (++this.droppedSyncSteps > MAX_DROPPED_SYNC_STEP_1) {
          this.close(CloseCodes.SlowConsumer, `${this.droppedSyncSteps} sync step 1 frames in a row while the answer was unsent`);
        }
        return false;
      }
      this.droppedSyncSteps = 0;
      this.syncSteps.set(head.address, 'answering');
    } else if (head?.kind === 'auth' && !this.established.has(head.address)) {
      // A fresh authentication attempt for that document starts its sync afresh (a refused
      // attempt leaves its sync step 1 unanswered forever).
      this.syncSteps.delete(head.address);
    }
    return true;
  }

  /** Hocuspocus has handled a sync step 1 of this document: its reply has been handed to the socket. */
  answeredSyncStep1(frame: Uint8Array): void {
    const head = readFrameHead(frame);
    if (head?.kind === 'sync-step-1' && this.syncSteps.has(head.address)) this.syncSteps.set(head.address, 'answered');
  }

  documentOpened(address: string): void {
    this.established.add(address);
  }

  documentClosed(address: string): void {
    this.established.delete(address);
    this.syncSteps.delete(address);
  }

  /** Closes the socket with `close` (once), logs why, and destroys it if the peer does not answer. */
  close(close: CloseCode, message: string): void {
    if (this.closing) return;
    this.closing = true;
    this.release();
    this.logger.warn({ refusal: close.reason, code: close.code, address: this.address }, `collab socket closed: ${message}`);
    closeSocket(this.socket, close);
  }

  /** The socket closed (whoever closed it): stop its timers and free what it counted against. */
  closed(): void {
    this.closing = true;
    this.release();
  }

  private send(data: Uint8Array): void {
    if (this.closing || this.isBehind()) return;
    if (!this.authenticated && isAuthenticatedAnswer(data)) {
      this.authenticated = true;
      clearTimeout(this.deadline);
      this.onAuthenticated();
    }
    this.sendToSocket(data);
  }

  /** True (and the socket closed) when more than the outbound cap is waiting unsent. */
  private isBehind(): boolean {
    if (this.socket.bufferedAmount <= this.limits.maxOutboundBufferBytes) return false;
    this.close(CloseCodes.SlowConsumer, `more than ${this.limits.maxOutboundBufferBytes} bytes unsent`);
    return true;
  }

  private release(): void {
    clearTimeout(this.deadline);
    this.onReleased();
  }
}

type FrameHead = { kind: 'sync-step-1' | 'auth'; address: string };

/**
 * What the guard needs to know of a frame: whether it is a sync step 1 or an authentication
 * message, and for which message address. Null for anything else, and for frames that do
 * not parse (FrameValidation and Hocuspocus deal with those). Only the two varints after the
 * address are read for other frames; the address is decoded only when it is needed.
 */
export function readFrameHead(frame: Uint8Array): FrameHead | null {
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint8Array(decoder); // the address
    const messageType = decoding.readVarUint(decoder);
    let kind: FrameHead['kind'];
    if (messageType === MESSAGE_SYNC || messageType === MESSAGE_SYNC_REPLY) {
      if (decoding.readVarUint(decoder) !== messageYjsSyncStep1) return null;
      kind = 'sync-step-1';
    } else if (messageType === MESSAGE_AUTH) {
      kind = 'auth';
    } else {
      return null;
    }
    return { kind, address: decoding.readVarString(decoding.createDecoder(frame)) };
  } catch {
    return null;
  }
}

/** True for Hocuspocus's answer `Authenticated` to a document's authentication message. */
function isAuthenticatedAnswer(data: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint8Array(decoder); // the address
    return decoding.readVarUint(decoder) === MESSAGE_AUTH && decoding.readVarUint(decoder) === AUTH_AUTHENTICATED;
  } catch {
    return false;
  }
}
