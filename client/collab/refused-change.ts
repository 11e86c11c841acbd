import type { JSONContent } from '@tiptap/core';
import { diffArrays, diffWordsWithSpace } from 'diff';
import * as Y from 'yjs';
import { CloseCodes, closeCodeOf } from '../../shared/close-codes.ts';
import { textBlocksOf } from '../../shared/redline.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';

/**
 * Why the server refused a change sent from this page (shared/close-codes.ts): over a size
 * cap (UpdateTooLarge), content a statement may not hold (UpdateRefused), or not decodable
 * (InvalidUpdate). A refused change was neither stored nor shared, and sending the same Y.Doc
 * state again is refused again: the session discards it instead of reconnecting.
 */
export type RefusalReason = 'too-large' | 'not-accepted' | 'unreadable';

/** The refusal a provider `close` event reports, or null when the close refused no change. */
export function refusalReasonOf(event: { code?: number; reason?: string }): RefusalReason | null {
  switch (closeCodeOf(event)) {
    case CloseCodes.UpdateTooLarge:
      return 'too-large';
    case CloseCodes.UpdateRefused:
      return 'not-accepted';
    case CloseCodes.InvalidUpdate:
      return 'unreadable';
    default:
      return null;
  }
}

/**
 * What a session whose change was refused hands to the fresh session that replaces it: the
 * refused document, kept in memory only (its Y.Doc and IndexedDB copy are gone by then).
 */
export interface RefusalHandover {
  reason: RefusalReason;
  /** The refused session's document as it stood when it was discarded. */
  localJSON: JSONContent;
  /** The refused session's whole Y.Doc state, to measure what the server lacked. */
  localState: Uint8Array;
}

/** What the person is told once the editor shows the server's text again. */
export interface RefusedChange {
  reason: RefusalReason;
  /** The text that was on this page and is not in the server's document; '' when only formatting or structure differed. */
  text: string;
  /** Bytes of Yjs update the server did not take: about the size of the refused change. */
  bytes: number;
}

/** Compares the refused document with the server's, once `serverDoc` holds the server's state. */
export function describeRefusedChange(handover: RefusalHandover, serverDoc: Y.Doc): RefusedChange {
  return {
    reason: handover.reason,
    text: unsavedText(statementJSONFromYDoc(serverDoc), handover.localJSON),
    bytes: Y.diffUpdate(handover.localState, Y.encodeStateVector(serverDoc)).byteLength,
  };
}

/** How long one alignment may take before the cheaper comparison below is used (this runs on the main thread). */
const DIFF_TIMEOUT_MS = 100;
/** Between the blocks of a passage, and between passages: a blank line, as plain text pastes back into paragraphs. */
const BLOCK_GAP = '\n\n';

/**
 * The text of `local` that `server` does not hold, for the person to keep. Pure.
 *
 * Blocks (shared/redline.ts's text blocks: the title, paragraphs, headings, list items…) are
 * aligned; each run of changed blocks is compared word by word. Each run of added words is one
 * passage, spanning blocks while nothing of the server's text stands between them (a blank line
 * between its blocks); passages are separated by a blank line too. Text only `server` holds,
 * and marks, are ignored. Bounded in time: an alignment that takes too long (a huge paste into
 * a long paragraph) falls back to trimming what both sides share at the start and end.
 */
export function unsavedText(server: JSONContent, local: JSONContent): string {
  const passages: string[] = [];
  for (const run of changedRuns(blockTexts(server), blockTexts(local))) {
    if (run.added.length > 0) passages.push(...addedPassages(run.removed.join(BLOCK_GAP), run.added.join(BLOCK_GAP)));
  }
  return passages
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .join(BLOCK_GAP);
}

function blockTexts(doc: JSONContent): string[] {
  return textBlocksOf(doc).map((block) => block.text);
}

interface ChangedRun {
  removed: string[];
  added: string[];
}

/** The runs of blocks that differ between `before` and `after`, in order. */
function changedRuns(before: string[], after: string[]): ChangedRun[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore -= 1;
    endAfter -= 1;
  }
  const removed = before.slice(start, endBefore);
  const added = after.slice(start, endAfter);
  if (removed.length === 0 || added.length === 0) return [{ removed, added }];
  const changes = diffArrays(removed, added, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return [{ removed, added }];
  const runs: ChangedRun[] = [];
  let current: ChangedRun | null = null;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      current = null;
      continue;
    }
    if (!current) runs.push((current = { removed: [], added: [] }));
    (change.added ? current.added : current.removed).push(...change.value);
  }
  return runs;
}

/** The runs of words `after` adds to `before`; whitespace the two share does not end a run. */
function addedPassages(before: string, after: string): string[] {
  if (before === '') return [after];
  const changes = diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return [trimmedInsertion(before, after)];
  const passages: string[] = [];
  let passage = '';
  let gap = '';
  for (const change of changes) {
    if (change.removed) continue;
    if (change.added) {
      passage += (passage ? gap : '') + change.value;
      gap = '';
    } else if (/^\s*$/.test(change.value)) {
      gap += change.value;
    } else {
      passages.push(passage);
      passage = '';
      gap = '';
    }
  }
  passages.push(passage);
  return passages;
}

/**
 * What lies between the longest start and end `before` and `after` share, widened to whole
 * words; '' when `after` inserts nothing. The cheap comparison: one insertion comes out whole,
 * several come out as one stretch with the server's text between them. Pure.
 */
export function trimmedInsertion(before: string, after: string): string {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < shortest - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
  let from = start;
  let to = after.length - end;
  if (to <= from) return '';
  const inWord = (at: number) => at > 0 && at < after.length && /\S/.test(after[at - 1]!) && /\S/.test(after[at]!);
  while (inWord(from)) from -= 1;
  while (to > from && inWord(to)) to += 1;
  return after.slice(from, to);
}

/** Elements of an exported text that are blocks of their own (shared/export/html.ts writes these). */
const HTML_TEXT_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, pre, hr';

/**
 * A document as the export fragment's HTML shows it, reduced to what `unsavedText` compares:
 * one paragraph per text block, in reading order (`<br>` as a line break). Parsed inertly
 * with DOMParser (browser only). What the export adds after the text (date, signatories,
 * certificate) may stay: text only the server holds is ignored by `unsavedText`.
 */
export function documentOfHtml(html: string): JSONContent {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const blocks = [...parsed.body.querySelectorAll(HTML_TEXT_BLOCKS)].filter(
    (element) => element.parentElement?.closest('p, pre, h1, h2, h3, h4, h5, h6') == null,
  );
  return {
    type: 'doc',
    content: blocks.map((element) => {
      const text = textWithBreaks(element);
      return { type: 'paragraph', content: text === '' ? [] : [{ type: 'text', text }] };
    }),
  };
}

function textWithBreaks(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeName === 'BR') return '\n';
  return [...node.childNodes].map(textWithBreaks).join('');
}

/**
 * What the server refused of this page's edits while the connection was held read-only
 * (CollabSnapshot.refusedEdits: locked or published while they were on their way): the text
 * of `local` (this page's document) that the server's current text, `serverHtml` (the export
 * fragment), does not hold.
 */
export function refusedEditsText(serverHtml: string, local: JSONContent): string {
  return unsavedText(documentOfHtml(serverHtml), local);
}
