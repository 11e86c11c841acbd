/**
 * Said within this process after a change wrote outbox events, so whoever drains the outbox
 * (the notifier) can start at once instead of at its next poll. Only a hint: the outbox
 * table is the truth, and events written by another process are found by polling.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  written(): void {
    for (const listener of this.listeners) listener();
  }
}
