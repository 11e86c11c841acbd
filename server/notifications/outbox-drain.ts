import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LiveEvents } from '../live/live-events.ts';
import type { MailPolicy, NotificationStore, ProcessedEvent } from '../storage/notification-store.ts';
import { digestMail, type MailSite } from './mail-content.ts';
import { planNotifications } from './plan.ts';

/** Events done per pass before the loop yields to the rest of the server (it comes straight back). */
const EVENTS_PER_PASS = 50;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long what is done is kept: notifications 180 days (the bell shows the newest 50), sent or
 * given-up e-mails and processed outbox events 30 days (a deadline reminder's event outlives
 * its deadline, which the reminders check against). Pruned at most once an hour.
 */
export const RETENTION = { notificationsMs: 180 * DAY_MS, mailMs: 30 * DAY_MS, eventsMs: 30 * DAY_MS, everyMs: 60 * 60 * 1000 } as const;

export interface OutboxDrainOptions {
  store: NotificationStore;
  live: LiveEvents;
  log: FastifyBaseLogger;
  site: MailSite;
  /** E-mail is configured: notifications also queue e-mails. */
  mailEnabled: boolean;
  digestThreshold: number;
  digestWindowMs: number;
  /** Called after an event queued e-mail (wakes the delivery loop). */
  onMailQueued: () => void;
}

/**
 * One pass of the notifier: turns unprocessed outbox events into notifications, oldest first,
 * each in its own transaction (see NotificationStore.processNextEvent), and after each commit
 * tells its recipients' open pages to refetch (a live signal, no content).
 */
export class OutboxDrain {
  private readonly options: OutboxDrainOptions;
  private readonly policy: MailPolicy | null;
  private lastPruneAt = 0;

  constructor(options: OutboxDrainOptions) {
    this.options = options;
    const host = new URL(options.site.publicUrl).hostname || 'jointly.invalid';
    this.policy = options.mailEnabled
      ? {
          threshold: options.digestThreshold,
          windowMs: options.digestWindowMs,
          composeDigest: (items) => digestMail(options.site, items),
          messageId: () => `<notification.${randomUUID()}@${host}>`,
        }
      : null;
  }

  /** Drains up to EVENTS_PER_PASS events; resolves with 0 when more wait, else null (poll). */
  async pass(): Promise<number | null> {
    const { store, site, mailEnabled } = this.options;
    await this.pruneNow();
    for (let done = 0; done < EVENTS_PER_PASS; done++) {
      const processed = await store.processNextEvent((facts) => planNotifications(facts, { ...site, mailEnabled }), this.policy, new Date());
      if (!processed) return null;
      this.announce(processed);
    }
    return 0;
  }

  private async pruneNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < RETENTION.everyMs) return;
    this.lastPruneAt = now;
    const removed = await this.options.store.prune({
      notificationsBefore: new Date(now - RETENTION.notificationsMs),
      mailBefore: new Date(now - RETENTION.mailMs),
      eventsBefore: new Date(now - RETENTION.eventsMs),
    });
    if (removed > 0) this.options.log.info({ removed }, 'notifications: old rows pruned');
  }

  private announce(processed: ProcessedEvent): void {
    const { live, log, onMailQueued } = this.options;
    if (processed.failure)
      log.error({ eventId: processed.eventId, kind: processed.kind, failure: processed.failure }, 'outbox event could not be turned into notifications');
    if (processed.recipients.length > 0) live.publish(processed.recipients, { type: 'notifications' });
    if (processed.mailQueued > 0) onMailQueued();
  }
}
