import type { FastifyBaseLogger } from 'fastify';
import type { WorkflowContext } from './context.ts';

/**
 * Reminds the organizations still missing a day and an hour before a statement's sign-off
 * deadline. A periodic check asks the store to append the reminders that are due and not yet
 * written (the store decides "not yet" from the outbox itself, in one transaction, so a restart
 * or a second instance never sends one twice).
 */
export class DeadlineReminders {
  private timer: NodeJS.Timeout | null = null;

  private readonly context: WorkflowContext;
  private readonly logger: FastifyBaseLogger;
  private readonly everyMs: number;

  constructor(context: WorkflowContext, logger: FastifyBaseLogger, everyMs = 30_000) {
    this.context = context;
    this.logger = logger;
    this.everyMs = everyMs;
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  /** Appends due reminders now; resolves with how many. */
  async check(now = new Date()): Promise<number> {
    try {
      const appended = await this.context.store.workflow.appendDueDeadlineReminders(now);
      if (appended > 0) this.context.onOutboxWrite();
      return appended;
    } catch (error) {
      this.logger.warn({ err: error }, 'deadline reminders: check failed');
      return 0;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
