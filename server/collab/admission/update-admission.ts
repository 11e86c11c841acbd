import type { afterLoadDocumentPayload, afterUnloadDocumentPayload, Extension } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { AdmissionLimits } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../storage/store.ts';
import { inspectUpdate } from './inspect-update.ts';

/**
 * Admission of client updates: every update a connection sends passes `admit` before the
 * durable log stores it (DurableUpdateLog calls it), whatever door it came through.
 *
 * (Skeleton: filled in by the admission change.)
 */
export class UpdateAdmission implements Extension {
  readonly extensionName = 'UpdateAdmission';
  private readonly limits: AdmissionLimits;

  constructor(_store: Store, limits: AdmissionLimits, _logger: Logger) {
    this.limits = limits;
  }

  async afterLoadDocument(_payload: afterLoadDocumentPayload): Promise<void> {}

  async afterUnloadDocument(_payload: afterUnloadDocumentPayload): Promise<void> {}

  /**
   * Admits `updates` (in order, each against the document and the ones before it) for
   * `userId`, binding the client IDs they write under to that user. Returns how many of them,
   * from the first, are admitted; throws AdmissionRefusal when the first one is refused.
   */
  async admit(document: Y.Doc, _documentName: string, _userId: string, updates: readonly Uint8Array[]): Promise<number> {
    for (const update of updates) inspectUpdate(document, update, this.limits);
    return updates.length;
  }

  /** The user a client ID of this document is bound to, if any (awareness admission asks). */
  userOfClient(_documentName: string, _clientId: number): string | undefined {
    return undefined;
  }
}
