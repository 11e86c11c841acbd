import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { statementDocumentName } from '../../shared/document-name.ts';

/**
 * This device's copies of statements: one y-indexeddb database per person and statement,
 * named `jointly:<userId>:statement:<statementId>`, so that edits made offline (or not yet
 * acknowledged by the server) survive a reload and are sent once a connection is back.
 *
 * Contracts:
 * - A copy is opened only under the id of the person signed in: whoever signs in next on
 *   this browser profile never loads another person's copy, so never sends their edits.
 * - When a session ends (logout here, or any 401 this client sees: logged out in another tab
 *   or everywhere, password changed, expired), `deleteAllLocalCopies()` closes the copies
 *   open on this page, then deletes every copy in this profile, whoever's. Edits the server
 *   had not acknowledged are deleted with them, without a warning: a copy left behind would
 *   be readable by the next person on this profile, and nobody could send it anyway.
 * - At sign-in, `deleteOtherPeoplesCopies()` deletes every copy that is not the signed-in
 *   person's (left by a session that ended while this profile was closed, or offline).
 * - When the server says the person may no longer open a statement (4403), the session
 *   deletes that copy (`LocalCopy.delete()`).
 * - Copies named before names carried the person (`jointly:statement:<id>`) cannot be
 *   attributed to anyone: they are never opened, and are deleted like another person's, at
 *   sign-in, at session end and when the statement's attributed copy is opened.
 * - Names are listed with `indexedDB.databases()`; where a browser lacks it, a list in
 *   localStorage of every copy this client opened stands in.
 * - A copy is closed before it is deleted. One held open by another tab of this profile is
 *   closed by that tab as soon as the deletion is asked (y-indexeddb closes on `versionchange`);
 *   should the browser still report it blocked, the deletion completes once that tab lets go.
 */
export interface LocalCopy {
  readonly name: string;
  /** The y-indexeddb provider storing the Y.Doc (updates it applies have this as their origin). */
  readonly persistence: IndexeddbPersistence;
  /** Stops storing into the copy and closes it (idempotent); the copy stays on this device. */
  close(): Promise<void>;
  /** Closes the copy, then deletes it from this device. */
  delete(): Promise<void>;
}

const PREFIX = 'jointly:';
const REGISTRY_KEY = 'jointly:local-copies';
/** `jointly:<userId>:statement:<id>`, or the unattributable `jointly:statement:<id>` of earlier versions. */
const COPY_NAME = /^jointly:(?:([A-Za-z0-9_-]+):)?statement:[A-Za-z0-9_-]+$/;
/** Ending a session waits at most this long for the copies to close and go (the deletions carry on after). */
const DELETE_ALL_WAIT_MS = 3_000;

export function localCopyName(userId: string, statementId: string): string {
  return `${PREFIX}${userId}:${statementDocumentName(statementId)}`;
}

/** The name earlier versions gave a statement's copy, whoever made it. */
function unattributedCopyName(statementId: string): string {
  return `${PREFIX}${statementDocumentName(statementId)}`;
}

/** Whose copy `name` is: a user id, null for an unattributable copy, undefined when it is not a copy's name. */
function ownerOf(name: string): string | null | undefined {
  const match = COPY_NAME.exec(name);
  if (!match) return undefined;
  return match[1] ?? null;
}

const openCopies = new Set<LocalCopy>();

/** `userId`'s copy of the statement, attached to `ydoc`; null where the browser offers no IndexedDB. */
export function openLocalCopy(userId: string, statementId: string, ydoc: Y.Doc): LocalCopy | null {
  if (typeof indexedDB === 'undefined') return null;
  const name = localCopyName(userId, statementId);
  let persistence: IndexeddbPersistence;
  try {
    // Listed before it exists: a copy is never on this device without a record of it.
    register(name);
    persistence = new IndexeddbPersistence(name, ydoc);
  } catch (error) {
    console.warn('Jointly: no local copy for this statement (IndexedDB unavailable)', error);
    return null;
  }
  // Where `databases()` is missing, this is the only moment an unattributable copy can be found.
  void deleteDatabase(unattributedCopyName(statementId));

  let closing: Promise<void> | null = null;
  const copy: LocalCopy = {
    name,
    persistence,
    close() {
      openCopies.delete(copy);
      closing ??= persistence.destroy().catch(() => undefined);
      return closing;
    },
    async delete() {
      await copy.close();
      await deleteDatabase(name);
    },
  };
  openCopies.add(copy);
  return copy;
}

/**
 * Closes every copy open on this page and deletes every statement copy in this browser
 * profile (this person's, another's, unattributable ones). Resolves once each deletion
 * succeeded, failed or is waiting for another tab, and after DELETE_ALL_WAIT_MS at most.
 */
export async function deleteAllLocalCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const closing = [...openCopies].map((copy) => copy.close());
  const deleting = (async () => {
    await Promise.all(closing);
    const names = await knownCopyNames();
    await Promise.all(names.map(deleteDatabase));
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, DELETE_ALL_WAIT_MS)));
  await Promise.race([deleting, waited]);
  clearTimeout(timer);
}

/** Deletes the copies that are not `userId`'s (another person's, unattributable ones); `userId`'s stay. */
export async function deleteOtherPeoplesCopies(userId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const names = (await knownCopyNames()).filter((name) => ownerOf(name) !== userId);
  await Promise.all(
    names.map(async (name) => {
      for (const copy of openCopies) if (copy.name === name) await copy.close();
      await deleteDatabase(name);
    }),
  );
}

/** Copy names from `indexedDB.databases()` where available, and from the registry. */
async function knownCopyNames(): Promise<string[]> {
  const names = new Set(readRegistry());
  try {
    // Typed as always present; older browsers lack it.
    const databases = (indexedDB.databases as IDBFactory['databases'] | undefined)?.bind(indexedDB);
    for (const database of (await databases?.()) ?? []) if (database.name) names.add(database.name);
  } catch {
    // The registry alone, then.
  }
  return [...names].filter((name) => ownerOf(name) !== undefined);
}

/**
 * Deletes one database. Resolves when deleted, when the browser refuses, or when another tab
 * blocks it (the deletion then completes once that tab closes it, and only then leaves the registry).
 */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => {
        updateRegistry((names) => names.delete(name));
        resolve();
      };
      request.onerror = () => resolve();
      request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

function readRegistry(): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(REGISTRY_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return new Set();
    return new Set(parsed.filter((name): name is string => typeof name === 'string' && ownerOf(name) !== undefined));
  } catch {
    return new Set();
  }
}

function updateRegistry(change: (names: Set<string>) => void): void {
  try {
    const names = readRegistry();
    change(names);
    localStorage.setItem(REGISTRY_KEY, JSON.stringify([...names]));
  } catch {
    // Private mode or full storage: `indexedDB.databases()` still finds the copies.
  }
}

function register(name: string): void {
  updateRegistry((names) => names.add(name));
}
