/**
 * Storage for statements and their collaborative documents.
 *
 * Documents are kept as one snapshot (a Yjs update encoding the whole state at some
 * point) plus an append-only log of the updates received since. Contracts every
 * implementation keeps:
 * - `appendUpdate` resolves only once the update is durable: a crash of the process
 *   right after it resolves loses nothing.
 * - `compactDocument` replaces the snapshot and removes the log entries it folded in
 *   one transaction, so a crash leaves either the old pair or the new pair.
 * - Loading never fails because of one bad log entry: entries are returned as they
 *   are and the caller quarantines what does not apply.
 */
export interface StatementRow {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface LoggedUpdate {
  seq: number;
  update: Uint8Array;
}

export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: LoggedUpdate[];
}

/** Result of folding a stored document into one state; see `foldDocument`. */
export interface FoldedDocument {
  state: Uint8Array;
  /** Log entries that did not apply; they are moved to quarantine, not dropped. */
  rejected: { seq: number; reason: string }[];
}

export interface CompactionResult {
  foldedUpdates: number;
  quarantined: number;
  snapshotBytes: number;
}

export interface Store {
  /** Creates the statement and its initial document state in one transaction. */
  createStatement(input: { id: string; title: string; initialState: Uint8Array }): Promise<StatementRow>;
  getStatement(id: string): Promise<StatementRow | null>;
  listStatements(): Promise<StatementRow[]>;
  /** Refreshes the listed title (a copy of the document's title node) and the last-edited time. */
  recordStatementEdit(id: string, title: string): Promise<void>;

  loadDocument(name: string): Promise<StoredDocument>;
  /** Durable when resolved. Returns the entry's sequence number. */
  appendUpdate(name: string, update: Uint8Array): Promise<number>;
  /** Moves one log entry aside so it is no longer replayed, keeping its bytes for inspection. */
  quarantineUpdate(name: string, seq: number, reason: string): Promise<void>;
  /** Folds snapshot + log into a new snapshot and truncates the log, in one transaction. */
  compactDocument(name: string, fold: (stored: StoredDocument) => FoldedDocument): Promise<CompactionResult>;
  /** Replaces the snapshot outright (used only by the debounced comparison mode). */
  writeSnapshot(name: string, state: Uint8Array): Promise<void>;
  countLoggedUpdates(name: string): Promise<number>;

  close(): Promise<void>;
}
