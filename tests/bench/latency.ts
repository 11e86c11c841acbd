/**
 * Keystroke-to-remote-applied latency: a keystroke made on one probe's Y.Doc is timed
 * until each other probe's Y.Doc holds it (its state for the sender's client id reaches
 * the keystroke's clock). Every (receiver, keystroke) pair is one sample.
 */
import * as Y from 'yjs';

interface Pending {
  clock: number;
  sentAt: number;
}

export class LatencyMeter {
  readonly samples: number[] = [];
  /** Per receiver, per sender client id: keystrokes not yet seen, in sending order. */
  private readonly queues = new Map<Y.Doc, Map<number, Pending[]>>();
  private readonly listeners = new Map<Y.Doc, () => void>();

  /** Starts watching `docs`; a keystroke on any of them is then expected on all the others. */
  constructor(docs: Y.Doc[]) {
    for (const doc of docs) {
      this.queues.set(doc, new Map());
      const listener = () => this.check(doc);
      this.listeners.set(doc, listener);
      doc.on('update', listener);
    }
  }

  /** Call right after a local change on `sender`. */
  sent(sender: Y.Doc): void {
    const clock = Y.getState(sender.store, sender.clientID);
    const sentAt = performance.now();
    for (const [receiver, bySender] of this.queues) {
      if (receiver === sender) continue;
      let queue = bySender.get(sender.clientID);
      if (!queue) bySender.set(sender.clientID, (queue = []));
      queue.push({ clock, sentAt });
    }
  }

  private check(receiver: Y.Doc): void {
    const now = performance.now();
    for (const [client, queue] of this.queues.get(receiver)!) {
      const have = Y.getState(receiver.store, client);
      let done = 0;
      while (done < queue.length && queue[done]!.clock <= have) this.samples.push(now - queue[done++]!.sentAt);
      if (done) queue.splice(0, done);
    }
  }

  /** Keystrokes some receiver has not seen yet. */
  outstanding(): number {
    let n = 0;
    for (const bySender of this.queues.values()) for (const queue of bySender.values()) n += queue.length;
    return n;
  }

  /** Waits (up to `timeoutMs`) until every receiver has every keystroke; returns how many are still missing. */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (this.outstanding() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.outstanding();
  }

  stop(): void {
    for (const [doc, listener] of this.listeners) doc.off('update', listener);
  }
}
