import * as Y from 'yjs';
import type { FoldedDocument, StoredDocument } from '../storage/store.ts';
import { inspectUpdate, type InspectLimits } from './admission/inspect-update.ts';
import { AdmissionRefusal } from './admission/verdict.ts';

/** Every statement's Y.Doc keeps deleted content: version snapshots need it. */
export const Y_DOC_OPTIONS = { gc: false } as const;

/** A log entry left out of a replay, and why. */
export interface RejectedEntry {
  seq: number;
  /** The admission refusal's message, or why the entry did not apply. */
  reason: string;
  /** The admission rule that refused it (see admission/verdict.ts); absent when it failed to apply. */
  rule?: string;
  /** It was being applied when it failed: part of it may be in the document. */
  appliedInPart: boolean;
}

/** What a replay left out of the document. */
export interface ReplayReport {
  rejected: RejectedEntry[];
  /** Pending state the stored snapshot carried, taken out of the document (see FoldedDocument). */
  setAside: FoldedDocument['setAside'];
}

/**
 * What a stored log entry is checked against before it is replayed: admission's rules of
 * today (it decodes, leaves nothing pending, writes only schema content into the `default`
 * fragment), without the per-frame caps on bytes, structs, delete ranges and clock jumps.
 * Those caps bound what one frame may cost at the door; the server itself logs entries over
 * them (the whole state of a large document, after an entry that applied in part).
 * Pass `maxClockJump` to check clock jumps too.
 */
export function storedEntryLimits(caps: Partial<Pick<InspectLimits, 'maxClockJump'>> = {}): InspectLimits {
  return {
    maxUpdateBytes: Number.POSITIVE_INFINITY,
    maxUpdateStructs: Number.POSITIVE_INFINITY,
    maxUpdateDeleteRanges: Number.POSITIVE_INFINITY,
    maxClockJump: caps.maxClockJump ?? Number.POSITIVE_INFINITY,
  };
}

/**
 * Applies a stored document (snapshot, then log entries in order) to `doc`.
 *
 * Contract: one bad entry never makes the document unloadable, and nothing admission would
 * refuse today is applied or left pending:
 * - the snapshot is applied first; whatever of it stays pending (absorbed by a compaction
 *   before admission refused such state) is taken out of the document and reported in
 *   `setAside`, so it is never re-applied with later updates or served;
 * - each entry is checked with `inspectUpdate` against the document as it is then; a refused
 *   one is reported in `rejected` and skipped, without touching the document;
 * - an admitted entry that throws while applying, or leaves pending state behind, is reported
 *   in `rejected` with `appliedInPart` (its pending part is taken out again), and the replay
 *   goes on with the next one.
 * A snapshot that does not apply is different: it is the base of everything else, so it throws.
 */
export function replayStoredDocument(doc: Y.Doc, stored: StoredDocument, limits: InspectLimits = storedEntryLimits()): ReplayReport {
  const rejected: RejectedEntry[] = [];
  let setAside: ReplayReport['setAside'] = [];
  if (stored.snapshot) {
    Y.applyUpdate(doc, stored.snapshot);
    setAside = takePending(doc, 'pending state held by the stored snapshot');
  }
  for (const { seq, update } of stored.updates) {
    try {
      inspectUpdate(doc, update, limits);
    } catch (error) {
      rejected.push({ seq, reason: messageOf(error), appliedInPart: false, ...(error instanceof AdmissionRefusal ? { rule: error.rule } : {}) });
      continue;
    }
    try {
      Y.applyUpdate(doc, update);
    } catch (error) {
      clearPending(doc);
      rejected.push({ seq, reason: messageOf(error), appliedInPart: true });
      continue;
    }
    // Admission refuses what would leave state pending; this guards what it cannot foresee.
    const pending = clearPending(doc);
    if (pending)
      rejected.push({
        seq,
        reason: `the update leaves ${pending === 'pending-structs' ? 'structs' : 'deletions'} pending`,
        rule: pending,
        appliedInPart: true,
      });
  }
  return { rejected, setAside };
}

/**
 * Folds snapshot + log into one state update, for compaction: a fresh Y.Doc (gc off) replayed
 * as `replayStoredDocument` does, then encoded. Never uses Y.mergeUpdates (super-linear).
 */
export function foldDocument(stored: StoredDocument, limits: InspectLimits = storedEntryLimits()): FoldedDocument & ReplayReport {
  const doc = new Y.Doc(Y_DOC_OPTIONS);
  try {
    const report = replayStoredDocument(doc, stored, limits);
    return { state: Y.encodeStateAsUpdate(doc), ...report };
  } finally {
    doc.destroy();
  }
}

/** Bytes a stored document takes: its snapshot plus every logged entry. */
export function storedBytes(stored: StoredDocument): number {
  return stored.updates.reduce((sum, { update }) => sum + update.byteLength, stored.snapshot?.byteLength ?? 0);
}

/** True when both reads hold the same snapshot bytes and the same log entries. */
export function isSameStoredDocument(a: StoredDocument, b: StoredDocument): boolean {
  if ((a.snapshot === null) !== (b.snapshot === null)) return false;
  if (a.snapshot && b.snapshot && !Buffer.from(a.snapshot.buffer, a.snapshot.byteOffset, a.snapshot.byteLength).equals(b.snapshot)) return false;
  return a.updates.length === b.updates.length && a.updates.every((entry, i) => entry.seq === b.updates[i]!.seq);
}

/**
 * Applies `slices` of one state (see state-chunks.ts) to `doc` in order, one per event-loop
 * turn, so that applying a large state never holds the loop for longer than one slice takes.
 * `afterEach` runs right after each. Applied as copies (see `applyAsCopy`): the slices rebuild
 * the folded document exactly.
 */
export async function applyInSlices(doc: Y.Doc, slices: readonly Uint8Array[], afterEach: () => void = () => {}): Promise<void> {
  for (const [index, slice] of slices.entries()) {
    if (index > 0) await new Promise((resolve) => setImmediate(resolve));
    applyAsCopy(doc, slice);
    afterEach();
  }
}

/**
 * Applies an update to a document that copies another (a replica, or a live document taking a
 * folded state in slices), skipping Yjs's formatting clean-up. After a remote transaction that
 * clean-up deletes format items that look redundant in the document as it is then; in a partial
 * state that no replica ever held (between slices) a needed one can look redundant, and in a
 * copy any deletion of its own is a divergence. The original's own clean-ups reach the copy as
 * updates like any other.
 */
export function applyAsCopy(doc: Y.Doc, update: Uint8Array): void {
  const skipFormattingCleanup = (transaction: Y.Transaction) => {
    transaction._needFormattingCleanup = false;
  };
  doc.on('afterTransaction', skipFormattingCleanup);
  try {
    Y.applyUpdate(doc, update);
  } finally {
    doc.off('afterTransaction', skipFormattingCleanup);
  }
}

/** True when `doc` holds structs waiting for missing ones, or deletions of content it lacks. */
export function hasPendingState(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Takes whatever `doc` holds pending out of it, as v1 updates with the reason each was set aside. */
function takePending(doc: Y.Doc, cause: string): ReplayReport['setAside'] {
  const { pendingStructs, pendingDs } = doc.store;
  const taken: ReplayReport['setAside'] = [];
  if (pendingStructs) {
    taken.push({ update: Y.convertUpdateFormatV2ToV1(pendingStructs.update), reason: `${cause}: structs that refer to content the document does not hold` });
  }
  if (pendingDs) taken.push({ update: Y.convertUpdateFormatV2ToV1(pendingDs), reason: `${cause}: deletions of content the document does not hold` });
  clearPending(doc);
  return taken;
}

/** Drops what `doc` holds pending; says which kind there was (structs first), if any. */
function clearPending(doc: Y.Doc): 'pending-structs' | 'pending-deletes' | null {
  const kind = doc.store.pendingStructs ? 'pending-structs' : doc.store.pendingDs ? 'pending-deletes' : null;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return kind;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
