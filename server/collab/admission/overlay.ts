import * as Y from 'yjs';
import { STATEMENT_FRAGMENT } from '../../../shared/schema/extensions.ts';
import { AdmissionRefusal } from './verdict.ts';

/** A struct that admission has seen but the document does not hold yet. */
export type NewStruct = Y.Item | Y.GC;

/** Where a struct's content lands: the parent it integrates into. */
export type Place =
  /** Directly in the `default` fragment. */
  | { kind: 'root' }
  /** In the element of a schema node (as a child, or as the attribute `sub`). */
  | { kind: 'element'; node: string }
  /** In a run of text of the element `node`. */
  | { kind: 'text'; node: string }
  /** Next to or inside collected (GC) content: Yjs integrates it as GC, it shows nowhere. */
  | { kind: 'gone' }
  /** Anywhere else (another root type, a map, an embedded type…). */
  | { kind: 'foreign'; what: string };

export interface Placed {
  place: Place;
  /** The map key (an element's attribute name) the item is written under, or null in a sequence. */
  sub: string | null;
}

/**
 * The structs of the updates inspected so far on top of a document, so that each update of a
 * batch is checked against the document plus the ones before it: their clocks count as known
 * state and their items can be parents and neighbours of later ones. Never applied anywhere.
 */
export class AdmissionOverlay {
  readonly doc: Y.Doc;
  /** Per client, the new structs in clock order, contiguous from the document's state. */
  private readonly added = new Map<number, NewStruct[]>();
  private readonly order: NewStruct[] = [];
  private readonly placed = new Map<Y.Item, Placed>();

  constructor(doc: Y.Doc) {
    this.doc = doc;
  }

  /** The document's own next clock of `client` (Yjs keeps each client's structs contiguous). */
  private docStateOf(client: number): number {
    const structs = this.doc.store.clients.get(client);
    const last = structs?.[structs.length - 1];
    return last ? last.id.clock + last.length : 0;
  }

  /** The next clock of `client` once everything added so far is applied. */
  stateOf(client: number): number {
    const added = this.added.get(client);
    if (added && added.length > 0) {
      const last = added[added.length - 1]!;
      return last.id.clock + last.length;
    }
    return this.docStateOf(client);
  }

  add(struct: NewStruct): void {
    let list = this.added.get(struct.id.client);
    if (!list) this.added.set(struct.id.client, (list = []));
    list.push(struct);
    this.order.push(struct);
  }

  mark(): number {
    return this.order.length;
  }

  addedSince(mark: number): readonly NewStruct[] {
    return this.order.slice(mark);
  }

  /** Forgets every struct added after `mark` (the update being inspected was refused). */
  rollBack(mark: number): void {
    for (const struct of this.order.splice(mark)) {
      this.added.get(struct.id.client)!.pop();
      if (struct instanceof Y.Item) this.placed.delete(struct);
    }
  }

  /** The struct holding `id`: the document's, a new one, or null when nothing known holds it. */
  find(id: Y.ID): Y.Item | Y.GC | NewStruct | null {
    if (id.clock < this.docStateOf(id.client)) return Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
    const list = this.added.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const struct = list[middle]!;
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return null;
  }

  private isNew(struct: Y.Item | Y.GC): boolean {
    return struct.id.clock >= this.docStateOf(struct.id.client);
  }

  /**
   * Where a new item integrates, as Yjs decides it: its parent when the update names one
   * (a root type's name or the ID of the item holding the parent type), otherwise the parent
   * of its left neighbour (origin), or of its right one; next to GC content it becomes GC.
   * Follows chains of new neighbours iteratively; a chain that loops is refused.
   */
  placeOf(item: Y.Item): Placed {
    const chain: Y.Item[] = [];
    const inChain = new Set<Y.Item>();
    let current = item;
    let found: Placed;
    for (;;) {
      const known = this.placed.get(current);
      if (known) {
        found = known;
        break;
      }
      const parent = current.parent as unknown;
      if (typeof parent === 'string') {
        found = {
          place: parent === STATEMENT_FRAGMENT ? { kind: 'root' } : { kind: 'foreign', what: `the root type "${parent.slice(0, 64)}"` },
          sub: current.parentSub,
        };
        break;
      }
      if (parent instanceof Y.ID) {
        found = { place: this.placeInside(parent, item), sub: current.parentSub };
        break;
      }
      const left = current.origin ? this.find(current.origin) : null;
      const right = current.rightOrigin ? this.find(current.rightOrigin) : null;
      if (left instanceof Y.GC || right instanceof Y.GC) {
        found = { place: { kind: 'gone' }, sub: null };
        break;
      }
      const neighbour = (left ?? right) as Y.Item | null;
      if (!neighbour) {
        found = { place: { kind: 'foreign', what: 'no parent' }, sub: null };
        break;
      }
      if (!this.isNew(neighbour)) {
        found = { place: placeOfType(this.doc, neighbour.parent as Y.AbstractType<unknown>), sub: neighbour.parentSub };
        break;
      }
      chain.push(current);
      inChain.add(current);
      if (inChain.has(neighbour)) throw new AdmissionRefusal('origin-cycle', 'the update’s structs refer to each other in a loop', { client: item.id.client });
      current = neighbour;
    }
    for (const link of chain) this.placed.set(link, found);
    this.placed.set(current, found);
    return found;
  }

  /** The place of content inside the type held by the item at `parentId`. */
  private placeInside(parentId: Y.ID, child: Y.Item): Place {
    const holder = this.find(parentId);
    if (!holder || holder instanceof Y.GC) return { kind: 'gone' };
    if (!(holder.content instanceof Y.ContentType)) {
      throw new AdmissionRefusal('content-kind', 'the update’s parent is not a type', { client: child.id.client, clock: child.id.clock });
    }
    const type = holder.content.type;
    if (!this.isNew(holder)) return placeOfType(this.doc, type);
    if (type instanceof Y.XmlText) {
      const around = this.placeOf(holder).place;
      return around.kind === 'element' ? { kind: 'text', node: around.node } : { kind: 'foreign', what: 'text outside a node' };
    }
    if (type instanceof Y.XmlElement) return { kind: 'element', node: type.nodeName };
    return { kind: 'foreign', what: `a ${type.constructor.name}` };
  }
}

/** The place of content inside a type the document already holds. */
function placeOfType(doc: Y.Doc, type: Y.AbstractType<unknown>): Place {
  if (type instanceof Y.XmlText) {
    const around = type._item?.parent;
    return around instanceof Y.XmlElement ? { kind: 'text', node: around.nodeName } : { kind: 'foreign', what: 'text outside a node' };
  }
  if (type instanceof Y.XmlElement) return { kind: 'element', node: type.nodeName };
  if (type._item === null) {
    return doc.share.get(STATEMENT_FRAGMENT) === type ? { kind: 'root' } : { kind: 'foreign', what: 'another root type' };
  }
  return { kind: 'foreign', what: `a ${type.constructor.name}` };
}
