import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * The whole state of `doc` as a sequence of Yjs (v1) updates, each of about `maxWeight`
 * (one per struct, plus one per 64 units of content), that rebuild the document when
 * applied in order to an empty one.
 *
 * Contract: each update is causally closed with the ones before it: every struct it carries
 * refers (origin, right origin, parent) only to structs of that update or of earlier ones,
 * and it carries exactly the deletions of its own structs. So applying them in order never
 * leaves anything pending, and a large state can be applied to a live document one slice per
 * event-loop turn. `doc` must hold nothing pending (its pending state would be left out).
 * Throws if the struct store is inconsistent (a reference to a struct it does not hold).
 */
export function encodeStateInChunks(doc: Y.Doc, maxWeight: number): Uint8Array[] {
  const clients = doc.store.clients;
  /** Per client: index of the first struct not yet given to a chunk. */
  const next = new Map<number, number>();
  /** Per client: index of the first struct of the chunk being filled. */
  const chunkStart = new Map<number, number>();
  const deletions = deletionsByClient(doc);
  const chunks: Uint8Array[] = [];
  let weight = 0;

  const nextIndex = (client: number) => next.get(client) ?? 0;
  /** First clock of `client` not given to a chunk yet. */
  const cut = (client: number): number => {
    const structs = clients.get(client);
    if (!structs) return 0;
    const index = nextIndex(client);
    const struct = structs[index];
    if (struct) return struct.id.clock;
    const last = structs[structs.length - 1];
    return last ? last.id.clock + last.length : 0;
  };

  const emit = () => {
    const ranges: { client: number; from: number; to: number }[] = [];
    for (const [client, index] of next) {
      const from = chunkStart.get(client) ?? 0;
      if (index > from) ranges.push({ client, from, to: index });
    }
    if (ranges.length === 0) return;
    // Higher client IDs first, as Yjs writes them (its integration is fastest that way).
    ranges.sort((a, b) => b.client - a.client);
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { client, from, to } of ranges) {
      const structs = clients.get(client)!;
      encoding.writeVarUint(encoder.restEncoder, to - from);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, structs[from]!.id.clock);
      for (let i = from; i < to; i++) structs[i]!.write(encoder, 0);
    }
    const deleted = ranges
      .map(({ client, from, to }) => {
        const structs = clients.get(client)!;
        const last = structs[to - 1]!;
        return { client, items: deletions.take(client, structs[from]!.id.clock, last.id.clock + last.length) };
      })
      .filter(({ items }) => items.length > 0);
    encoding.writeVarUint(encoder.restEncoder, deleted.length);
    for (const { client, items } of deleted) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, items.length);
      for (const { clock, len } of items) {
        encoder.writeDsClock(clock);
        encoder.writeDsLen(len);
      }
    }
    chunks.push(encoder.toUint8Array());
    for (const { client, to } of ranges) chunkStart.set(client, to);
    weight = 0;
  };

  /** Gives chunks every struct of `client` up to `clock`, after the structs they refer to. */
  const includeThrough = (client: number, clock: number) => {
    const stack: [number, number][] = [[client, clock]];
    while (stack.length > 0) {
      const [c, k] = stack[stack.length - 1]!;
      if (cut(c) > k) {
        stack.pop();
        continue;
      }
      const struct = clients.get(c)?.[nextIndex(c)];
      if (!struct) throw new Error(`the document refers to ${c}:${k}, which it does not hold`);
      const missing = missingReference(struct, cut);
      if (missing) {
        stack.push([missing.client, missing.clock]);
        continue;
      }
      next.set(c, nextIndex(c) + 1);
      weight += 1 + (struct.length >> 6);
      if (weight >= maxWeight) emit();
    }
  };

  for (const client of [...clients.keys()].sort((a, b) => b - a)) {
    const structs = clients.get(client)!;
    const last = structs[structs.length - 1];
    if (last) includeThrough(client, last.id.clock + last.length - 1);
  }
  emit();
  return chunks;
}

/** A struct's reference to another client's struct that no chunk holds yet, if any. */
function missingReference(struct: Y.Item | Y.GC, cut: (client: number) => number): Y.ID | null {
  if (!(struct instanceof Y.Item)) return null;
  const parentItem = struct.origin === null && struct.rightOrigin === null ? (struct.parent as Y.AbstractType<unknown> | null)?._item : null;
  for (const ref of [struct.origin, struct.rightOrigin, parentItem?.id ?? null]) {
    // Structs of the same client only refer to earlier clocks, which are given out first.
    if (ref && ref.client !== struct.id.client && cut(ref.client) <= ref.clock) return ref;
  }
  return null;
}

/** The document's deletions per client, handed out in clock order, split at chunk boundaries. */
function deletionsByClient(doc: Y.Doc) {
  const ds = Y.createDeleteSetFromStructStore(doc.store);
  const position = new Map<number, number>();
  return {
    /** The deleted ranges of `client` within [from, to); `from` only grows from call to call. */
    take(client: number, from: number, to: number): { clock: number; len: number }[] {
      const items = ds.clients.get(client);
      if (!items) return [];
      const taken: { clock: number; len: number }[] = [];
      let index = position.get(client) ?? 0;
      for (; index < items.length; index++) {
        const item = items[index]!;
        const start = Math.max(item.clock, from);
        const end = Math.min(item.clock + item.len, to);
        if (item.clock >= to) break;
        if (end > start) taken.push({ clock: start, len: end - start });
        if (item.clock + item.len > to) break; // continues into the next chunk
      }
      position.set(client, index);
      return taken;
    },
  };
}
