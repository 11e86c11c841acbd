import type { beforeHandleMessagePayload, Connection, Extension, Hocuspocus } from '@hocuspocus/server';
import { CloseCodes } from '../../../shared/close-codes.ts';
import { encodeServerMessage } from '../../../shared/collab-messages.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../storage/store.ts';
import { canEdit } from '../../policies/statement-policy.ts';
import { readConnectionRights, type CollabContext } from './authenticate.ts';
import type { DocumentFreezer } from '../freezer.ts';
import { CollabRefusal, refuse } from '../refusal.ts';
import { readDocumentUpdate } from '../sync-frame.ts';

/** Which open connections to re-check: one user's, one statement's, or (empty) all. */
export interface AccessFilter {
  userId?: string;
  statementId?: string;
}

/**
 * Authorization after the handshake.
 *
 * - Every frame carrying a document update is checked against the database before
 *   anything else sees it: a connection whose user lost access is closed (4403); one that
 *   may only read is made read-only, so Hocuspocus refuses the update and nothing logs it.
 *   When the store offers `accessVersion`, the decision last made for the connection is
 *   reused as long as that version has not changed (nothing deciding access was written
 *   since, by any process); otherwise the rights are read again.
 * - `revalidate` re-checks open connections at once (called after membership and
 *   participant changes) and a sweep re-checks all of them every `sweepIntervalMs`
 *   (changes made through another instance), closing or downgrading them and telling the
 *   client with an `access` stateless message. A connection that may edit again is
 *   closed with 4000 (access-changed) so that its provider reconnects and resyncs.
 *
 * (Presence is admitted, and stamped with the server's identity, by AwarenessAdmission.)
 */
export class AccessGuard implements Extension {
  readonly extensionName = 'AccessGuard';
  private readonly store: Store;
  private readonly logger: Logger;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Per connection: the store's access version under which its rights were last checked. */
  private readonly checkedAt = new WeakMap<Connection, string>();

  private readonly freezer: DocumentFreezer;

  constructor(store: Store, logger: Logger, freezer: DocumentFreezer) {
    this.store = store;
    this.logger = logger;
    this.freezer = freezer;
  }

  startSweeping(hocuspocus: Hocuspocus, intervalMs: number): void {
    this.sweepTimer = setInterval(() => {
      this.revalidate(hocuspocus, {}).catch((error: unknown) => this.logger.error({ err: error }, 'access sweep failed'));
    }, intervalMs);
    this.sweepTimer.unref();
  }

  async onDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
  }

  async beforeHandleMessage({ connection, documentName, update: frame }: beforeHandleMessagePayload): Promise<void> {
    if (!readDocumentUpdate(frame)) return;
    await this.enforceIfStale(connection);
    // Whatever the persistence, nothing changes a document that lock or publish froze.
    if (this.freezer.isFrozen(documentName) && !connection.readOnly) {
      connection.readOnly = true;
      connection.sendStateless(encodeServerMessage({ type: 'access', readOnly: true }));
      // Read-only here comes from the freezer, not the rights: should the lock or publish
      // fail and thaw without any write, the next check must not trust the cached decision.
      this.checkedAt.delete(connection);
    }
  }

  async revalidate(hocuspocus: Hocuspocus, filter: AccessFilter): Promise<void> {
    const checks: Promise<void>[] = [];
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as CollabContext | undefined;
        if (!context) continue;
        if (filter.userId && context.userId !== filter.userId) continue;
        if (filter.statementId && context.statementId !== filter.statementId) continue;
        checks.push(this.enforceIfStale(connection).catch(() => {}));
      }
    }
    await Promise.all(checks);
  }

  /** Refuses every connection of the ended sessions with 4401 (their tokens no longer authenticate either). */
  endSessions(hocuspocus: Hocuspocus, sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    if (ended.size === 0) return;
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as CollabContext | undefined;
        if (context && ended.has(context.sessionId)) refuse(connection, sessionEnded(context), this.logger);
      }
    }
  }

  private refuseAndThrow(connection: Connection, refusal: CollabRefusal): never {
    refuse(connection, refusal, this.logger);
    throw refusal;
  }

  /** `enforce`, unless the connection was checked under the store's current access version. */
  private async enforceIfStale(connection: Connection): Promise<void> {
    const version = this.store.accessVersion?.();
    if (version !== undefined && this.checkedAt.get(connection) === version) return;
    await this.enforce(connection);
    if (version !== undefined) this.checkedAt.set(connection, version);
  }

  /** Brings one connection in line with the user's current rights; throws when it had to be closed. */
  private async enforce(connection: Connection): Promise<void> {
    const context = connection.context as CollabContext;
    const { session, access } = await readConnectionRights(this.store, context);
    // A session ended elsewhere (another instance's logout) ends its connections here too.
    if (!session) this.refuseAndThrow(connection, sessionEnded(context));
    if (!access) this.refuseAndThrow(connection, new CollabRefusal(CloseCodes.Forbidden, 'access revoked', { statementId: context.statementId }));
    const readOnly = !canEdit(access);
    if (connection.readOnly === readOnly) return;
    connection.sendStateless(encodeServerMessage({ type: 'access', readOnly }));
    if (readOnly) {
      connection.readOnly = true;
    } else {
      // Updates refused while read-only are still pending on the client (and counted as
      // unsynced there); a fresh connection resynchronises them cleanly. Not a refusal: the
      // provider reconnects at once and is told nothing went wrong.
      connection.webSocket.close(CloseCodes.AccessChanged.code, CloseCodes.AccessChanged.reason);
    }
  }
}

function sessionEnded(context: CollabContext): CollabRefusal {
  return new CollabRefusal(CloseCodes.Unauthorized, 'the session ended', { statementId: context.statementId });
}
