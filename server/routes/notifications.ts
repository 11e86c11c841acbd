import type { FastifyInstance } from 'fastify';
import {
  MarkReadRequest,
  MarkReadResponse,
  NOTIFICATION_LIST_LIMIT,
  NotificationPreferences,
  NotificationsResponse,
  UpdateNotificationPreferences,
} from '../../shared/api/notifications.ts';
import { defineRoute } from '../http/route.ts';

/**
 * The signed-in person's notifications and e-mail preference. Every route reads and changes
 * only the caller's own: another person's notification ids are ignored, never read.
 */
export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const { store, live, mailer } = app.jointly;

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/notifications',
      tag: 'notifications',
      summary: `The caller's newest notifications (at most ${NOTIFICATION_LIST_LIMIT}), newest first, and how many are unread`,
      auth: 'session',
      response: NotificationsResponse,
    },
    async ({ user, reply }) => {
      reply.header('cache-control', 'no-store');
      const { notifications, unread } = await store.notifications.list(user.id, NOTIFICATION_LIST_LIMIT);
      return {
        notifications: notifications.map(({ id, kind, statementId, text, createdAt, readAt }) => ({ id, kind, statementId, text, createdAt, readAt })),
        unread,
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/notifications/read',
      tag: 'notifications',
      summary: "Mark the caller's notifications read: `{ids}` (others' ids are ignored) or `{all: true}`",
      auth: 'session',
      body: MarkReadRequest,
      response: MarkReadResponse,
    },
    async ({ user, body }) => {
      const marked = await store.notifications.markRead(user.id, 'all' in body ? 'all' : { ids: body.ids }, new Date());
      // The caller's other tabs update their bell.
      if (marked > 0) live.publish([user.id], { type: 'notifications' });
      const { unread } = await store.notifications.list(user.id, 0);
      return { marked, unread };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/me/notifications',
      tag: 'notifications',
      summary: 'Whether the caller gets notifications by e-mail too (in-app ones always arrive)',
      auth: 'session',
      response: NotificationPreferences,
    },
    async ({ user }) => ({ email: await store.notifications.emailPreference(user.id), emailAvailable: mailer.enabled }),
  );

  defineRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/me/notifications',
      tag: 'notifications',
      summary: 'Turn notification e-mails on or off for the caller; e-mails not sent yet follow the new choice',
      auth: 'session',
      body: UpdateNotificationPreferences,
      response: NotificationPreferences,
    },
    async ({ user, body }) => {
      await store.notifications.setEmailPreference(user.id, body.email);
      return { email: body.email, emailAvailable: mailer.enabled };
    },
  );
}
