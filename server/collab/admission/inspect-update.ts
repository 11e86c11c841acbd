import * as Y from 'yjs';
import type { AdmissionLimits } from '../../config.ts';
import { AdmissionRefusal } from './verdict.ts';

/** What an admitted update writes: per client ID, the clock range of its new structs. */
export interface UpdateSummary {
  /** client ID → [first new clock, end clock) of the structs this update adds. */
  readonly writes: ReadonlyMap<number, { from: number; to: number }>;
  readonly bytes: number;
}

/**
 * Checks one Yjs (v1) update against the document it would be applied to, without applying it.
 * Pure: it reads `doc` and never changes it. Throws AdmissionRefusal when the update is over a
 * cap, would leave anything pending, or writes what a statement may not hold.
 *
 * (Skeleton: filled in by the admission change.)
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, limits: Pick<AdmissionLimits, 'maxUpdateBytes' | 'maxUpdateStructs' | 'maxUpdateDeleteRanges' | 'maxClockJump'>): UpdateSummary {
  if (update.byteLength > limits.maxUpdateBytes) {
    throw new AdmissionRefusal('too-many-bytes', `update of ${update.byteLength} bytes is over the cap of ${limits.maxUpdateBytes}`);
  }
  void doc;
  return { writes: new Map(), bytes: update.byteLength };
}
