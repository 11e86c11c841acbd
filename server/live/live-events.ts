import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../shared/api/live.ts';

interface Stream {
  userId: string;
  sessionHash: string;
  response: ServerResponse;
}

/**
 * Per-person live signals (server-sent events on GET /api/live): "your statement list
 * changed", "you have a new notification". A signal carries no content, only what to
 * refetch over REST, where every read is authorized again; so a signal sent to someone
 * who just lost access leaks nothing. One process: several instances fan out through
 * the shared bus of the scale-out work.
 */
export class LiveEvents {
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly heartbeat: NodeJS.Timeout;

  /** Streams one person may hold open at once (tabs, windows); beyond it a new one is refused. */
  readonly maxStreamsPerUser: number;

  /**
   * `sessionAlive`: whether a session still exists (not logged out, not expired). Each heartbeat
   * asks it for every stream's session and ends the streams of sessions that ended any other way
   * than through `endSessions` (expiry, another instance): a stream lives no longer than its session.
   */
  constructor(options: { heartbeatMs?: number; maxStreamsPerUser?: number; sessionAlive?: (sessionHash: string) => Promise<boolean> } = {}) {
    this.maxStreamsPerUser = options.maxStreamsPerUser ?? 8;
    const sessionAlive = options.sessionAlive;
    // Proxies close idle streams; a comment line keeps them open.
    this.heartbeat = setInterval(() => {
      for (const set of this.streams.values()) for (const stream of set) this.write(stream, ': keep-alive\n\n');
      if (sessionAlive) void this.endDeadSessions(sessionAlive).catch(() => {});
    }, options.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
  }

  private async endDeadSessions(sessionAlive: (sessionHash: string) => Promise<boolean>): Promise<void> {
    const hashes = new Set<string>();
    for (const set of this.streams.values()) for (const stream of set) hashes.add(stream.sessionHash);
    const dead: string[] = [];
    for (const hash of hashes) if (!(await sessionAlive(hash))) dead.push(hash);
    if (dead.length > 0) this.endSessions(dead);
  }

  /** Open streams of one person. */
  streamsOf(userId: string): number {
    return this.streams.get(userId)?.size ?? 0;
  }

  /** Adopts an open SSE response for the user; it is forgotten when the client goes away or it fails. */
  attach(userId: string, sessionHash: string, response: ServerResponse): void {
    const stream: Stream = { userId, sessionHash, response };
    let set = this.streams.get(userId);
    if (!set) this.streams.set(userId, (set = new Set()));
    set.add(stream);
    response.on('close', () => this.forget(stream));
    response.on('error', () => this.forget(stream));
  }

  /** Sends `event` to every open stream of each user (users with none are skipped). */
  publish(userIds: Iterable<string>, event: LiveEvent): void {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const userId of new Set(userIds)) {
      for (const stream of this.streams.get(userId) ?? []) this.write(stream, frame);
    }
  }

  /** Closes the streams opened under these sessions at once: they were ended (logout, password change). */
  endSessions(sessionHashes: readonly string[]): void {
    const ended = new Set(sessionHashes);
    for (const set of [...this.streams.values()]) {
      for (const stream of [...set]) if (ended.has(stream.sessionHash)) this.end(stream);
    }
  }

  private write(stream: Stream, chunk: string): void {
    // A stream being ended is forgotten first, so this never writes after end.
    if (stream.response.writableEnded || stream.response.destroyed) this.forget(stream);
    else stream.response.write(chunk);
  }

  private end(stream: Stream): void {
    this.forget(stream);
    stream.response.end();
  }

  private forget(stream: Stream): void {
    const set = this.streams.get(stream.userId);
    if (!set) return;
    set.delete(stream);
    if (set.size === 0) this.streams.delete(stream.userId);
  }

  /** Open streams, for tests and metrics. */
  get openStreams(): number {
    let count = 0;
    for (const set of this.streams.values()) count += set.size;
    return count;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of [...this.streams.values()]) for (const stream of [...set]) this.end(stream);
    this.streams.clear();
  }
}
