/**
 * The events Jointly tells people about (../shared/DESIGN.md, Notifications). Each is written
 * to the outbox in the same transaction as the change it announces; the notifier decides the
 * recipients and the wording.
 */
export const NOTIFICATION_KINDS = [
  /** An organization was added to a statement (by the lead, or by accepting a statement invitation). org: the one added. */
  'participant_added',
  /** The lead locked the text: the signatories of every participant that has not signed it are asked to. */
  'signoff_requested',
  /** An organization's sign-off no longer matches the text (an edit after signing). org: whose sign-off. */
  'signoff_stale',
  /** An organization signed. org: who signed. */
  'signed',
  /** Every required organization holds a current sign-off (to the lead). */
  'all_signed',
  /** The sign-off deadline is a day away. */
  'deadline_day',
  /** The sign-off deadline is an hour away. */
  'deadline_hour',
  /** The statement was published. */
  'published',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
