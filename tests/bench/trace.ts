/**
 * The real editing trace in ../shared/traces/automerge-paper.json.gz (Martin Kleppmann
 * writing a LaTeX paper; josephg/editing-traces, CC BY 4.0): loading it, replaying it
 * into a Y.XmlText, and the document its whole history makes (cached under artifacts/).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';

export type Patch = [position: number, deleteCount: number, insert: string];
export interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

const TRACE_FILE = fileURLToPath(new URL('../../../shared/traces/automerge-paper.json.gz', import.meta.url));
const CACHE_DIR = fileURLToPath(new URL('../../artifacts/bench-cache/', import.meta.url));

let loaded: Trace | undefined;

export function loadTrace(): Trace {
  loaded ??= JSON.parse(gunzipSync(readFileSync(TRACE_FILE)).toString('utf8')) as Trace;
  return loaded;
}

/** Applies one transaction's patches, in order, to `text` (in the caller's Yjs transaction). */
export function applyPatches(text: Y.XmlText, patches: Patch[]): void {
  for (const [position, deleteCount, insert] of patches) {
    if (deleteCount > 0) text.delete(position, deleteCount);
    if (insert) text.insert(position, insert);
  }
}

/** The text after the first `count` transactions, computed on a plain string (what a correct replay must hold). */
export function expectedText(trace: Trace, count: number): string {
  let text = trace.startContent;
  for (const { patches } of trace.txns.slice(0, count)) {
    for (const [position, deleteCount, insert] of patches) text = text.slice(0, position) + insert + text.slice(position + deleteCount);
  }
  return text;
}

/**
 * The whole trace typed into one paragraph of a statement-shaped Y.Doc (gc off, like every
 * statement), one Yjs transaction per edit, as a full-state update. Verified against the
 * trace's endContent. Built once (several seconds) and cached in artifacts/bench-cache/.
 */
export function historyDocumentUpdate(): Uint8Array {
  const cached = `${CACHE_DIR}automerge-paper-history.yjs`;
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const trace = loadTrace();
  const doc = new Y.Doc({ gc: false });
  const fragment = doc.getXmlFragment(STATEMENT_FRAGMENT);
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 1 as unknown as string);
  heading.insert(0, [new Y.XmlText('A paper, as it was written')]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  fragment.insert(0, [heading, paragraph]);
  for (const { patches } of trace.txns) doc.transact(() => applyPatches(text, patches));
  if (text.toString() !== trace.endContent) throw new Error('replaying the trace did not reach its endContent');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, update);
  return update;
}
