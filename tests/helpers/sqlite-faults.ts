import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { statementDocumentName } from '../../shared/document-name.ts';
import { STATEMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import type { SqliteDatabase } from '../../server/storage/sqlite/database.ts';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import type { Store } from '../../server/storage/store.ts';
import { plainText } from './wire-editor.ts';

/** The database file of a server's DATA_DIR. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'jointly.sqlite');
}

/**
 * The server's own SQLite connection. `PRAGMA max_page_count` holds for one connection only,
 * so a full disk must be made on the connection that writes (see `fillDisk`).
 */
export function serverDatabase(store: Store): SqliteDatabase {
  if (!(store instanceof SqliteStore)) throw new Error('the server does not run on the SQLite store');
  // The store keeps its connection private; a test that fills the disk needs that very connection.
  return store['db'];
}

/**
 * A full disk, as SQLite sees it: the database file may not grow by one page. The free pages
 * are folded away first (VACUUM), so that every write that needs a new page is refused with
 * SQLITE_FULL ("database or disk is full"). Writes that still fit in a page already allocated
 * succeed, as on a real full disk. `lift` makes room again.
 */
export function fillDisk(db: SqliteDatabase): { pages: number; lift(): void } {
  const { max_page_count: before } = db.get<{ max_page_count: number }>('PRAGMA max_page_count')!;
  db.sql('VACUUM').run();
  const { page_count: pages } = db.get<{ page_count: number }>('PRAGMA page_count')!;
  db.get(`PRAGMA max_page_count = ${pages}`);
  return { pages, lift: () => void db.get(`PRAGMA max_page_count = ${before}`) };
}

/**
 * Another process that holds SQLite's write lock on the file (`BEGIN IMMEDIATE`, as a backup
 * tool or an operator's shell would) until `release`, or at most `maxHoldMs`. Reads go on
 * (WAL); every write of the server waits, then fails with SQLITE_BUSY after its busy timeout.
 */
export async function holdWriteLock(file: string, maxHoldMs = 20_000): Promise<{ release(): Promise<void>; process: ChildProcess }> {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(${JSON.stringify(file)});
    db.exec('PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    const done = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    process.stdin.on('data', done);
    setTimeout(done, ${maxHoldMs});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  return {
    process: child,
    release: async () => {
      if (child.exitCode === null) child.stdin!.write('release\n');
      await exited;
    },
  };
}

/**
 * Every word of the statement's text as stored in the file now (snapshot, then the log), read
 * through a read-only connection of its own: it works while the server's writes are refused.
 */
export function storedWords(dataDir: string, statementId: string): Set<string> {
  const db = new DatabaseSync(databaseFile(dataDir), { readOnly: true });
  const doc = new Y.Doc({ gc: false });
  try {
    const name = statementDocumentName(statementId);
    const snapshot = db.prepare('SELECT state FROM document_snapshots WHERE name = ?').get(name) as { state: Uint8Array } | undefined;
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    for (const row of db.prepare('SELECT "update" FROM document_updates WHERE name = ? ORDER BY seq').all(name) as { update: Uint8Array }[]) {
      try {
        Y.applyUpdate(doc, row.update);
      } catch {
        // not part of the document (loading would quarantine it)
      }
    }
    return new Set(plainText(doc.getXmlFragment(STATEMENT_FRAGMENT)).split(/\s+/).filter(Boolean));
  } finally {
    doc.destroy();
    db.close();
  }
}
