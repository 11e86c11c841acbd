import type { beforeHandleMessagePayload, Connection, Extension } from '@hocuspocus/server';
import { CollabCloseError, readDocumentUpdate } from './sync-frame.ts';

/**
 * The first look at every incoming frame: one carrying a document update that cannot be
 * read or decoded closes its websocket with 4400 before any other hook (authorization,
 * the update log) or Hocuspocus itself sees it. Other documents and connections go on.
 */
export class FrameValidation implements Extension {
  readonly extensionName = 'FrameValidation';
  readonly priority = 3000;

  async beforeHandleMessage({ connection, update: frame }: beforeHandleMessagePayload): Promise<void> {
    try {
      readDocumentUpdate(frame);
    } catch (error) {
      closeSocketFor(connection, error);
      throw error;
    }
  }
}

/**
 * Closes the whole websocket, not only this document's channel, when `error` is a
 * CollabCloseError: the provider then reconnects and resends what was not acknowledged,
 * instead of sitting half-closed.
 */
export function closeSocketFor(connection: Connection, error: unknown): void {
  if (error instanceof CollabCloseError) connection.webSocket.close(error.code, error.reason);
}
