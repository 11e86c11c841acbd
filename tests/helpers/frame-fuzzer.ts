import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { authFrame, buildCorpus, expectsSyncStep2, malformedFrame, readServerFrame, syncStep1Frame, type FrameCorpus } from './raw-frames.ts';
import { seededRandom, type Random } from './seeded-random.ts';

const SYNC: number = MessageType.Sync;
const AUTH: number = MessageType.Auth;
const CLOSE: number = MessageType.CLOSE;
const AUTHENTICATED: number = AuthMessageType.Authenticated;
const PERMISSION_DENIED: number = AuthMessageType.PermissionDenied;

export interface FuzzTarget {
  wsUrl: string;
  /** The statement the authenticated sockets are admitted to. */
  documentName: string;
  /** A statement the fuzzer has no right to (the canary's): some frames are aimed at it. */
  otherDocumentName: string;
  /** A collab token for `documentName` (reused by every authenticated socket). */
  token: string;
}

export interface FuzzPlan {
  seed: number;
  /** Sockets sending before authenticating, and after. */
  preAuthLanes: number;
  postAuthLanes: number;
  /** Pace of each lane, frames per second (kept below the server's per-socket rate limit). */
  framesPerSecondPerLane: number;
  /**
   * How long a lane waits for the answer to a probe before it gives the socket up. The
   * server may hold an update that builds on missing state for a few seconds (waiting for
   * the client's sync step 2) before refusing it; a lane that waited out every hold would
   * mostly wait. `patientShare` of the sockets wait `patientMs` to see how the hold ends.
   */
  probeTimeoutMs: number;
  patientShare: number;
  patientMs: number;
  /** Malformed frames per batch before a probe, [min, max]. */
  preAuthBatch: [number, number];
  postAuthBatch: [number, number];
}

export interface FuzzStats {
  /** Malformed frames written to a socket that was open. */
  framesSent: number;
  /** …of them on a socket before it authenticated, and after the server said "authenticated". */
  preAuthFrames: number;
  postAuthFrames: number;
  /** Frames in batches the server demonstrably finished handling (its answer to the probe after them arrived). */
  confirmedFrames: number;
  /** Batches the server ended by closing the socket or the document channel (it handled at least their first frame). */
  closingBatches: number;
  socketsOpened: number;
  upgradesRefused: number;
  authFailures: number;
  /** Document channels the server closed (a Hocuspocus CLOSE message) while the socket stayed open; the socket is then replaced. */
  channelCloses: number;
  probeTimeouts: number;
  /** Sockets given up after an unanswered probe (held by the server, or slow); the patient ones excluded. */
  abandoned: number;
  /** Close codes the server closed sockets with, `pre:`/`post:` authentication. */
  closeCodes: Record<string, number>;
  families: Record<string, number>;
}

/**
 * Sends malformed frames over many real websockets: lanes that never authenticate, and
 * lanes that authenticate for one statement first. Each lane sends a batch, then a probe the
 * server must answer (an authentication for a name that does not exist before, a sync step 1
 * after), and paces itself; a socket the server closes (for any reason: refusal, rate limit,
 * too many sockets, deadline) is replaced by a new one.
 */
export class FrameFuzzer {
  readonly stats: FuzzStats = {
    framesSent: 0,
    preAuthFrames: 0,
    postAuthFrames: 0,
    confirmedFrames: 0,
    closingBatches: 0,
    socketsOpened: 0,
    upgradesRefused: 0,
    authFailures: 0,
    channelCloses: 0,
    probeTimeouts: 0,
    abandoned: 0,
    closeCodes: {},
    families: {},
  };
  private readonly target: FuzzTarget;
  private readonly plan: FuzzPlan;
  private readonly corpus: FrameCorpus;
  private readonly sockets = new Set<WebSocket>();
  private quota = 0;
  private probeCounter = 0;
  /** The fuzzed document as the server has sent it to any lane: probes ask only for what is new. */
  private readonly mirror = new Y.Doc();

  constructor(target: FuzzTarget, plan: FuzzPlan) {
    this.target = target;
    this.plan = plan;
    this.corpus = buildCorpus(target.documentName, target.otherDocumentName);
  }

  /** Runs every lane until `frames` more frames have been sent. */
  async run(frames: number): Promise<void> {
    this.quota = this.stats.framesSent + frames;
    const lanes: Promise<void>[] = [];
    for (let i = 0; i < this.plan.preAuthLanes; i++) lanes.push(this.lane('pre', seededRandom((this.plan.seed + 7919 * (i + 1) + this.quota) >>> 0)));
    for (let i = 0; i < this.plan.postAuthLanes; i++) lanes.push(this.lane('post', seededRandom((this.plan.seed + 104729 * (i + 1) + this.quota) >>> 0)));
    await Promise.all(lanes);
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }

  private get done(): boolean {
    return this.stats.framesSent >= this.quota;
  }

  private async lane(kind: 'pre' | 'post', random: Random): Promise<void> {
    while (!this.done) {
      const socket = await this.open();
      if (!socket) {
        await sleep(25);
        continue;
      }
      try {
        await this.useSocket(socket.ws, socket.inbox, kind, random);
      } finally {
        socket.ws.terminate();
        this.sockets.delete(socket.ws);
      }
    }
  }

  private async useSocket(ws: WebSocket, inbox: Inbox, kind: 'pre' | 'post', random: Random): Promise<void> {
    const { documentName } = this.target;
    if (kind === 'post') {
      ws.send(authFrame(documentName, this.target.token));
      if (!(await inbox.until(() => inbox.authenticated || inbox.denied.size > 0, 5_000)) || !inbox.authenticated) {
        this.stats.authFailures++;
        return;
      }
    }
    const [min, max] = kind === 'pre' ? this.plan.preAuthBatch : this.plan.postAuthBatch;
    const patient = random.chance(this.plan.patientShare);
    const probeTimeoutMs = patient ? this.plan.patientMs : this.plan.probeTimeoutMs;
    while (!this.done && ws.readyState === WebSocket.OPEN && !inbox.channelClosed) {
      const startedAt = performance.now();
      const size = random.int(min, max);
      const steps2Before = inbox.steps2;
      let sent = 0;
      // After authentication, a sync step 1 the server will answer ends the batch and is its
      // probe: the server answers at most one outstanding sync step 1 per document and drops others.
      let probed = false;
      for (let i = 0; i < size && !probed && ws.readyState === WebSocket.OPEN && !this.done; i++) {
        const { family, bytes } = malformedFrame(random, this.corpus, kind);
        ws.send(bytes);
        sent++;
        this.stats.framesSent++;
        if (kind === 'pre') this.stats.preAuthFrames++;
        else this.stats.postAuthFrames++;
        this.stats.families[family] = (this.stats.families[family] ?? 0) + 1;
        probed = kind === 'post' && expectsSyncStep2(bytes, documentName);
      }
      if (ws.readyState !== WebSocket.OPEN || inbox.channelClosed) {
        this.stats.closingBatches++;
        break;
      }
      // The probe: answered only once the server has handled every frame before it.
      let answered: boolean;
      if (kind === 'post') {
        if (!probed) ws.send(syncStep1Frame(documentName, inbox.doc));
        answered = await inbox.until(() => inbox.steps2 > steps2Before, probeTimeoutMs);
      } else {
        const probe = `statement:fuzz-probe-${++this.probeCounter}`;
        ws.send(authFrame(probe, 'not-a-token'));
        answered = await inbox.until(() => inbox.denied.has(probe), probeTimeoutMs);
        inbox.denied.delete(probe);
      }
      if (answered) this.stats.confirmedFrames += sent;
      else if (ws.readyState !== WebSocket.OPEN || inbox.channelClosed) this.stats.closingBatches++;
      else {
        this.stats.probeTimeouts++;
        if (!patient) {
          this.stats.abandoned++;
          return;
        }
      }
      const due = (sent / this.plan.framesPerSecondPerLane) * 1000 - (performance.now() - startedAt);
      if (due > 0) await sleep(due);
    }
    if (inbox.channelClosed && ws.readyState === WebSocket.OPEN) this.stats.channelCloses++;
  }

  private async open(): Promise<{ ws: WebSocket; inbox: Inbox } | null> {
    const ws = new WebSocket(this.target.wsUrl, { perMessageDeflate: false });
    const inbox = new Inbox(this.target.documentName, this.mirror);
    let authenticated = false;
    ws.on('message', (data: Buffer) => {
      inbox.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      authenticated ||= inbox.authenticated;
    });
    ws.on('close', (code: number) => {
      const key = `${authenticated ? 'post' : 'pre'}:${code}`;
      this.stats.closeCodes[key] = (this.stats.closeCodes[key] ?? 0) + 1;
      inbox.closed = true;
      inbox.wake();
    });
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
      ws.once('unexpected-response', (_request, response) => {
        response.resume();
        resolve(false);
      });
    });
    ws.on('error', () => {});
    if (!opened) {
      this.stats.upgradesRefused++;
      ws.terminate();
      return null;
    }
    this.stats.socketsOpened++;
    this.sockets.add(ws);
    return { ws, inbox };
  }
}

/** What one socket has received: authentication answers, sync steps 2 (applied to a local copy), closing. */
class Inbox {
  readonly doc: Y.Doc;
  authenticated = false;
  readonly denied = new Set<string>();
  steps2 = 0;
  closed = false;
  /** The server closed this document's channel (the socket may stay open, but the document connection is gone). */
  channelClosed = false;
  private waiter: (() => void) | null = null;
  private readonly documentName: string;

  constructor(documentName: string, mirror: Y.Doc) {
    this.documentName = documentName;
    this.doc = mirror;
  }

  receive(bytes: Uint8Array): void {
    const message = readServerFrame(bytes);
    if (!message) return;
    if (message.type === AUTH) {
      if (message.authKind === AUTHENTICATED && message.documentName === this.documentName) this.authenticated = true;
      if (message.authKind === PERMISSION_DENIED) this.denied.add(message.documentName);
    } else if (message.type === CLOSE && message.documentName === this.documentName) {
      this.channelClosed = true;
    } else if (message.type === SYNC && message.documentName === this.documentName) {
      if (message.syncType === messageYjsSyncStep2) this.steps2++;
      if (message.syncType === messageYjsSyncStep2 || message.syncType === messageYjsUpdate) this.apply(bytes);
    }
    this.wake();
  }

  /** Resolves true once `condition` holds, false if the socket closes first or `timeoutMs` passes. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.closed || this.channelClosed || Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
      this.waiter = null;
    }
    return true;
  }

  wake(): void {
    this.waiter?.();
  }

  /** Keeps the shared copy current, so that probes ask only for what is new. */
  private apply(bytes: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarString(decoder);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder));
    } catch {
      // What the server holds may not apply to a bare copy; the probe then asks for a little more.
    }
  }
}
