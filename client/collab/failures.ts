import { CloseCodes, type CloseCode } from '../../shared/close-codes.ts';
import { ApiRequestError } from '../api/http.ts';

/**
 * Why the collaboration connection for a statement stopped working, in words a person can
 * act on. `retrying` failures are handled by the session itself (it reconnects with a fresh
 * collab token); the others stop the connection until the person reloads or reconnects.
 */
export interface CollabFailure {
  kind: 'forbidden' | 'signed-out' | 'unauthorized' | 'invalid-update' | 'storage-unavailable' | 'token-unavailable';
  message: string;
  retrying: boolean;
}

const FAILURES: Record<CollabFailure['kind'], CollabFailure> = {
  forbidden: {
    kind: 'forbidden',
    message: 'You no longer have access to this statement. Your organization may have been removed from it, or your membership changed.',
    retrying: false,
  },
  'signed-out': {
    kind: 'signed-out',
    message: 'Your session has ended. Log in again to keep editing; edits made here are kept on this device.',
    retrying: false,
  },
  unauthorized: {
    kind: 'unauthorized',
    message: 'The server did not accept this page’s access. Reconnecting… Your edits are kept on this device.',
    retrying: true,
  },
  'invalid-update': {
    kind: 'invalid-update',
    message: 'The server refused a change sent from this device. Reconnecting to send the text again… If this message stays, reload the page.',
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
};

function matches(close: CloseCode, event: { code?: number; reason?: string }): boolean {
  return event.code === close.code || event.reason === close.reason;
}

/**
 * Classifies a provider `close` event. Hocuspocus reports a document-level close as
 * `{ code: 1000, reason }` and a socket-level one with the socket's code, so both the code
 * and the reason are compared against shared/close-codes.ts. Null for an ordinary close,
 * after which the provider reconnects by itself.
 */
export function failureFromClose(event: { code?: number; reason?: string }): CollabFailure | null {
  if (matches(CloseCodes.Forbidden, event)) return FAILURES.forbidden;
  if (matches(CloseCodes.Unauthorized, event)) return FAILURES.unauthorized;
  if (matches(CloseCodes.InvalidUpdate, event)) return FAILURES['invalid-update'];
  // Locked or published while an edit from here was on its way: not a failure of the
  // connection. It reconnects (read-only now) and the session reports the refused edit
  // (CollabSnapshot.refusedEdits).
  if (matches(CloseCodes.StatementFrozen, event)) return null;
  if (matches(CloseCodes.StorageUnavailable, event)) return FAILURES['storage-unavailable'];
  return null;
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
