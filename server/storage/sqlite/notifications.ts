import type { SQLInputValue } from 'node:sqlite';
import type { NotificationKind } from '../../../shared/notification-kinds.ts';
import type { Role } from '../../../shared/roles.ts';
import type {
  DigestItem,
  EventFacts,
  EventMember,
  EventOrg,
  MailPolicy,
  NotificationRow,
  NotificationStore,
  OutboxEvent,
  PlannedNotification,
  ProcessedEvent,
  QueuedMail,
} from '../notification-store.ts';
import type { StatementStatus } from '../store.ts';
import type { SqliteDatabase } from './database.ts';

interface OutboxDbRow {
  id: number;
  kind: NotificationKind;
  statement_id: string | null;
  org_id: string | null;
  actor_id: string | null;
  details: string | null;
  created_at: string;
}

interface MailDbRow {
  id: number;
  user_id: string;
  kind: 'single' | 'digest';
  to_address: string;
  subject: string;
  text: string;
  html: string;
  message_id: string;
  attempts: number;
  email_notifications: number;
}

interface WindowDbRow {
  ends_at: string;
  singles: number;
  digest_mail_id: number | null;
}

function toEvent(row: OutboxDbRow): OutboxEvent {
  let details: unknown;
  try {
    details = row.details === null ? null : JSON.parse(row.details);
  } catch {
    details = null;
  }
  return { id: row.id, kind: row.kind, statementId: row.statement_id, orgId: row.org_id, actorId: row.actor_id, details, createdAt: row.created_at };
}

/** SQLite side of NotificationStore; every method is one transaction or one statement. */
export class SqliteNotifications implements NotificationStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async processNextEvent(plan: (facts: EventFacts) => PlannedNotification[], mail: MailPolicy | null, now: Date): Promise<ProcessedEvent | null> {
    // Looks before it takes the write lock: an empty outbox costs one read (WAL), even while another process holds the lock.
    if (!this.db.get('SELECT 1 FROM outbox_events WHERE processed_at IS NULL LIMIT 1')) return null;
    return this.db.transaction(() => {
      const row = this.db.get<OutboxDbRow>('SELECT * FROM outbox_events WHERE processed_at IS NULL ORDER BY id LIMIT 1');
      if (!row) return null;
      const event = toEvent(row);
      const at = now.toISOString();
      let planned: PlannedNotification[] = [];
      let failure: string | null = null;
      try {
        planned = plan(this.factsOf(event));
      } catch (error) {
        failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
      }
      const recipients: string[] = [];
      let mailQueued = 0;
      for (const notification of planned) {
        const inserted = this.db.run(
          `INSERT INTO notifications (user_id, event_id, kind, statement_id, text, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (event_id, user_id) DO NOTHING`,
          notification.userId,
          event.id,
          event.kind,
          event.statementId,
          notification.text,
          notification.link,
          at,
        );
        if (inserted.changes === 0) continue;
        recipients.push(notification.userId);
        if (mail && notification.mail) {
          this.queueMail(inserted.lastInsertRowid, notification.userId, notification.mail, mail, now);
          mailQueued++;
        }
      }
      this.db.run('UPDATE outbox_events SET processed_at = ?, failure = ? WHERE id = ?', at, failure, event.id);
      return { eventId: event.id, kind: event.kind, recipients, mailQueued, failure };
    });
  }

  /** The statement, its participants (and the event's organization) and their members, as they are now. */
  private factsOf(event: OutboxEvent): EventFacts {
    const statement = event.statementId
      ? this.db.get<{ id: string; title: string; lead_org_id: string; status: StatementStatus; signoff_deadline: string | null }>(
          'SELECT id, title, lead_org_id, status, signoff_deadline FROM statements WHERE id = ?',
          event.statementId,
        )
      : undefined;
    const orgs: EventOrg[] = statement
      ? this.db
          .all<{ org_id: string; name: string; required: number; signed: number }>(
            `SELECT p.org_id, o.name, p.required,
               (g.content_hash IS NOT NULL AND g.content_hash = COALESCE(s.published_hash, s.content_hash)) AS signed
             FROM statement_participants p JOIN statements s ON s.id = p.statement_id JOIN organizations o ON o.id = p.org_id
             LEFT JOIN signoffs g ON g.statement_id = p.statement_id AND g.org_id = p.org_id
             WHERE p.statement_id = ? ORDER BY p.org_id = s.lead_org_id DESC, o.name COLLATE NOCASE, p.org_id`,
            statement.id,
          )
          .map((r) => ({ orgId: r.org_id, name: r.name, participant: true, required: r.required === 1, signedCurrent: Number(r.signed) === 1 }))
      : [];
    if (event.orgId && !orgs.some((o) => o.orgId === event.orgId)) {
      const org = this.db.get<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ?', event.orgId);
      if (org) orgs.push({ orgId: org.id, name: org.name, participant: false, required: false, signedCurrent: false });
    }
    const members: EventMember[] = this.db
      .all<{ user_id: string; name: string; email: string; org_id: string; role: Role; email_notifications: number }>(
        `SELECT m.user_id, u.name, u.email, m.org_id, m.role, u.email_notifications
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id IN (SELECT value FROM json_each(?)) ORDER BY m.org_id, m.user_id`,
        JSON.stringify(orgs.map((o) => o.orgId)),
      )
      .map((r) => ({ userId: r.user_id, name: r.name, email: r.email, orgId: r.org_id, role: r.role, emailNotifications: r.email_notifications === 1 }));
    const actor = event.actorId ? this.db.get<{ name: string }>('SELECT name FROM users WHERE id = ?', event.actorId) : undefined;
    return {
      event,
      statement: statement
        ? { id: statement.id, title: statement.title, leadOrgId: statement.lead_org_id, status: statement.status, signoffDeadline: statement.signoff_deadline }
        : null,
      orgs,
      members,
      actorName: actor?.name ?? null,
    };
  }

  /**
   * Queues the e-mail of one notification under the digest rule: the first `threshold` e-mails
   * of a person's window leave at once, one each; the rest of that window join its one digest,
   * due when the window ends (recomposed as each joins, so what is queued is what will leave).
   */
  private queueMail(notificationId: number, userId: string, content: NonNullable<PlannedNotification['mail']>, policy: MailPolicy, now: Date): void {
    const at = now.toISOString();
    let window = this.db.get<WindowDbRow>('SELECT ends_at, singles, digest_mail_id FROM mail_windows WHERE user_id = ?', userId);
    if (!window || window.ends_at <= at) {
      window = { ends_at: new Date(now.getTime() + policy.windowMs).toISOString(), singles: 0, digest_mail_id: null };
      this.db.run(
        `INSERT INTO mail_windows (user_id, ends_at, singles, digest_mail_id) VALUES (?, ?, 0, NULL)
         ON CONFLICT (user_id) DO UPDATE SET ends_at = excluded.ends_at, singles = 0, digest_mail_id = NULL`,
        userId,
        window.ends_at,
      );
    }
    if (window.singles < policy.threshold) {
      const mailId = this.insertMail(userId, 'single', content.to, content, policy.messageId(), at, at);
      this.db.run('UPDATE notifications SET mail_id = ? WHERE id = ?', mailId, notificationId);
      this.db.run('UPDATE mail_windows SET singles = singles + 1 WHERE user_id = ?', userId);
      return;
    }
    // A digest joins only while nobody has started sending it.
    let digestId = window.digest_mail_id;
    const pristine =
      digestId !== null &&
      this.db.get('SELECT 1 FROM mail_queue WHERE id = ? AND attempts = 0 AND sent_at IS NULL AND abandoned_at IS NULL AND leased_until IS NULL', digestId);
    if (!pristine) {
      digestId = this.insertMail(userId, 'digest', content.to, content, policy.messageId(), at, window.ends_at);
      this.db.run('UPDATE mail_windows SET digest_mail_id = ? WHERE user_id = ?', digestId, userId);
    }
    this.db.run('UPDATE notifications SET mail_id = ? WHERE id = ?', digestId, notificationId);
    const items = this.db.all<DigestItem>('SELECT text, link, created_at AS createdAt FROM notifications WHERE mail_id = ? ORDER BY id', digestId);
    const digest = policy.composeDigest(items);
    this.db.run(
      'UPDATE mail_queue SET to_address = ?, subject = ?, text = ?, html = ? WHERE id = ?',
      content.to,
      digest.subject,
      digest.text,
      digest.html,
      digestId,
    );
  }

  private insertMail(
    userId: string,
    kind: 'single' | 'digest',
    to: string,
    content: { subject: string; text: string; html: string },
    messageId: string,
    createdAt: string,
    dueAt: string,
  ): number {
    return this.db.run(
      `INSERT INTO mail_queue (user_id, kind, to_address, subject, text, html, message_id, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      userId,
      kind,
      to,
      content.subject,
      content.text,
      content.html,
      messageId,
      createdAt,
      dueAt,
    ).lastInsertRowid;
  }

  async list(userId: string, limit: number): Promise<{ notifications: NotificationRow[]; unread: number }> {
    const notifications = this.db
      .all<{ id: number; kind: NotificationKind; statement_id: string | null; text: string; link: string; created_at: string; read_at: string | null }>(
        'SELECT id, kind, statement_id, text, link, created_at, read_at FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?',
        userId,
        limit,
      )
      .map((r) => ({ id: r.id, kind: r.kind, statementId: r.statement_id, text: r.text, link: r.link, createdAt: r.created_at, readAt: r.read_at }));
    const { unread } = this.db.get<{ unread: number }>('SELECT COUNT(*) AS unread FROM notifications WHERE user_id = ? AND read_at IS NULL', userId)!;
    return { notifications, unread: Number(unread) };
  }

  async markRead(userId: string, which: { ids: readonly number[] } | 'all', now: Date): Promise<number> {
    const params: SQLInputValue[] = [now.toISOString(), userId];
    let sql = 'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL';
    if (which !== 'all') {
      sql += ' AND id IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(which.ids));
    }
    return this.db.run(sql, ...params).changes;
  }

  async emailPreference(userId: string): Promise<boolean> {
    return this.db.get<{ on: number }>('SELECT email_notifications AS "on" FROM users WHERE id = ?', userId)?.on === 1;
  }

  async setEmailPreference(userId: string, enabled: boolean): Promise<void> {
    this.db.run('UPDATE users SET email_notifications = ? WHERE id = ?', enabled ? 1 : 0, userId);
  }

  async claimDueMail(now: Date, leaseMs: number, limit: number): Promise<QueuedMail[]> {
    const at = now.toISOString();
    const due = `q.sent_at IS NULL AND q.abandoned_at IS NULL AND q.due_at <= ? AND (q.leased_until IS NULL OR q.leased_until <= ?)`;
    if (!this.db.get(`SELECT 1 FROM mail_queue q WHERE ${due} LIMIT 1`, at, at)) return [];
    return this.db.transaction(() => {
      const rows = this.db.all<MailDbRow>(
        `SELECT q.id, q.user_id, q.kind, u.email AS to_address, q.subject, q.text, q.html, q.message_id, q.attempts, u.email_notifications
         FROM mail_queue q JOIN users u ON u.id = q.user_id
         WHERE ${due}
         ORDER BY q.due_at, q.id LIMIT ?`,
        at,
        at,
        limit,
      );
      const leasedUntil = new Date(now.getTime() + leaseMs).toISOString();
      for (const row of rows) this.db.run('UPDATE mail_queue SET leased_until = ? WHERE id = ?', leasedUntil, row.id);
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        kind: r.kind,
        to: r.to_address,
        subject: r.subject,
        text: r.text,
        html: r.html,
        messageId: r.message_id,
        attempts: r.attempts,
        emailNotifications: r.email_notifications === 1,
      }));
    });
  }

  async nextMailDue(): Promise<string | null> {
    // A leased row is due again only when its lease runs out.
    const row = this.db.get<{ due: string | null }>(
      'SELECT MIN(MAX(due_at, COALESCE(leased_until, due_at))) AS due FROM mail_queue WHERE sent_at IS NULL AND abandoned_at IS NULL',
    );
    return row?.due ?? null;
  }

  async markMailSent(mailId: number, now: Date): Promise<void> {
    this.db.run('UPDATE mail_queue SET sent_at = ?, attempts = attempts + 1, leased_until = NULL WHERE id = ?', now.toISOString(), mailId);
  }

  async markMailFailed(mailId: number, error: string, now: Date, retryAt: Date | null): Promise<void> {
    if (retryAt) {
      this.db.run(
        'UPDATE mail_queue SET attempts = attempts + 1, last_error = ?, due_at = ?, leased_until = NULL WHERE id = ?',
        error,
        retryAt.toISOString(),
        mailId,
      );
    } else {
      this.db.run(
        'UPDATE mail_queue SET attempts = attempts + 1, last_error = ?, abandoned_at = ?, leased_until = NULL WHERE id = ?',
        error,
        now.toISOString(),
        mailId,
      );
    }
  }

  async prune(cutoffs: { mailBefore: Date; notificationsBefore: Date; eventsBefore: Date }): Promise<number> {
    return this.db.transaction(() => {
      let removed = this.db.run('DELETE FROM notifications WHERE created_at < ?', cutoffs.notificationsBefore.toISOString()).changes;
      // A row still named by a person's current window stays until the window moves on.
      removed += this.db.run(
        `DELETE FROM mail_queue WHERE COALESCE(sent_at, abandoned_at) < ?
           AND id NOT IN (SELECT digest_mail_id FROM mail_windows WHERE digest_mail_id IS NOT NULL)`,
        cutoffs.mailBefore.toISOString(),
      ).changes;
      removed += this.db.run('DELETE FROM outbox_events WHERE processed_at IS NOT NULL AND processed_at < ?', cutoffs.eventsBefore.toISOString()).changes;
      return removed;
    });
  }

  async abandonMail(mailId: number, reason: string, now: Date): Promise<void> {
    this.db.run('UPDATE mail_queue SET last_error = ?, abandoned_at = ?, leased_until = NULL WHERE id = ?', reason, now.toISOString(), mailId);
  }
}
