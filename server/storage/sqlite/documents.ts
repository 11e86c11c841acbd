import type { CompactionResult, DocumentStore, FoldedDocument, LoggedUpdate, StoredDocument } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

export class SqliteDocuments implements DocumentStore {
  private readonly db: SqliteDatabase;

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

  async append(name: string, update: Uint8Array): Promise<number> {
    return this.db.run('INSERT INTO document_updates (name, "update", created_at) VALUES (?, ?, ?)', name, update, isoNow())
      .lastInsertRowid;
  }

  async quarantine(name: string, seq: number, reason: string): Promise<void> {
    this.db.transaction(() => this.moveToQuarantine(name, seq, reason, isoNow()));
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
