import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../notification-kinds.ts';
import { Id } from './ids.ts';

/** How many notifications GET /api/notifications answers with at most (the newest). */
export const NOTIFICATION_LIST_LIMIT = 50;

export const NotificationId = z.number().int().positive();

export const Notification = z.object({
  id: NotificationId,
  kind: z.enum(NOTIFICATION_KINDS),
  statementId: Id.nullable(),
  /** One plain-text sentence ("Green Streets signed “Housing now”"); never HTML. */
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

/** GET /api/notifications: the caller's newest notifications, newest first, and how many are unread in all. */
export const NotificationsResponse = z.object({ notifications: z.array(Notification), unread: z.number().int().min(0) });
export type NotificationsResponse = z.infer<typeof NotificationsResponse>;

/** POST /api/notifications/read: the caller's notifications of these ids, or all of them. Ids of anyone else's are ignored. */
export const MarkReadRequest = z.union([
  z.object({ ids: z.array(NotificationId).min(1, 'name at least one notification').max(200, 'at most 200 ids at a time') }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const MarkReadResponse = z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) });
export type MarkReadResponse = z.infer<typeof MarkReadResponse>;

/** GET/PATCH /api/me/notifications: whether the caller gets notifications by e-mail too. */
export const NotificationPreferences = z.object({
  email: z.boolean(),
  /** False when the server has no SMTP_URL: notifications are in-app only, whatever `email` says. */
  emailAvailable: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const UpdateNotificationPreferences = z.object({ email: z.boolean() }).strict();
export type UpdateNotificationPreferences = z.infer<typeof UpdateNotificationPreferences>;
