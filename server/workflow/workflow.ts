import type { FastifyBaseLogger } from 'fastify';
import type { Collaboration } from '../collab/collaboration.ts';
import type { LiveEvents } from '../live/live-events.ts';
import type { Store } from '../storage/store.ts';
import { createWorkflowContext, type WorkflowContext } from './context.ts';
import { DeadlineReminders } from './deadline-reminders.ts';
import { lock, type LockOutcome } from './lock.ts';
import { LockTimers } from './lock-timers.ts';
import { publish } from './publish.ts';
import { signOff, withdrawSignOff, type SignOffInput } from './sign-off.ts';
import { updateStatementSettings } from './statement-settings.ts';
import { unlock } from './unlock.ts';
import type { UpdateStatementRequest } from '../../shared/api/statements.ts';

/**
 * The workflow commands (one module each in this folder), bound to the app's services.
 * Routes authenticate and validate, then call one of these; the commands check the policy,
 * the text and the status, serialize per statement, and announce what changed.
 */
export interface Workflow {
  readonly context: WorkflowContext;
  signOff(input: SignOffInput): Promise<void>;
  withdrawSignOff(input: { statementId: string; orgId: string; userId: string }): Promise<void>;
  lock(input: { statementId: string; userId: string; delaySeconds?: number | undefined }): Promise<LockOutcome>;
  unlock(input: { statementId: string; userId: string }): Promise<'unlocked' | 'cancelled'>;
  publish(input: { statementId: string; userId: string }): Promise<void>;
  updateSettings(input: { statementId: string; userId: string; changes: UpdateStatementRequest }): Promise<void>;
  readonly deadlineReminders: DeadlineReminders;
  /** Resumes scheduled locks and starts the deadline reminders. */
  start(): Promise<void>;
  close(): void;
}

export function createWorkflow(services: {
  store: Store;
  collaboration: Collaboration;
  live: LiveEvents;
  logger: FastifyBaseLogger;
  onOutboxWrite?: () => void;
  lockSweepMs?: number;
  reminderEveryMs?: number;
}): Workflow {
  const context = createWorkflowContext(services);
  const timers = new LockTimers(context, services.logger, services.lockSweepMs);
  const deadlineReminders = new DeadlineReminders(context, services.logger, services.reminderEveryMs);
  return {
    context,
    signOff: (input) => signOff(context, input),
    withdrawSignOff: (input) => withdrawSignOff(context, input),
    async lock(input) {
      const outcome = await lock(context, input);
      if ('scheduled' in outcome) timers.arm(input.statementId, outcome.scheduled.lockAt);
      return outcome;
    },
    unlock: (input) => unlock(context, input),
    publish: (input) => publish(context, input),
    updateSettings: (input) => updateStatementSettings(context, input),
    deadlineReminders,
    async start() {
      await timers.start();
      deadlineReminders.start();
    },
    close() {
      timers.close();
      deadlineReminders.close();
    },
  };
}
