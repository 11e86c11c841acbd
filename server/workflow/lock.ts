import { ApiError } from '../../shared/errors.ts';
import { bodyHasText } from '../../shared/workflow.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import type { WorkflowContext } from './context.ts';
import { withFrozenText } from './frozen-text.ts';

export type LockOutcome = { locked: true } | { scheduled: { lockAt: string } };

/**
 * The lead locks the text: at once (`delaySeconds` 0 or absent), or after a countdown that
 * every open editor is shown and the lead may cancel (POST /unlock). "Lock now" while a
 * countdown runs locks at once; a second countdown is refused (LOCK_PENDING). An empty
 * statement is refused either way (EMPTY_STATEMENT).
 */
export function lock(
  context: WorkflowContext,
  input: { statementId: string; userId: string; delaySeconds?: number | undefined; now?: Date },
): Promise<LockOutcome> {
  return context.queue.run(input.statementId, async () => {
    const access = await requireStatementAccess(context.store, input.statementId, input.userId);
    authorize(access, 'lock');
    const delaySeconds = input.delaySeconds ?? 0;
    if (delaySeconds === 0) {
      await lockNow(context, input.statementId, input.userId, access.statement.leadOrgId, null);
      return { locked: true };
    }
    if (access.statement.pendingLock) throw new ApiError('LOCK_PENDING');
    if (!bodyHasText((await context.currentText(input.statementId)).json)) throw new ApiError('EMPTY_STATEMENT');
    const lockAt = new Date((input.now ?? new Date()).getTime() + delaySeconds * 1000).toISOString();
    await context.store.statements.setPendingLock(input.statementId, { lockAt, requestedBy: input.userId });
    await context.store.workflow.audit({
      statementId: input.statementId,
      userId: input.userId,
      orgId: access.statement.leadOrgId,
      action: 'lock scheduled',
      contentHash: null,
      details: { lockAt },
    });
    await context.announce(input.statementId);
    return { scheduled: { lockAt } };
  });
}

/**
 * A countdown ran out: locks if the same countdown is still pending (not cancelled, not
 * replaced) and its requester may still lock. Otherwise drops it (audited, announced).
 * Safe to call more than once, and after a restart.
 */
export function fireScheduledLock(context: WorkflowContext, statementId: string, lockAt: string): Promise<void> {
  return context.queue.run(statementId, async () => {
    const statement = await context.store.statements.get(statementId);
    const pending = statement?.pendingLock;
    if (!statement || !pending || pending.lockAt !== lockAt) return;
    const cancel = async (reason: string) => {
      await context.store.statements.setPendingLock(statementId, null);
      await context.store.workflow.audit({
        statementId,
        userId: null,
        orgId: statement.leadOrgId,
        action: 'lock cancelled',
        contentHash: null,
        details: { reason },
      });
      await context.announce(statementId);
    };
    let access;
    try {
      access = await requireStatementAccess(context.store, statementId, pending.requestedBy.id);
      authorize(access, 'lock');
    } catch {
      return cancel('the person who scheduled the lock may no longer lock');
    }
    try {
      await lockNow(context, statementId, pending.requestedBy.id, statement.leadOrgId, { scheduledAt: lockAt });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'EMPTY_STATEMENT') return cancel('the statement has no text');
      throw error;
    }
  });
}

/** Freezes the document and locks; inside the statement's queue. */
async function lockNow(
  context: WorkflowContext,
  statementId: string,
  userId: string,
  leadOrgId: string,
  details: { scheduledAt: string } | null,
): Promise<void> {
  const outcome = await withFrozenText(
    context,
    statementId,
    async (text) => {
      if (!bodyHasText(text.json)) return 'empty' as const;
      const changed = await context.store.workflow.changeStatus({
        statementId,
        expected: ['drafting'],
        status: 'locked',
        userId,
        orgId: leadOrgId,
        version: text.version,
        action: 'locked',
        ...(details ? { details } : {}),
      });
      return changed ? ('locked' as const) : ('raced' as const);
    },
    (result) => result === 'locked',
  );
  if (outcome === 'empty') throw new ApiError('EMPTY_STATEMENT');
  if (outcome === 'raced') throw new ApiError('STATEMENT_LOCKED', 'The statement changed status meanwhile.');
  context.onOutboxWrite();
  await context.collaboration.revalidateAccess({ statementId });
  await context.announce(statementId);
}
