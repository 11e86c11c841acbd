import type { DocumentStore, Store } from '../../server/storage/store.ts';

/**
 * Wraps a real store and lets a test hold or fail `documents.append`. Everything else
 * goes straight to the real store.
 */
export class FaultStore implements Store {
  /** Number of the next appends that throw. */
  failNextAppends = 0;
  failAllAppends = false;
  /** Timeline of completed appends; a test may replace it with a shared array. */
  events: string[] = [];
  appendAttempts = 0;
  readonly documents: DocumentStore;
  /** While set, appends wait for `release()` before reaching the real store. */
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  private readonly inner: Store;

  constructor(inner: Store) {
    this.inner = inner;
    const real = inner.documents;
    this.documents = {
      load: (name) => real.load(name),
      quarantine: (name, seqs, reason) => real.quarantine(name, seqs, reason),
      compact: (name, fold) => real.compact(name, fold),
      writeSnapshot: (name, state) => real.writeSnapshot(name, state),
      countLogged: (name) => real.countLogged(name),
      append: async (name, update) => {
        this.appendAttempts++;
        if (this.gate) await this.gate;
        if (this.failAllAppends || this.failNextAppends > 0) {
          this.failNextAppends = Math.max(0, this.failNextAppends - 1);
          throw new Error('injected store failure');
        }
        const seq = await real.append(name, update);
        this.events.push('append');
        return seq;
      },
    };
  }

  get statements(): Store['statements'] {
    return this.inner.statements;
  }
  get accounts(): Store['accounts'] {
    return this.inner.accounts;
  }
  get orgs(): Store['orgs'] {
    return this.inner.orgs;
  }
  get rateLimits(): Store['rateLimits'] {
    return this.inner.rateLimits;
  }
  get workflow(): Store['workflow'] {
    return this.inner.workflow;
  }
  get clientIds(): Store['clientIds'] {
    return this.inner.clientIds;
  }
  get statementInvites(): Store['statementInvites'] {
    return this.inner.statementInvites;
  }
  get notifications(): Store['notifications'] {
    return this.inner.notifications;
  }
  get passwordResets(): Store['passwordResets'] {
    return this.inner.passwordResets;
  }

  holdAppends(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
