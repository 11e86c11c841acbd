import type { FastifyBaseLogger } from 'fastify';
import type { LiveEvents } from '../live/live-events.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Store } from '../storage/store.ts';
import { MailDelivery } from './mail-delivery.ts';
import { OutboxDrain } from './outbox-drain.ts';
import { WakeableLoop } from './wakeable-loop.ts';

/** Settings a deployment keeps at their defaults; tests shorten them. */
export interface NotifierTuning {
  /** E-mails to one person that leave one by one within a window; further ones join its digest. Default 5. */
  digestThreshold?: number;
  /** Length of a person's digest window. Default 10 min. */
  digestWindowMs?: number;
  /** How often both loops look for work written by other processes (they are poked for this one's). Default 1 s. */
  pollMs?: number;
  /** See MailDeliveryOptions.leaseMs. Default 60 s. */
  mailLeaseMs?: number;
  /** Delay before the loops first run after start (tests: a crash before delivery). Default 0. */
  startDelayMs?: number;
}

export interface NotifierOptions extends NotifierTuning {
  store: Store;
  mailer: Mailer;
  live: LiveEvents;
  publicUrl: string;
  log: FastifyBaseLogger;
}

/**
 * The notifier: drains the outbox into notifications (and queued e-mails) and delivers the
 * e-mails, in two background loops that pick up where a previous process stopped. Whoever
 * appends outbox events may call `poke()` after their commit for an immediate pass; without
 * it the events are still found within `pollMs`.
 */
export class Notifier {
  private readonly drain: WakeableLoop;
  private readonly delivery: WakeableLoop | null;
  private readonly startDelayMs: number;

  constructor(options: NotifierOptions) {
    const { store, mailer, live, log } = options;
    const pollMs = options.pollMs ?? 1_000;
    const site = { publicUrl: options.publicUrl.replace(/\/+$/, '') };
    this.startDelayMs = options.startDelayMs ?? 0;
    const delivery = mailer.enabled ? new MailDelivery({ store: store.notifications, mailer, log, leaseMs: options.mailLeaseMs ?? 60_000 }) : null;
    this.delivery = delivery
      ? new WakeableLoop(() => delivery.pass(), { pollMs, onError: (error) => log.error({ err: error }, 'e-mail delivery pass failed') })
      : null;
    const drain = new OutboxDrain({
      store: store.notifications,
      live,
      log,
      site,
      mailEnabled: mailer.enabled,
      digestThreshold: options.digestThreshold ?? 5,
      digestWindowMs: options.digestWindowMs ?? 10 * 60_000,
      onMailQueued: () => this.delivery?.poke(),
    });
    this.drain = new WakeableLoop(() => drain.pass(), { pollMs, onError: (error) => log.error({ err: error }, 'notifier pass failed') });
  }

  start(): void {
    this.drain.start(this.startDelayMs);
    this.delivery?.start(this.startDelayMs);
  }

  /** Outbox events were committed: process them now. Cheap; safe at any time. */
  poke(): void {
    this.drain.poke();
  }

  /** Stops both loops once their passes under way finish (a send in flight completes and is recorded). */
  async stop(): Promise<void> {
    await Promise.all([this.drain.stop(), this.delivery?.stop()]);
  }
}
