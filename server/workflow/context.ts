import type { Collaboration } from '../collab/collaboration.ts';
import { KeyedQueue } from '../collab/keyed-queue.ts';
import { readStatementText, type StatementText } from '../collab/statement-text.ts';
import type { LiveEvents } from '../live/live-events.ts';
import { announceStatementChange } from '../live/announce.ts';
import type { Store } from '../storage/store.ts';

/** What every workflow command works with. One per app. */
export interface WorkflowContext {
  readonly store: Store;
  readonly collaboration: Collaboration;
  readonly live: LiveEvents;
  /**
   * Sign-off, withdraw, lock (now or when a countdown fires), unlock and publish of one
   * statement run one at a time on this instance, so a step that reads the text and then
   * changes the status cannot interleave with another.
   */
  readonly queue: KeyedQueue;
  /** The authoritative current text (the live document when open here). */
  currentText(statementId: string): Promise<StatementText>;
  /** Every open editor refetches; everyone who sees the statement refreshes their list. */
  announce(statementId: string): Promise<void>;
  /** Told after a change that wrote outbox events, so they are delivered without waiting for a poll. */
  onOutboxWrite(): void;
}

export function createWorkflowContext(services: { store: Store; collaboration: Collaboration; live: LiveEvents; onOutboxWrite?: () => void }): WorkflowContext {
  const { store, collaboration, live } = services;
  return {
    store,
    collaboration,
    live,
    queue: new KeyedQueue(),
    currentText: (statementId) => readStatementText(collaboration.hocuspocus, store, statementId),
    announce: (statementId) => announceStatementChange({ store, collaboration, live }, statementId),
    onOutboxWrite: services.onOutboxWrite ?? (() => {}),
  };
}
