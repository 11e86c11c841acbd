import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { CompactionResult, FoldedDocument, LoggedUpdate, StatementRow, Store, StoredDocument } from './store.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { SQLITE_MIGRATIONS } from './sqlite-schema.ts';

export interface SqliteStoreOptions {
  /** Path of the database file; its folder is created when missing. */
  file: string;
  /**
   * SQLite's `synchronous` setting in WAL mode. `NORMAL` survives a crash of the process
   * (the promise Jointly makes for acknowledged edits); `FULL` also survives power loss
   * at the cost of one fsync per acknowledged update.
   */
  synchronous: 'NORMAL' | 'FULL';
}

interface StatementDbRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

function toStatement(row: StatementDbRow): StatementRow {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * The embedded default store on Node's built-in `node:sqlite`. Every call runs
 * synchronously inside the returned promise, so `appendUpdate` has committed (and, per
 * `synchronous`, synced) by the time it resolves.
 */
export class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  private readonly sql: Record<string, StatementSync>;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new DatabaseSync(options.file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous}; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;`);
    this.migrate();
    this.sql = {
      insertStatement: this.db.prepare('INSERT INTO statements (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)'),
      getStatement: this.db.prepare('SELECT * FROM statements WHERE id = ?'),
      listStatements: this.db.prepare('SELECT * FROM statements ORDER BY updated_at DESC, id'),
      touchStatement: this.db.prepare('UPDATE statements SET title = ?, updated_at = ? WHERE id = ?'),
      getSnapshot: this.db.prepare('SELECT state FROM document_snapshots WHERE name = ?'),
      upsertSnapshot: this.db.prepare(
        'INSERT INTO document_snapshots (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      ),
      listUpdates: this.db.prepare('SELECT seq, "update" FROM document_updates WHERE name = ? ORDER BY seq'),
      countUpdates: this.db.prepare('SELECT count(*) AS n FROM document_updates WHERE name = ?'),
      appendUpdate: this.db.prepare('INSERT INTO document_updates (name, "update", created_at) VALUES (?, ?, ?)'),
      deleteUpdatesUpTo: this.db.prepare('DELETE FROM document_updates WHERE name = ? AND seq <= ?'),
      quarantine: this.db.prepare(
        'INSERT INTO quarantined_updates (seq, name, "update", reason, quarantined_at) SELECT seq, name, "update", ?, ? FROM document_updates WHERE name = ? AND seq = ?',
      ),
      deleteUpdate: this.db.prepare('DELETE FROM document_updates WHERE name = ? AND seq = ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    for (const [index, sql] of SQLITE_MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      this.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, now());
      });
    }
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async createStatement(input: { id: string; title: string; initialState: Uint8Array }): Promise<StatementRow> {
    const at = now();
    this.transaction(() => {
      this.sql.insertStatement!.run(input.id, input.title, at, at);
      this.sql.upsertSnapshot!.run(statementDocumentName(input.id), input.initialState, at);
    });
    return { id: input.id, title: input.title, createdAt: at, updatedAt: at };
  }

  async getStatement(id: string): Promise<StatementRow | null> {
    const row = this.sql.getStatement!.get(id) as StatementDbRow | undefined;
    return row ? toStatement(row) : null;
  }

  async listStatements(): Promise<StatementRow[]> {
    return (this.sql.listStatements!.all() as unknown as StatementDbRow[]).map(toStatement);
  }

  async recordStatementEdit(id: string, title: string): Promise<void> {
    this.sql.touchStatement!.run(title, now(), id);
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    return this.readDocument(name);
  }

  private readDocument(name: string): StoredDocument {
    const snapshot = this.sql.getSnapshot!.get(name) as { state: Uint8Array } | undefined;
    const updates = (this.sql.listUpdates!.all(name) as { seq: number; update: Uint8Array }[]).map(
      (row): LoggedUpdate => ({ seq: Number(row.seq), update: row.update }),
    );
    return { snapshot: snapshot?.state ?? null, updates };
  }

  async appendUpdate(name: string, update: Uint8Array): Promise<number> {
    const result = this.sql.appendUpdate!.run(name, update, now());
    return Number(result.lastInsertRowid);
  }

  async quarantineUpdate(name: string, seq: number, reason: string): Promise<void> {
    this.transaction(() => {
      this.sql.quarantine!.run(reason, now(), name, seq);
      this.sql.deleteUpdate!.run(name, seq);
    });
  }

  async compactDocument(name: string, fold: (stored: StoredDocument) => FoldedDocument): Promise<CompactionResult> {
    return this.transaction(() => {
      const stored = this.readDocument(name);
      const last = stored.updates.at(-1);
      if (!last) return { foldedUpdates: 0, quarantined: 0, snapshotBytes: stored.snapshot?.byteLength ?? 0 };
      const folded = fold(stored);
      const at = now();
      for (const { seq, reason } of folded.rejected) {
        this.sql.quarantine!.run(reason, at, name, seq);
      }
      this.sql.upsertSnapshot!.run(name, folded.state, at);
      this.sql.deleteUpdatesUpTo!.run(name, last.seq);
      return {
        foldedUpdates: stored.updates.length - folded.rejected.length,
        quarantined: folded.rejected.length,
        snapshotBytes: folded.state.byteLength,
      };
    });
  }

  async writeSnapshot(name: string, state: Uint8Array): Promise<void> {
    this.sql.upsertSnapshot!.run(name, state, now());
  }

  async countLoggedUpdates(name: string): Promise<number> {
    return Number((this.sql.countUpdates!.get(name) as { n: number }).n);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

function now(): string {
  return new Date().toISOString();
}

