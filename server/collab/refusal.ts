import type { Connection } from '@hocuspocus/server';
import type { CloseCode } from '../../shared/close-codes.ts';
import type { Logger } from '../logger.ts';

/**
 * The one way the collaboration pipeline refuses something a connection sent, and the one
 * way it closes a socket it refuses before any connection owns it (`closeSocket`).
 *
 * A hook throws a `CollabRefusal`; `refuse` (called once, where the hook is caught) logs one
 * structured line and closes the connection's whole websocket with the refusal's code and
 * reason from shared/close-codes.ts. Hocuspocus turns the same thrown error into closing the
 * document channel. Nothing of the refused frame has been stored or broadcast when a
 * refusal is thrown, unless the throwing code says otherwise.
 */
export class CollabRefusal extends Error {
  readonly code: number;
  readonly reason: string;
  /** Machine-readable detail for the log line (never sent to the client). */
  readonly detail: Record<string, unknown>;

  constructor(close: CloseCode, message: string, detail: Record<string, unknown> = {}) {
    super(`${close.reason}: ${message}`);
    this.name = 'CollabRefusal';
    this.code = close.code;
    this.reason = close.reason;
    this.detail = detail;
  }
}

/** What the log line says about the connection a refusal closed. */
interface RefusedConnection {
  webSocket: Pick<Connection['webSocket'], 'close'>;
  context?: unknown;
  document?: { name: string };
}

/**
 * Closes the websocket of `connection` when `error` is a CollabRefusal, and logs it. The
 * provider then reconnects (or, for codes it treats as final, stops) instead of sitting
 * half-closed. Other errors are left to the caller.
 */
export function refuse(connection: RefusedConnection, error: unknown, logger?: Logger): void {
  if (!(error instanceof CollabRefusal)) return;
  const context = connection.context as { userId?: string; statementId?: string } | undefined;
  logger?.warn(
    { refusal: error.reason, code: error.code, userId: context?.userId, documentName: connection.document?.name, ...error.detail },
    `collab refusal: ${error.message}`,
  );
  connection.webSocket.close(error.code, error.reason);
}

/** How long a closed socket's peer has to answer the close before the socket is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Closes a socket that no Hocuspocus connection owns yet (refused by the connection limits
 * before or around authentication) with `close`, and destroys it if the peer has not answered
 * within the grace period (a peer that does not read never answers; ws would wait 30 s).
 */
export function closeSocket(socket: { close(code: number, reason: string): void; terminate(): void }, close: CloseCode): void {
  socket.close(close.code, close.reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}
