/** Forward-only migrations for the SQLite store; index + 1 is the version. Never edit one that has shipped. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE document_snapshots (
    name TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE document_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    "update" BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX document_updates_by_name ON document_updates (name, seq);
  CREATE TABLE quarantined_updates (
    seq INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    "update" BLOB NOT NULL,
    reason TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
  );
  `,
];
