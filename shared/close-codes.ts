/**
 * Websocket close codes and reasons used by both ends of /collab. The client branches on
 * these constants, never on bare numbers. 4000–4999 is the application range; Hocuspocus
 * itself uses 4401 (Unauthorized), 4403 (Forbidden) and 4205 (Reset connection).
 */
export const CloseCodes = {
  /** The user's rights grew (e.g. viewer → editor): reconnect so the document resynchronises. */
  AccessChanged: { code: 4000, reason: 'access-changed' },
  /** The frame or the Yjs update in it could not be decoded or applied. */
  InvalidUpdate: { code: 4400, reason: 'invalid-update' },
  /** The collab token is missing, forged or expired. Fetch a new one and reconnect. */
  Unauthorized: { code: 4401, reason: 'unauthorized' },
  /** The user may not open this statement. */
  Forbidden: { code: 4403, reason: 'forbidden' },
  /** The statement was locked or published while this update was on its way; it was refused. */
  StatementFrozen: { code: 4423, reason: 'statement-frozen' },
  /** The update could not be stored durably; it was not applied and not acknowledged. */
  StorageUnavailable: { code: 4503, reason: 'storage-unavailable' },
} as const;

export type CloseCodeName = keyof typeof CloseCodes;
export type CloseCode = (typeof CloseCodes)[CloseCodeName];
