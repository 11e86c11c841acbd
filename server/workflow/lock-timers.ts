import type { FastifyBaseLogger } from 'fastify';
import type { WorkflowContext } from './context.ts';
import { fireScheduledLock } from './lock.ts';

/**
 * Fires scheduled locks. The stored `lock_at` is the truth: timers are only a way to act on
 * time, re-armed from storage at start (a restart resumes every countdown, and one that ran
 * out while the server was down fires at once) and re-checked by a sweep (a lock scheduled
 * by another instance).
 */
export class LockTimers {
  private readonly timers = new Map<string, { lockAt: string; timer: NodeJS.Timeout }>();
  private sweep: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly context: WorkflowContext;
  private readonly logger: FastifyBaseLogger;
  private readonly sweepMs: number;

  constructor(context: WorkflowContext, logger: FastifyBaseLogger, sweepMs = 5_000) {
    this.context = context;
    this.logger = logger;
    this.sweepMs = sweepMs;
  }

  async start(): Promise<void> {
    await this.rearm();
    this.sweep = setInterval(() => void this.rearm().catch((error: unknown) => this.logger.warn({ err: error }, 'lock timers: sweep failed')), this.sweepMs);
    this.sweep.unref();
  }

  /** Arms (or re-arms) the timer of one statement's pending lock. */
  arm(statementId: string, lockAt: string): void {
    if (this.closed) return;
    const existing = this.timers.get(statementId);
    if (existing?.lockAt === lockAt) return;
    if (existing) clearTimeout(existing.timer);
    const delay = Math.max(0, Date.parse(lockAt) - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(statementId);
      fireScheduledLock(this.context, statementId, lockAt).catch((error: unknown) => {
        this.logger.error({ err: error, statementId }, 'scheduled lock failed; retrying on the next sweep');
      });
    }, delay);
    this.timers.set(statementId, { lockAt, timer });
  }

  private async rearm(): Promise<void> {
    const pending = await this.context.store.statements.pendingLocks();
    const live = new Set(pending.map((p) => p.statementId));
    for (const [statementId, { timer }] of this.timers) {
      if (!live.has(statementId)) {
        clearTimeout(timer);
        this.timers.delete(statementId);
      }
    }
    for (const { statementId, lockAt } of pending) this.arm(statementId, lockAt);
  }

  close(): void {
    this.closed = true;
    if (this.sweep) clearInterval(this.sweep);
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
