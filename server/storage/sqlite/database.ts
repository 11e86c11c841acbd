import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { orgNameKey } from '../../../shared/org-name.ts';
import { BUSY_TIMEOUT_MS } from './busy-retry.ts';
import { SQLITE_MIGRATIONS } from './schema.ts';

export interface SqliteOptions {
  /** Path of the database file; its folder is created when missing. */
  file: string;
  /**
   * SQLite's `synchronous` setting in WAL mode. `NORMAL` survives a crash of the process
   * (the promise Jointly makes for acknowledged edits); `FULL` also survives power loss
   * at the cost of one fsync per acknowledged update.
   */
  synchronous: 'NORMAL' | 'FULL';
}

/**
 * One `node:sqlite` connection (WAL, foreign keys on) with migrations applied, a cache of
 * prepared statements and synchronous transactions. Everything runs on the calling
 * thread, so a method that returns has committed.
 */
export class SqliteDatabase {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  /** Per SQL text: whether running it may change who may see or edit a statement (see `accessVersion`). */
  private readonly changesAccess = new Map<string, boolean>();
  private localAccessWrites = 0;

  constructor(options: SqliteOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new DatabaseSync(options.file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous}; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`);
    // Used by migrations and queries: the one definition of when two organization names read the same.
    this.db.function('org_name_key', { deterministic: true }, (name) => orgNameKey(String(name)));
    // Migrations run once at start, before anything else is served: they may wait up to 5 s for a lock held by another process.
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.migrate();
    this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }

  /** A prepared statement, prepared once per SQL text. */
  sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  get<T>(text: string, ...params: SQLInputValue[]): T | undefined {
    return this.sql(text).get(...params) as T | undefined;
  }

  all<T>(text: string, ...params: SQLInputValue[]): T[] {
    return this.sql(text).all(...params) as T[];
  }

  run(text: string, ...params: SQLInputValue[]): { changes: number; lastInsertRowid: number } {
    const result = this.sql(text).run(...params);
    if (result.changes && this.mayChangeAccess(text)) this.localAccessWrites++;
    return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
  }

  /**
   * A value that changes whenever something that decides access to a statement may have
   * changed: a write to users, organizations, memberships or participants, a statement
   * created, deleted or changing status, a session ended, through this connection (counted here) or any
   * other connection to the same file (SQLite's data_version). Equal values mean the same
   * rights; callers may cache an access decision against it.
   */
  accessVersion(): string {
    const { data_version: other } = this.sql('PRAGMA data_version').get() as { data_version: number };
    return `${this.localAccessWrites}.${other}`;
  }

  private mayChangeAccess(text: string): boolean {
    let known = this.changesAccess.get(text);
    if (known === undefined) {
      const sql = text.replace(/\s+/g, ' ').trim();
      const writes = /^(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
      const accessTables = /\b(users|organizations|memberships|statement_participants)\b/i.test(sql);
      const statementRows = /\bstatements\b/i.test(sql) && (/^(INSERT|DELETE|REPLACE)\b/i.test(sql) || /\bstatus\b/i.test(sql));
      // A connection lives no longer than its session: ending one changes access (starting one does not).
      const endedSessions = /^DELETE\b/i.test(sql) && /\bsessions\b/i.test(sql);
      known = writes && (accessTables || statementRows || endedSessions);
      this.changesAccess.set(text, known);
    }
    return known;
  }

  /** Runs `work` in one IMMEDIATE transaction; rolls back and rethrows if it throws. */
  transaction<T>(work: () => T): T {
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

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private migrate(): void {
    this.localAccessWrites++;
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(this.all<{ version: number }>('SELECT version FROM schema_migrations').map((r) => r.version));
    for (const [index, migration] of SQLITE_MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      this.transaction(() => {
        this.db.exec(migration);
        this.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', version, new Date().toISOString());
      });
    }
  }
}

export function isoNow(): string {
  return new Date().toISOString();
}
