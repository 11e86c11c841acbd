import { setTimeout as sleep } from 'node:timers/promises';
import type { EditorClient } from './editor-client.ts';

/**
 * A canary editor's keystrokes, timed: each `keystroke()` types one character and resolves
 * with the milliseconds until the server acknowledged it (the provider's unsyncedChanges
 * back to 0). Everything typed is appended to the first body paragraph and remembered, so the
 * stored text can be checked afterwards.
 */
export class CanaryTyping {
  readonly editor: EditorClient;
  /** What the canary typed, in order. */
  typed = '';

  constructor(editor: EditorClient) {
    this.editor = editor;
  }

  async keystroke(timeoutMs = 10_000): Promise<number> {
    const { provider } = this.editor;
    if (provider.unsyncedChanges !== 0) await this.editor.acknowledged(timeoutMs);
    const char = String.fromCharCode(97 + (this.typed.length % 26));
    const acknowledged = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`canary keystroke not acknowledged in ${timeoutMs} ms`)), timeoutMs);
      const onChange = ({ number }: { number: number }) => {
        if (number !== 0) return;
        clearTimeout(timer);
        provider.off('unsyncedChanges', onChange);
        resolve(performance.now() - startedAt);
      };
      provider.on('unsyncedChanges', onChange);
    });
    const startedAt = performance.now();
    this.editor.insertText(0, Number.MAX_SAFE_INTEGER, char);
    this.typed += char;
    return acknowledged;
  }

  /** Keystrokes every `intervalMs` until `until` settles (or for `until` milliseconds); returns their latencies. */
  async sample(until: Promise<unknown> | number, intervalMs: number): Promise<number[]> {
    let settled = false;
    if (typeof until === 'number') void sleep(until).then(() => (settled = true));
    else
      void until.then(
        () => (settled = true),
        () => (settled = true),
      );
    const latencies: number[] = [];
    while (!settled) {
      latencies.push(await this.keystroke());
      await sleep(intervalMs);
    }
    return latencies;
  }
}

/** The q-quantile (0..1) of `values`, in the unit given. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
