import type { NotificationKind } from '../../shared/notification-kinds.ts';
import type { StatementStatus } from '../../shared/api/workflow.ts';
import type { Role } from '../../shared/roles.ts';

/**
 * Notifications: the outbox (written by workflow changes in their own transactions) drained
 * into in-app notifications and queued e-mails, and those e-mails' delivery.
 *
 * The notifier decides who is told what (server/notifications/); the store makes each step
 * atomic, so that a crash at any moment neither loses a notification nor makes one twice.
 */
export interface NotificationStore {
  /**
   * Takes the oldest unprocessed outbox event and, in ONE transaction: reads the facts it is
   * about, asks `plan` for its notifications, writes them (at most one per person and event),
   * queues their e-mails under `mail` (null: no e-mail), and marks the event processed. A crash
   * before the commit leaves the event unprocessed, to be done again; after it, never again.
   * When `plan` throws, the event is marked processed with the error as its `failure` (it would
   * throw again: it must not block the events after it). Null when no event waits.
   */
  processNextEvent(plan: (facts: EventFacts) => PlannedNotification[], mail: MailPolicy | null, now: Date): Promise<ProcessedEvent | null>;

  /** The user's newest notifications (at most `limit`), newest first, and how many are unread in all. */
  list(userId: string, limit: number): Promise<{ notifications: NotificationRow[]; unread: number }>;
  /** Marks the user's own notifications read (`ids` of anyone else's are ignored); returns how many changed. */
  markRead(userId: string, which: { ids: readonly number[] } | 'all', now: Date): Promise<number>;

  /** Whether the user wants notifications by e-mail (in-app ones always arrive). */
  emailPreference(userId: string): Promise<boolean>;
  setEmailPreference(userId: string, enabled: boolean): Promise<void>;

  /**
   * E-mails due by `now` that nobody else is sending, oldest due first, each leased to the
   * caller until `now + leaseMs` (another sender skips it meanwhile; after a crash the lease
   * runs out and it is sent again). Addressed to the recipient's current e-mail address, with
   * their current e-mail preference (either may have changed since the mail was queued).
   */
  claimDueMail(now: Date, leaseMs: number, limit: number): Promise<QueuedMail[]>;
  /** When the next unsent e-mail is due (ISO 8601), or null when none waits. */
  nextMailDue(): Promise<string | null>;
  markMailSent(mailId: number, now: Date): Promise<void>;
  /** A failed attempt: counted, its error kept; tried again at `retryAt`, or given up for good when null. */
  markMailFailed(mailId: number, error: string, now: Date, retryAt: Date | null): Promise<void>;
  /** Not sent, for good (the person turned e-mail off before it left). */
  abandonMail(mailId: number, reason: string, now: Date): Promise<void>;

  /**
   * Forgets what is done and old: e-mails sent or given up before `mailBefore`, notifications
   * created before `notificationsBefore`, processed outbox events before `eventsBefore`.
   * Nothing waiting (an unsent e-mail, an unprocessed event) is ever removed. Returns how many rows went.
   */
  prune(cutoffs: { mailBefore: Date; notificationsBefore: Date; eventsBefore: Date }): Promise<number>;
}

export interface OutboxEvent {
  id: number;
  kind: NotificationKind;
  statementId: string | null;
  orgId: string | null;
  actorId: string | null;
  details: unknown;
  createdAt: string;
}

/** Everything the notifier needs to decide who hears of an event, read in the event's transaction. */
export interface EventFacts {
  event: OutboxEvent;
  /** Null when the statement no longer exists. */
  statement: { id: string; title: string; leadOrgId: string; status: StatementStatus; signoffDeadline: string | null } | null;
  /** The statement's participants, and the event's own organization even when it no longer is one. */
  orgs: EventOrg[];
  /** Every member of those organizations, once per organization they belong to. */
  members: EventMember[];
  /** Who caused the event (null: the server itself, or an unknown user). */
  actorName: string | null;
}

export interface EventOrg {
  orgId: string;
  name: string;
  participant: boolean;
  required: boolean;
  /** Holds a sign-off of the statement's current text (the published one once published). */
  signedCurrent: boolean;
}

export interface EventMember {
  userId: string;
  name: string;
  email: string;
  orgId: string;
  role: Role;
  emailNotifications: boolean;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface PlannedNotification {
  userId: string;
  text: string;
  /** Where the notification leads (absolute URL). */
  link: string;
  /** The e-mail telling it, when the person gets one; null: in-app only. */
  mail: (MailContent & { to: string }) | null;
}

/** Digest: past `threshold` e-mails to one person within `windowMs`, further ones join one digest sent at the window's end. */
export interface MailPolicy {
  threshold: number;
  windowMs: number;
  /** The digest's content for the notifications it holds so far (oldest first). */
  composeDigest(items: readonly DigestItem[]): MailContent;
  /** A globally unique Message-ID for a new mail row. */
  messageId(): string;
}

export interface DigestItem {
  text: string;
  link: string;
  createdAt: string;
}

export interface ProcessedEvent {
  eventId: number;
  kind: NotificationKind;
  /** The people notified (each once). */
  recipients: string[];
  /** E-mail rows created or grown (a digest counts when a notification joined it). */
  mailQueued: number;
  failure: string | null;
}

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  statementId: string | null;
  text: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface QueuedMail {
  id: number;
  userId: string;
  kind: 'single' | 'digest';
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Attempts before this one. */
  attempts: number;
  /** The recipient's preference now (it may have changed since the mail was queued). */
  emailNotifications: boolean;
}
