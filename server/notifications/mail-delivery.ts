import type { FastifyBaseLogger } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { NotificationStore, QueuedMail } from '../storage/notification-store.ts';
import { retryDelayMs } from './retry-schedule.ts';

/** Mails claimed per pass. */
const MAILS_PER_PASS = 10;
/** SMTP conversations at once (each takes a connection; one slow relay answer holds only its own). */
const CONCURRENT_SENDS = 4;

export interface MailDeliveryOptions {
  store: NotificationStore;
  mailer: Mailer;
  log: FastifyBaseLogger;
  /**
   * How long a claimed mail is reserved for this process (longer than one SMTP attempt may
   * take). A process killed mid-send leaves its mail to be sent again once the lease runs out.
   */
  leaseMs: number;
}

/**
 * One pass of e-mail delivery: sends the queued e-mails that are due, a few at a time. A mail
 * the SMTP server accepted is marked sent and never sent again; a refused or failed one is
 * retried on the schedule of ./retry-schedule.ts with the same Message-ID, then given up with
 * its last error kept. A mail whose recipient has turned e-mail off since is dropped unsent.
 * Delivery runs beside requests, never inside one.
 */
export class MailDelivery {
  private readonly options: MailDeliveryOptions;

  constructor(options: MailDeliveryOptions) {
    this.options = options;
  }

  /** Resolves with the milliseconds until the next mail is due (0: more are due now; null: none waits). */
  async pass(): Promise<number | null> {
    const { store, leaseMs } = this.options;
    const due = await store.claimDueMail(new Date(), leaseMs, MAILS_PER_PASS);
    const waiting = [...due];
    const senders = Array.from({ length: Math.min(CONCURRENT_SENDS, waiting.length) }, async () => {
      for (let mail = waiting.shift(); mail; mail = waiting.shift()) await this.deliver(mail);
    });
    // Every send finishes and is recorded before the pass ends (stop() waits for the pass).
    const failed = (await Promise.allSettled(senders)).find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (due.length === MAILS_PER_PASS) return 0;
    const next = await store.nextMailDue();
    return next === null ? null : Math.max(0, Date.parse(next) - Date.now());
  }

  private async deliver(mail: QueuedMail): Promise<void> {
    const { store, mailer, log } = this.options;
    if (!mail.emailNotifications) {
      await store.abandonMail(mail.id, 'the recipient turned e-mail notifications off', new Date());
      return;
    }
    try {
      await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
    } catch (error) {
      const failed = mail.attempts + 1;
      const delay = retryDelayMs(failed);
      const message = error instanceof Error ? error.message : String(error);
      const now = new Date();
      await store.markMailFailed(mail.id, message.slice(0, 1000), now, delay === null ? null : new Date(now.getTime() + delay));
      log.warn({ mailId: mail.id, attempt: failed, retryInMs: delay, error: message }, delay === null ? 'e-mail given up' : 'e-mail not delivered; will retry');
      return;
    }
    await store.markMailSent(mail.id, new Date());
  }
}
