import type { CompactionResult, DocumentStore, FoldedDocument, LoggedUpdate, StoredDocument } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

interface PendingAppend {
  name: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export class SqliteDocuments implements DocumentStore {
  private readonly db: SqliteDatabase;
  /** Appends waiting for the next group commit (see `append`). */
  private pendingAppends: PendingAppend[] = [];

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async load(name: string): Promise<StoredDocument> {
    return this.read(name);
  }

  private read(name: string): StoredDocument {
    const snapshot = this.db.get<{ state: Uint8Array }>('SELECT state FROM document_snapshots WHERE name = ?', name);
    const updates = this.db
      .all<{ seq: number; update: Uint8Array }>('SELECT seq, "update" FROM document_updates WHERE name = ? ORDER BY seq', name)
      .map((row): LoggedUpdate => ({ seq: Number(row.seq), update: row.update }));
    return { snapshot: snapshot?.state ?? null, updates };
  }

  /**
   * Group commit: appends made during one turn of the event loop (typically the frames of
   * many connections read in one poll phase) are written in one transaction right after
   * it (setImmediate), instead of one commit each. Each promise resolves only once its
   * row has committed, with its own sequence number; if the commit fails, every append in
   * it rejects and none of them is stored.
   */
  append(name: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pendingAppends.push({ name, update, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.commitAppends());
    });
  }

  private commitAppends(): void {
    const batch = this.pendingAppends;
    if (batch.length === 0) return;
    this.pendingAppends = [];
    const at = isoNow();
    const insert = (append: PendingAppend) =>
      this.db.run('INSERT INTO document_updates (name, "update", created_at) VALUES (?, ?, ?)', append.name, append.update, at).lastInsertRowid;
    let seqs: number[];
    try {
      seqs = batch.length === 1 ? [insert(batch[0]!)] : this.db.transaction(() => batch.map(insert));
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    batch.forEach((append, i) => append.resolve(seqs[i]!));
  }

  /** Commits appends still waiting for their group commit (before the database closes). */
  flushAppends(): void {
    if (this.pendingAppends.length > 0) this.commitAppends();
  }

  async quarantine(name: string, seqs: readonly number[], reason: string): Promise<void> {
    const at = isoNow();
    this.db.transaction(() => {
      for (const seq of seqs) this.moveToQuarantine(name, seq, reason, at);
    });
  }

  private moveToQuarantine(name: string, seq: number, reason: string, at: string): void {
    this.db.run(
      'INSERT INTO quarantined_updates (seq, name, "update", reason, quarantined_at) SELECT seq, name, "update", ?, ? FROM document_updates WHERE name = ? AND seq = ?',
      reason,
      at,
      name,
      seq,
    );
    this.db.run('DELETE FROM document_updates WHERE name = ? AND seq = ?', name, seq);
  }

  /**
   * Reads, folds outside the transaction (the fold may run for a while in a worker, and
   * appends go on meanwhile), then commits in one transaction only if what was folded is
   * still what is stored: the same snapshot, and the same entries up to the last one folded
   * (sequence numbers only grow, so the same count is the same entries).
   */
  async compact(name: string, fold: (stored: StoredDocument) => Promise<FoldedDocument>): Promise<CompactionResult> {
    const stored = this.read(name);
    const last = stored.updates.at(-1)?.seq ?? 0;
    const unchanged = { committed: true, foldedUpdates: 0, quarantined: 0, snapshotBytes: stored.snapshot?.byteLength ?? 0 };
    if (!stored.snapshot && last === 0) return unchanged;
    const folded = await fold(stored);
    return this.db.transaction(() => {
      if (!this.isStillStored(name, stored, last)) return { ...unchanged, committed: false };
      const at = isoNow();
      for (const { seq, reason } of folded.rejected) this.moveToQuarantine(name, seq, reason, at);
      for (const { update, reason } of folded.setAside) this.quarantineState(name, update, reason, at);
      this.writeSnapshotNow(name, folded.state, at);
      if (last > 0) this.db.run('DELETE FROM document_updates WHERE name = ? AND seq <= ?', name, last);
      return {
        committed: true,
        foldedUpdates: stored.updates.length - folded.rejected.length,
        quarantined: folded.rejected.length + folded.setAside.length,
        snapshotBytes: folded.state.byteLength,
      };
    });
  }

  private isStillStored(name: string, stored: StoredDocument, last: number): boolean {
    const snapshot = stored.snapshot
      ? this.db.get<{ same: number }>('SELECT state = ? AS same FROM document_snapshots WHERE name = ?', stored.snapshot, name)?.same === 1
      : this.db.get('SELECT 1 FROM document_snapshots WHERE name = ?', name) === undefined;
    if (!snapshot) return false;
    const count = Number(this.db.get<{ n: number }>('SELECT count(*) AS n FROM document_updates WHERE name = ? AND seq <= ?', name, last)!.n);
    return count === stored.updates.length;
  }

  /** Keeps bytes that are not a log entry (pending state taken out of a snapshot) in quarantine, under a sequence number of the log's own. */
  private quarantineState(name: string, update: Uint8Array, reason: string, at: string): void {
    const seq = this.db.run('INSERT INTO document_updates (name, "update", created_at) VALUES (?, ?, ?)', name, update, at).lastInsertRowid;
    this.moveToQuarantine(name, Number(seq), reason, at);
  }

  async writeSnapshot(name: string, state: Uint8Array): Promise<void> {
    this.writeSnapshotNow(name, state, isoNow());
  }

  /** Also used by statement creation, inside its transaction. */
  writeSnapshotNow(name: string, state: Uint8Array, at: string): void {
    this.db.run(
      'INSERT INTO document_snapshots (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      name,
      state,
      at,
    );
  }

  async countLogged(name: string): Promise<number> {
    return Number(this.db.get<{ n: number }>('SELECT count(*) AS n FROM document_updates WHERE name = ?', name)!.n);
  }
}
