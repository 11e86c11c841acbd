/**
 * True when `error` says the storage cannot serve the request now, though nothing is wrong
 * with the request: the database is busy (another process holds its write lock past the
 * retries of `retryWhileBusy`), the disk is full, or the file cannot be written or read.
 * Routes answer these 503 STORAGE_UNAVAILABLE (try again) rather than 500.
 * SQLite result codes (primary, extended codes included): BUSY 5, LOCKED 6, READONLY 8,
 * IOERR 10, FULL 13, CANTOPEN 14.
 */
export function isStorageUnavailable(error: unknown): boolean {
  const code = sqliteResultCode(error);
  return code !== null && [5, 6, 8, 10, 13, 14].includes(code);
}

/** SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock (`retryWhileBusy` already waited for it). */
export function isStorageBusy(error: unknown): boolean {
  const code = sqliteResultCode(error);
  return code === 5 || code === 6;
}

/** The primary SQLite result code node:sqlite reports on `error` (extended codes folded), or null for any other error. */
function sqliteResultCode(error: unknown): number | null {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'ERR_SQLITE_ERROR') return null;
  return Number((error as { errcode?: unknown }).errcode) & 0xff;
}
