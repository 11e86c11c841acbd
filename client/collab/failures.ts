import { CloseCodes, closeCodeOf } from '../../shared/close-codes.ts';
import { ApiRequestError } from '../api/http.ts';

/**
 * Why the collaboration connection for a statement stopped working, in words a person can
 * act on. `retrying` failures are handled by the session itself (it reconnects with a fresh
 * collab token, after `pauseMs` at least when the server asked for a pause); the others stop
 * the connection until the person reloads or reconnects.
 *
 * A change the server refused (UpdateTooLarge, UpdateRefused, InvalidUpdate) is not a
 * failure of the connection: the session discards it and reloads the server's text (see
 * ./refused-change.ts), since sending it again would be refused again.
 */
export interface CollabFailure {
  kind:
    | 'forbidden'
    | 'signed-out'
    | 'unauthorized'
    | 'storage-unavailable'
    | 'token-unavailable'
    | 'authentication-timeout'
    | 'too-many-connections'
    | 'rate-limited'
    | 'slow-connection'
    | 'presence-refused'
    | 'refused-again';
  message: string;
  retrying: boolean;
  /** Wait at least this long before reconnecting: the server closed the connection to make this page slow down. */
  pauseMs?: number;
}

export const FAILURES: Record<CollabFailure['kind'], CollabFailure> = {
  forbidden: {
    kind: 'forbidden',
    message: 'You no longer have access to this statement. Your organization may have been removed from it, or your membership changed.',
    retrying: false,
  },
  'signed-out': {
    kind: 'signed-out',
    message:
      'Your session has ended. Log in again to keep editing. Edits not yet saved to the server were deleted from this device with its copies of statements.',
    retrying: false,
  },
  unauthorized: {
    kind: 'unauthorized',
    message: 'The server did not accept this page’s access. Reconnecting… Your edits are kept on this device.',
    retrying: true,
  },
  'storage-unavailable': {
    kind: 'storage-unavailable',
    message: 'The server could not save your latest edits. Retrying… Your edits are kept on this device.',
    retrying: true,
  },
  'token-unavailable': {
    kind: 'token-unavailable',
    message: 'Could not get access to this statement from the server. Retrying… Your edits are kept on this device.',
    retrying: true,
  },
  'authentication-timeout': {
    kind: 'authentication-timeout',
    message: 'The connection took too long to open this statement. Reconnecting… Your edits are kept on this device.',
    retrying: true,
  },
  'too-many-connections': {
    kind: 'too-many-connections',
    message:
      'The server turned this page away: too many connections are open for your account or from your network. Close tabs or windows you no longer need; this page tries again in a moment. Your edits are kept on this device.',
    retrying: true,
    pauseMs: 10_000,
  },
  'rate-limited': {
    kind: 'rate-limited',
    message:
      'This page sent changes faster than the server accepts, so it was disconnected for a moment. Reconnecting shortly… Your edits are kept on this device.',
    retrying: true,
    pauseMs: 5_000,
  },
  'slow-connection': {
    kind: 'slow-connection',
    message: 'The connection was too slow to keep up with the changes to this statement. Reconnecting shortly… Your edits are kept on this device.',
    retrying: true,
    pauseMs: 3_000,
  },
  'presence-refused': {
    kind: 'presence-refused',
    message: 'The server refused what this page shares about your cursor, so it was disconnected. Reconnecting shortly… Your edits are kept on this device.',
    retrying: true,
    pauseMs: 5_000,
  },
  'refused-again': {
    kind: 'refused-again',
    message:
      'The server keeps refusing a change kept on this device, so this page stopped sending it. Close other tabs that have this statement open, then reload the page.',
    retrying: false,
  },
};

/**
 * Classifies a provider `close` event. Hocuspocus reports a document-level close as
 * `{ code: 1000, reason }` and a socket-level one with the socket's code, so both the code
 * and the reason are compared against shared/close-codes.ts (`closeCodeOf`). Null for an
 * ordinary close, after which the provider reconnects by itself, and for refused changes
 * (see ./refused-change.ts).
 */
export function failureFromClose(event: { code?: number; reason?: string }): CollabFailure | null {
  switch (closeCodeOf(event)) {
    case CloseCodes.Forbidden:
      return FAILURES.forbidden;
    case CloseCodes.Unauthorized:
      return FAILURES.unauthorized;
    case CloseCodes.StorageUnavailable:
      return FAILURES['storage-unavailable'];
    case CloseCodes.AuthenticationTimeout:
      return FAILURES['authentication-timeout'];
    case CloseCodes.TooManyConnections:
      return FAILURES['too-many-connections'];
    case CloseCodes.RateLimited:
      return FAILURES['rate-limited'];
    case CloseCodes.SlowConsumer:
      return FAILURES['slow-connection'];
    case CloseCodes.PresenceRefused:
      return FAILURES['presence-refused'];
    // Locked or published while an edit from here was on its way: not a failure of the
    // connection. It reconnects (read-only now) and the session reports the refused edit
    // (CollabSnapshot.refusedEdits).
    case CloseCodes.StatementFrozen:
    default:
      return null;
  }
}

/**
 * Classifies a provider `authenticationFailed` event. `tokenError` is what the last collab
 * token request threw (null when the token was fetched): the provider reports a failed
 * token fetch as an authentication failure with a free-text reason.
 */
export function failureFromAuthentication(reason: string, tokenError: unknown): CollabFailure {
  if (tokenError instanceof ApiRequestError) {
    if (tokenError.code === 'UNAUTHENTICATED') return FAILURES['signed-out'];
    return tokenError.transient ? FAILURES['token-unavailable'] : FAILURES.forbidden;
  }
  if (tokenError) return FAILURES['token-unavailable'];
  if (reason === CloseCodes.Unauthorized.reason) return FAILURES.unauthorized;
  // Forbidden, and any reason this client does not know: the server refused the statement.
  return FAILURES.forbidden;
}

/**
 * True when an `authenticationFailed` event means the server withdrew the person's access to
 * the statement (so this device's copy must go): the token request was refused with 403 or
 * 404, or the token was refused as Forbidden. Anything less certain (no answer, 5xx, a body
 * this client cannot read, an unknown reason) keeps the copy.
 */
export function isAccessWithdrawn(reason: string, tokenError: unknown): boolean {
  if (tokenError instanceof ApiRequestError) return tokenError.status === 403 || tokenError.status === 404;
  return !tokenError && reason === CloseCodes.Forbidden.reason;
}
