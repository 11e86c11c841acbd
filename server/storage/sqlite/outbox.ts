import type { NotificationKind } from '../../../shared/notification-kinds.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

export interface OutboxEventInput {
  kind: NotificationKind;
  statementId: string;
  /** The organization the event is about (who signed, whose sign-off went stale, who was added). */
  orgId?: string | null;
  /** Who caused it; null for the server itself (a deadline reminder). */
  actorId?: string | null;
  details?: unknown;
}

/**
 * Appends workflow events to the outbox. Call it inside the transaction that makes the change
 * the event announces: then the event exists exactly when the change does, and the notifier
 * (which drains the outbox) can neither miss it after a crash nor see one that rolled back.
 */
export function appendOutboxEvents(db: SqliteDatabase, events: readonly OutboxEventInput[]): void {
  const at = isoNow();
  for (const event of events) {
    db.run(
      'INSERT INTO outbox_events (kind, statement_id, org_id, actor_id, details, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      event.kind,
      event.statementId,
      event.orgId ?? null,
      event.actorId ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
      at,
    );
  }
}
