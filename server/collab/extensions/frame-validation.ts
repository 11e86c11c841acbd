import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import type { Logger } from '../../logger.ts';
import { refuse } from '../refusal.ts';
import { readDocumentUpdate } from '../sync-frame.ts';

/**
 * The first look at every incoming frame: one carrying a document update that cannot be
 * read or decoded is refused (4400) before any other hook (authorization, admission, the
 * update log) or Hocuspocus itself sees it. Other documents and connections go on.
 */
export class FrameValidation implements Extension {
  readonly extensionName = 'FrameValidation';
  private readonly logger: Logger | undefined;

  constructor(logger?: Logger) {
    this.logger = logger;
  }

  async beforeHandleMessage({ connection, update: frame }: beforeHandleMessagePayload): Promise<void> {
    try {
      readDocumentUpdate(frame);
    } catch (error) {
      refuse(connection, error, this.logger);
      throw error;
    }
  }
}
