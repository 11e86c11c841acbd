import type { Store } from '../../server/storage/store.ts';

/**
 * Wraps a real store and lets a test hold or fail `appendUpdate`. Every other call goes
 * straight to the real store.
 */
export class FaultStore implements Store {
  /** Number of the next appends that throw. */
  failNextAppends = 0;
  failAllAppends = false;
  /** While set, appends wait for `release()` before reaching the real store. */
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  /** Timeline of completed appends; a test may replace it with a shared array. */
  events: string[] = [];
  appendAttempts = 0;

  private readonly inner: Store;

  constructor(inner: Store) {
    this.inner = inner;
  }

  holdAppends(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async appendUpdate(name: string, update: Uint8Array): Promise<number> {
    this.appendAttempts++;
    if (this.gate) await this.gate;
    if (this.failAllAppends || this.failNextAppends > 0) {
      this.failNextAppends = Math.max(0, this.failNextAppends - 1);
      throw new Error('injected store failure');
    }
    const seq = await this.inner.appendUpdate(name, update);
    this.events.push('append');
    return seq;
  }

  createStatement: Store['createStatement'] = (input) => this.inner.createStatement(input);
  getStatement: Store['getStatement'] = (id) => this.inner.getStatement(id);
  listStatements: Store['listStatements'] = () => this.inner.listStatements();
  recordStatementEdit: Store['recordStatementEdit'] = (id, title) => this.inner.recordStatementEdit(id, title);
  loadDocument: Store['loadDocument'] = (name) => this.inner.loadDocument(name);
  quarantineUpdate: Store['quarantineUpdate'] = (name, seq, reason) => this.inner.quarantineUpdate(name, seq, reason);
  compactDocument: Store['compactDocument'] = (name, fold) => this.inner.compactDocument(name, fold);
  writeSnapshot: Store['writeSnapshot'] = (name, state) => this.inner.writeSnapshot(name, state);
  countLoggedUpdates: Store['countLoggedUpdates'] = (name) => this.inner.countLoggedUpdates(name);
  close: Store['close'] = () => this.inner.close();
}
