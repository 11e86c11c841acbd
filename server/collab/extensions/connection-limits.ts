import type { afterHandleMessagePayload, connectedPayload, Extension } from '@hocuspocus/server';
import { CloseCodes } from '../../../shared/close-codes.ts';
import type { SocketLimits } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { CollabContext } from './authenticate.ts';
import { closeSocket, CollabRefusal, refuse } from '../refusal.ts';
import { SocketGuard, type GuardedSocket } from '../socket-guard.ts';

/**
 * Documents one socket may have waiting for authentication at once (Hocuspocus's
 * `maxPendingDocuments`): each holds its own queue of early frames. A browser opens one
 * statement per tab, so 8 is plenty.
 */
export const MAX_PENDING_DOCUMENTS_PER_SOCKET = 8;

/**
 * How many sockets and connections this instance holds, and what each may cost
 * (`config.socketLimits`):
 *
 * - Unauthenticated sockets are capped on this instance and per remote address; a socket over
 *   either cap is closed at once (4409) and never reaches Hocuspocus. A socket stops counting
 *   when one of its documents authenticates, and when it closes.
 * - Each admitted socket gets a SocketGuard (pre-authentication deadline, inbound rate limits,
 *   outbound bound, one outstanding sync step 1 per document); see socket-guard.ts.
 * - Open document connections per user are capped on this instance: the connection that
 *   passes the cap is refused (4409) as soon as it is connected.
 *
 * The socket-level part is called by the websocket route (`admitSocket`); the rest are
 * Hocuspocus hooks. Everything is counted in this process only: with several instances
 * the caps hold per instance.
 */
export class ConnectionLimits implements Extension {
  readonly extensionName = 'ConnectionLimits';
  private readonly limits: SocketLimits;
  private readonly logger: Logger;
  private readonly unauthenticated = new Set<SocketGuard>();
  private readonly unauthenticatedByAddress = new Map<string, number>();
  private readonly guards = new WeakMap<object, SocketGuard>();
  private readonly connectionsByUser = new Map<string, number>();

  constructor(limits: SocketLimits, logger: Logger) {
    this.limits = limits;
    this.logger = logger;
  }

  /** Unauthenticated sockets on this instance right now (tests and metrics read it). */
  get unauthenticatedCount(): number {
    return this.unauthenticated.size;
  }

  /**
   * Admits a new socket, or closes it (4409) when the unauthenticated caps are reached.
   * The guard returned wraps the socket's `send`; the route passes every inbound frame
   * through `admitFrame` and reports the close with `closed`.
   */
  admitSocket(socket: GuardedSocket, address: string): SocketGuard | null {
    const fromAddress = this.unauthenticatedByAddress.get(address) ?? 0;
    if (this.unauthenticated.size >= this.limits.maxUnauthenticated || fromAddress >= this.limits.maxUnauthenticatedPerAddress) {
      const scope = fromAddress >= this.limits.maxUnauthenticatedPerAddress ? 'address' : 'instance';
      this.logger.warn(
        { refusal: CloseCodes.TooManyConnections.reason, code: CloseCodes.TooManyConnections.code, address, scope },
        `collab socket refused: too many unauthenticated sockets (${scope})`,
      );
      closeSocket(socket, CloseCodes.TooManyConnections);
      return null;
    }
    const guard: SocketGuard = new SocketGuard(socket, address, this.limits, this.logger, {
      onAuthenticated: () => this.forgetUnauthenticated(guard),
      onReleased: () => this.forgetUnauthenticated(guard),
    });
    this.unauthenticated.add(guard);
    this.unauthenticatedByAddress.set(address, fromAddress + 1);
    this.guards.set(socket, guard);
    return guard;
  }

  /**
   * Guarantees: a connected document connection counts against its user until it closes;
   * the one that passes `maxConnectionsPerUser` is refused (its socket closed with 4409).
   */
  async connected({ connection }: connectedPayload): Promise<void> {
    const guard = this.guards.get(connection.webSocket);
    const address = connection.messageAddress;
    guard?.documentOpened(address);
    const userId = (connection.context as CollabContext).userId;
    const count = (this.connectionsByUser.get(userId) ?? 0) + 1;
    this.connectionsByUser.set(userId, count);
    connection.onClose(() => {
      guard?.documentClosed(address);
      this.releaseUserConnection(userId);
    });
    if (count > this.limits.maxConnectionsPerUser) {
      refuse(
        connection,
        new CollabRefusal(CloseCodes.TooManyConnections, `more than ${this.limits.maxConnectionsPerUser} open connections for one user`),
        this.logger,
      );
    }
  }

  /** A sync step 1 has been answered (the reply is on the socket): the next one may be handled once it is sent. */
  async afterHandleMessage({ connection, update: frame }: afterHandleMessagePayload): Promise<void> {
    this.guards.get(connection.webSocket)?.answeredSyncStep1(frame);
  }

  private forgetUnauthenticated(guard: SocketGuard): void {
    if (!this.unauthenticated.delete(guard)) return;
    const left = (this.unauthenticatedByAddress.get(guard.address) ?? 1) - 1;
    if (left > 0) this.unauthenticatedByAddress.set(guard.address, left);
    else this.unauthenticatedByAddress.delete(guard.address);
  }

  private releaseUserConnection(userId: string): void {
    const left = (this.connectionsByUser.get(userId) ?? 1) - 1;
    if (left > 0) this.connectionsByUser.set(userId, left);
    else this.connectionsByUser.delete(userId);
  }
}
