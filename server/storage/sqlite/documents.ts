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

  async compact(name: string, fold: (stored: StoredDocument) => FoldedDocument): Promise<CompactionResult> {
    return this.db.transaction(() => {
      const stored = this.read(name);
      const last = stored.updates.at(-1);
      if (!last) return { foldedUpdates: 0, quarantined: 0, snapshotBytes: stored.snapshot?.byteLength ?? 0 };
      const folded = fold(stored);
      const at = isoNow();
      for (const { seq, reason } of folded.rejected) this.moveToQuarantine(name, seq, reason, at);
      this.writeSnapshotNow(name, folded.state, at);
      this.db.run('DELETE FROM document_updates WHERE name = ? AND seq <= ?', name, last.seq);
      return {
        foldedUpdates: stored.updates.length - folded.rejected.length,
        quarantined: folded.rejected.length,
        snapshotBytes: folded.state.byteLength,
      };
    });
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
