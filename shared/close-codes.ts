/**
 * Websocket close codes and reasons used by both ends of /collab. The client branches on
 * these constants, never on bare numbers. 4000–4999 is the application range; Hocuspocus
 * itself uses 4401 (Unauthorized), 4403 (Forbidden) and 4205 (Reset connection).
 *
 * Codes marked "refused" mean the server admitted nothing of the frame that caused the close:
 * nothing was stored or broadcast, and sending the same bytes again is refused again.
 */
export const CloseCodes = {
  /** The user's rights grew (e.g. viewer → editor): reconnect so the document resynchronises. */
  AccessChanged: { code: 4000, reason: 'access-changed' },
  /** Refused: the frame or the Yjs update in it could not be decoded or applied. */
  InvalidUpdate: { code: 4400, reason: 'invalid-update' },
  /** The collab token is missing, forged or expired. Fetch a new one and reconnect. */
  Unauthorized: { code: 4401, reason: 'unauthorized' },
  /** The user may not open this statement. */
  Forbidden: { code: 4403, reason: 'forbidden' },
  /** The socket did not authenticate within the pre-authentication deadline. */
  AuthenticationTimeout: { code: 4408, reason: 'authentication-timeout' },
  /** Too many sockets: unauthenticated ones (globally or from one address) or one user's connections. */
  TooManyConnections: { code: 4409, reason: 'too-many-connections' },
  /** Refused: the update is over a size cap (bytes, structs, delete ranges) or would grow the document past its cap. */
  UpdateTooLarge: { code: 4413, reason: 'update-too-large' },
  /**
   * Refused by admission: the update writes what a statement may not hold (another root type,
   * a node, mark or attribute outside the schema), writes under another person's client ID,
   * jumps a clock, or leaves state pending on the server.
   */
  UpdateRefused: { code: 4422, reason: 'update-refused' },
  /** The statement was locked or published while this update was on its way; it was refused. */
  StatementFrozen: { code: 4423, reason: 'statement-frozen' },
  /** Refused: an awareness (presence) change for another connection's entry, of an unknown shape or over its size cap. */
  PresenceRefused: { code: 4424, reason: 'presence-refused' },
  /** The connection sent frames or bytes faster than its rate limit. Reconnect after a pause. */
  RateLimited: { code: 4429, reason: 'rate-limited' },
  /** The update could not be stored durably; it was not applied and not acknowledged. */
  StorageUnavailable: { code: 4503, reason: 'storage-unavailable' },
  /** The client did not read what the server sent: its outbound buffer passed the bound. */
  SlowConsumer: { code: 4508, reason: 'slow-consumer' },
} as const;

export type CloseCodeName = keyof typeof CloseCodes;
export type CloseCode = (typeof CloseCodes)[CloseCodeName];

/** The close code with this numeric code or reason, if it is one of ours. */
export function closeCodeOf(event: { code?: number; reason?: string }): CloseCode | null {
  for (const close of Object.values(CloseCodes)) {
    if (event.code === close.code || event.reason === close.reason) return close;
  }
  return null;
}
