import { ApiError } from '../../shared/errors.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import type { WorkflowContext } from './context.ts';

/**
 * POST /unlock: returns a locked statement to drafting, or, while drafting with a lock
 * counting down, cancels that lock. Both are the lead editors' to do.
 */
export function unlock(context: WorkflowContext, input: { statementId: string; userId: string }): Promise<'unlocked' | 'cancelled'> {
  return context.queue.run(input.statementId, async () => {
    const access = await requireStatementAccess(context.store, input.statementId, input.userId);
    const { statement } = access;
    if (statement.status === 'drafting' && statement.pendingLock) {
      authorize(access, 'cancelLock');
      await context.store.statements.setPendingLock(input.statementId, null);
      await context.store.workflow.audit({
        statementId: input.statementId,
        userId: input.userId,
        orgId: statement.leadOrgId,
        action: 'lock cancelled',
        contentHash: null,
        details: { lockAt: statement.pendingLock.lockAt },
      });
      await context.announce(input.statementId);
      return 'cancelled';
    }
    authorize(access, 'unlock');
    const text = await context.currentText(input.statementId);
    const changed = await context.store.workflow.changeStatus({
      statementId: input.statementId,
      expected: ['locked'],
      status: 'drafting',
      userId: input.userId,
      orgId: statement.leadOrgId,
      version: text.version,
      action: 'unlocked',
    });
    if (!changed) throw new ApiError('STATEMENT_NOT_LOCKED');
    context.collaboration.freezer.thaw(statementDocumentName(input.statementId));
    await context.collaboration.revalidateAccess({ statementId: input.statementId });
    await context.announce(input.statementId);
    return 'unlocked';
  });
}
