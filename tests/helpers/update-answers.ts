import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import type { EditorClient } from './editor-client.ts';
import type { RawCollabClient } from './raw-client.ts';

/** The server's answer to one update: applied and stored, refused on a read-only connection, or the connection closed. */
export type UpdateAnswer = { kind: 'saved' } | { kind: 'refused' } | { kind: 'closed'; code: number };

const SYNC_STATUS: number = MessageType.SyncStatus;

/**
 * The refusal signal a test waits for instead of sleeping and looking. Hocuspocus answers
 * every update a connection sends: sync status 1 once applied (after the durable log stored
 * it), sync status 0 when the connection is read-only and nothing was applied; a refused
 * frame closes the connection with a code from shared/close-codes.ts. Answers are queued in
 * arrival order; `next` takes the oldest one not taken yet, and once the connection closed,
 * every later `next` is that close.
 */
export class UpdateAnswers {
  private readonly queue: UpdateAnswer[] = [];
  private closed: UpdateAnswer | undefined;
  private wake: (() => void) | undefined;

  /** Answers to a raw client's frames; attach before sending. */
  static ofRaw(raw: RawCollabClient): UpdateAnswers {
    const answers = new UpdateAnswers();
    raw.socket.on('message', (data: Buffer) => answers.receive(new Uint8Array(data)));
    raw.socket.once('close', (code: number) => answers.close(code));
    return answers;
  }

  /**
   * Answers to a provider's updates. Attach once `editor.acknowledged()` resolved: the answer
   * to the provider's own sync step 2 is then already in.
   */
  static ofEditor(editor: EditorClient): UpdateAnswers {
    const answers = new UpdateAnswers();
    editor.provider.on('message', ({ event }: { event: MessageEvent }) => answers.receive(new Uint8Array(event.data as ArrayBuffer)));
    editor.socket.on('close', ({ event }: { event: { code: number } }) => answers.close(event.code));
    return answers;
  }

  /** The next answer, or a failure naming `what` after `timeoutMs`. */
  async next(what: string, timeoutMs = 5_000): Promise<UpdateAnswer> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0 && !this.closed) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no answer from the server within ${timeoutMs} ms to ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.queue.shift() ?? this.closed!;
  }

  private receive(bytes: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== SYNC_STATUS) return;
      this.push(decoding.readVarUint(decoder) === 1 ? { kind: 'saved' } : { kind: 'refused' });
    } catch {
      // A connection-level frame (ping) carries no document name.
    }
  }

  private close(code: number): void {
    this.closed ??= { kind: 'closed', code };
    this.wake?.();
  }

  private push(answer: UpdateAnswer): void {
    this.queue.push(answer);
    this.wake?.();
  }
}
