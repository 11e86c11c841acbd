import type { FastifyInstance } from 'fastify';
import { notificationRoutes } from '../routes/notifications.ts';
import { Notifier, type NotifierTuning } from './notifier.ts';

/**
 * Notifications in the app: the routes, and the notifier running from `onReady` until the
 * app closes (stopped in `preClose`, before the store closes: a send in flight is recorded).
 * Outbox writes in this process wake it at once (the `outbox` signal); others within a poll.
 */
export async function registerNotifications(app: FastifyInstance, tuning: NotifierTuning = {}): Promise<void> {
  const { store, mailer, live, outbox, config } = app.jointly;
  const notifier = new Notifier({ store, mailer, live, publicUrl: config.publicUrl, log: app.log, ...tuning });
  outbox.onWrite(() => notifier.poke());
  app.addHook('onReady', async () => notifier.start());
  app.addHook('preClose', () => notifier.stop());
  await app.register(notificationRoutes);
}
