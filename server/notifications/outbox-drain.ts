import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LiveEvents } from '../live/live-events.ts';
import type { MailPolicy, NotificationStore, ProcessedEvent } from '../storage/notification-store.ts';
import { digestMail, type MailSite } from './mail-content.ts';
import { planNotifications } from './plan.ts';

/** Events done per pass before the loop yields to the rest of the server (it comes straight back). */
const EVENTS_PER_PASS = 50;

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
    for (let done = 0; done < EVENTS_PER_PASS; done++) {
      const processed = await store.processNextEvent((facts) => planNotifications(facts, { ...site, mailEnabled }), this.policy, new Date());
      if (!processed) return null;
      this.announce(processed);
    }
    return 0;
  }

  private announce(processed: ProcessedEvent): void {
    const { live, log, onMailQueued } = this.options;
    if (processed.failure)
      log.error({ eventId: processed.eventId, kind: processed.kind, failure: processed.failure }, 'outbox event could not be turned into notifications');
    if (processed.recipients.length > 0) live.publish(processed.recipients, { type: 'notifications' });
    if (processed.mailQueued > 0) onMailQueued();
  }
}
