/**
 * Notifications: the outbox drained into in-app notifications and queued e-mails.
 * Filled in by the notifications work.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationStore {}
