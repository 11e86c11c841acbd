import * as Y from 'yjs';
import { STATEMENT_FRAGMENT, statementSchema } from '../../../shared/schema/extensions.ts';
import type { AdmissionLimits } from '../../config.ts';
import { decodeUpdateOnce } from '../sync-frame.ts';
import { AdmissionOverlay, type NewStruct, type Place, type Placed } from './overlay.ts';
import { markNameOfFormatKey, placementRules as rules } from './schema-rules.ts';
import { AdmissionRefusal } from './verdict.ts';

export type InspectLimits = Pick<AdmissionLimits, 'maxUpdateBytes' | 'maxUpdateStructs' | 'maxUpdateDeleteRanges' | 'maxClockJump'>;

/** What an admitted update writes: per client ID, the clock range of the structs it adds. */
export interface UpdateSummary {
  /** client ID → [first new clock, end clock) of the structs this update adds to the document. */
  readonly writes: ReadonlyMap<number, { from: number; to: number }>;
  readonly bytes: number;
}

/**
 * Checks one Yjs (v1) update against the document it would be applied to (plus the updates
 * already inspected into `overlay`, for a batch), without applying it. Pure: it reads `doc`
 * and never changes it, so it also runs where the document is being replayed.
 *
 * Admitted only if, applied, the update would
 * - stay within the caps: bytes, structs, delete ranges, and no struct that moves a clock
 *   without content (GC, skip, deleted content) by more than `maxClockJump`;
 * - leave nothing pending: every client's new structs continue that client's known clock
 *   without a gap, every struct refers (origin, right origin, parent) only to known content,
 *   and every delete range names known content;
 * - write only into the `default` XmlFragment, in the layout y-prosemirror writes for the
 *   statement schema: elements named after schema nodes where their parent may hold them,
 *   text only in text blocks, marks of the schema the block allows, attributes by the rules
 *   of shared/schema/attribute-rules.ts.
 * Which client IDs it may write under is the caller's check (see UpdateAdmission), from the
 * summary's `writes`.
 *
 * Throws AdmissionRefusal naming the rule; on refusal `overlay` is left as it was.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, limits: InspectLimits, overlay: AdmissionOverlay = new AdmissionOverlay(doc)): UpdateSummary {
  if (update.byteLength > limits.maxUpdateBytes) {
    throw new AdmissionRefusal('too-many-bytes', `an update of ${update.byteLength} bytes is over the cap of ${limits.maxUpdateBytes}`, {
      bytes: update.byteLength,
    });
  }
  const { structs, ds } = decodeUpdateOnce(update);
  if (structs.length > limits.maxUpdateStructs) {
    throw new AdmissionRefusal('too-many-structs', `an update of ${structs.length} structs is over the cap of ${limits.maxUpdateStructs}`);
  }
  let deleteRanges = 0;
  for (const ranges of ds.clients.values()) deleteRanges += ranges.length;
  if (deleteRanges > limits.maxUpdateDeleteRanges) {
    throw new AdmissionRefusal('too-many-delete-ranges', `an update of ${deleteRanges} delete ranges is over the cap of ${limits.maxUpdateDeleteRanges}`);
  }

  const mark = overlay.mark();
  try {
    const writes = addNewStructs(overlay, structs, limits);
    for (const struct of overlay.addedSince(mark)) {
      if (struct instanceof Y.Item) {
        assertReferencesKnown(overlay, struct);
        assertAllowedContent(struct, overlay.placeOf(struct));
      }
    }
    for (const [client, ranges] of ds.clients) {
      const known = overlay.stateOf(client);
      for (const range of ranges) {
        if (range.clock + range.len > known) {
          throw new AdmissionRefusal('pending-deletes', 'the update deletes content the server does not have', { client, clock: range.clock });
        }
      }
    }
    return { writes, bytes: update.byteLength };
  } catch (error) {
    overlay.rollBack(mark);
    throw error;
  }
}

/** Adds the update's structs beyond the known state to the overlay, refusing gaps and clock jumps. */
function addNewStructs(overlay: AdmissionOverlay, structs: readonly (Y.Item | Y.GC | Y.Skip)[], limits: InspectLimits) {
  const writes = new Map<number, { from: number; to: number }>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    const carriesNothing = !(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted;
    if (carriesNothing && struct.length > limits.maxClockJump) {
      throw new AdmissionRefusal('clock-jump', `a struct moves client ${client}'s clock by ${struct.length} without content`, { client, clock });
    }
    const known = overlay.stateOf(client);
    if (end <= known) continue; // already integrated: Yjs skips it
    if (clock > known || struct instanceof Y.Skip) {
      throw new AdmissionRefusal('pending-structs', `the update skips clocks of client ${client} the server does not have`, { client, clock, known });
    }
    overlay.add(struct as NewStruct);
    const write = writes.get(client);
    writes.set(client, { from: write?.from ?? known, to: end });
  }
  return writes;
}

function assertReferencesKnown(overlay: AdmissionOverlay, item: Y.Item): void {
  for (const ref of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
    if (!ref) continue;
    // A struct can only refer to what existed when it was made: for its own client, an earlier clock.
    const known = ref.client === item.id.client ? Math.min(item.id.clock, overlay.stateOf(ref.client)) : overlay.stateOf(ref.client);
    if (ref.clock >= known) {
      throw new AdmissionRefusal('pending-structs', 'the update refers to content the server does not have', {
        client: item.id.client,
        clock: item.id.clock,
        refers: `${ref.client}:${ref.clock}`,
      });
    }
  }
}

function assertAllowedContent(item: Y.Item, { place, sub }: Placed): void {
  const content = item.content;
  if (content instanceof Y.ContentDeleted || place.kind === 'gone') return;
  const where = { client: item.id.client, clock: item.id.clock };
  switch (place.kind) {
    case 'foreign':
      throw new AdmissionRefusal('root-type', `the update writes to ${place.what}; a statement holds only the "${STATEMENT_FRAGMENT}" fragment`, where);
    case 'root':
      if (sub !== null) throw new AdmissionRefusal('attribute', 'the document fragment has no attributes', where);
      assertElementChild(item, rules.rootChildren, 'the document', where);
      return;
    case 'element': {
      if (sub !== null) {
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
          throw new AdmissionRefusal('attribute', `${place.node}.${sub} must hold one plain value`, where);
        }
        const problem = rules.checkNodeAttribute(place.node, sub, content.arr[0]);
        if (problem) throw new AdmissionRefusal('attribute', problem, where);
        return;
      }
      if (content instanceof Y.ContentType && content.type instanceof Y.XmlText) {
        if (!rules.holdsText(place.node)) throw new AdmissionRefusal('node-placement', `${place.node} cannot hold text`, where);
        return;
      }
      assertElementChild(item, rules.childrenOf(place.node) ?? new Set(), place.node, where);
      return;
    }
    case 'text': {
      if (sub !== null) throw new AdmissionRefusal('attribute', 'text has no attributes', where);
      if (content instanceof Y.ContentString) return;
      if (content instanceof Y.ContentFormat) {
        const markName = markNameOfFormatKey(content.key);
        if (!statementSchema.marks[markName]) throw new AdmissionRefusal('mark-name', `"${markName}" is not a mark of the statement schema`, where);
        if (!rules.allowsMark(place.node, markName)) throw new AdmissionRefusal('mark-name', `${place.node} text cannot carry ${markName}`, where);
        const problem = rules.checkMarkValue(markName, content.value);
        if (problem) throw new AdmissionRefusal('attribute', problem, where);
        return;
      }
      throw new AdmissionRefusal('content-kind', `text cannot hold ${contentName(content)}`, where);
    }
  }
}

function assertElementChild(item: Y.Item, allowed: ReadonlySet<string>, parent: string, where: Record<string, unknown>): void {
  const content = item.content;
  if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlElement)) {
    throw new AdmissionRefusal('content-kind', `${parent} cannot hold ${contentName(content)}`, where);
  }
  const name = content.type.nodeName;
  if (name === 'text' || !statementSchema.nodes[name]) {
    throw new AdmissionRefusal('node-name', `"${name.slice(0, 64)}" is not a node of the statement schema`, where);
  }
  if (!allowed.has(name)) throw new AdmissionRefusal('node-placement', `${parent} cannot hold ${name}`, where);
}

function contentName(content: Y.Item['content']): string {
  if (content instanceof Y.ContentType) return `a ${content.type.constructor.name}`;
  return content.constructor.name;
}

export type { Place };
