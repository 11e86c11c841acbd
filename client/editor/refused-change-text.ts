import type { RefusedChange } from '../collab/refused-change.ts';

/** What the refused-change dialog says, by why the server refused the change. Pure. */
export interface RefusedChangeWording {
  title: string;
  /** What was refused and why, and that nothing of it was saved or shared. */
  explanation: string;
  /** What to do with the text offered as a copy (or that no words were lost). */
  advice: string;
}

const RESTORED = 'The editor shows the saved text again, and you can keep editing.';

export function refusedChangeWording(change: RefusedChange): RefusedChangeWording {
  const hasText = change.text !== '';
  const explanation =
    change.reason === 'too-large'
      ? `Your last change (about ${formatSize(change.bytes)}) was larger than the server accepts in one change, as a very long paste can be. Nothing of it was saved or shared with the others. ${RESTORED}`
      : change.reason === 'not-accepted'
        ? `The server did not accept your last change: it held content a statement may not contain, such as formatting the editor does not support. Nothing of it was saved or shared with the others. ${RESTORED}`
        : `The server could not read your last change, so nothing of it was saved or shared with the others. ${RESTORED}`;
  const advice = !hasText
    ? 'No words were lost: the change only affected formatting or layout.'
    : change.reason === 'too-large'
      ? 'Below is the text that was not saved. Copy it to keep it, then add it again in smaller parts.'
      : 'Below is the text that was not saved. Copy it to keep it, then add it again (as plain text if it came from another program).';
  const title =
    change.reason === 'too-large'
      ? 'Your change was too large to save'
      : change.reason === 'not-accepted'
        ? 'Your change was not accepted'
        : 'Your change could not be saved';
  return { title, explanation, advice };
}

/** "12 KB", "1.4 MB": a size a person reads at a glance (1 KB = 1,024 bytes; never below 1 KB). */
export function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  if (kb < 1024) return `${Math.max(1, Math.round(kb))} KB`;
  return `${(kb / 1024).toFixed(1)} MB`;
}
