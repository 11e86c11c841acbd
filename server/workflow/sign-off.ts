import { ApiError } from '../../shared/errors.ts';
import { bodyHasText } from '../../shared/workflow.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import type { WorkflowContext } from './context.ts';

export interface SignOffInput {
  statementId: string;
  orgId: string;
  userId: string;
  /** The hash the signatory reviewed: refused (STALE_CONTENT) unless it is the current text's. */
  contentHash: string;
  signerTitle?: string | undefined;
}

/** A signatory approves the exact current text for their organization. */
export function signOff(context: WorkflowContext, input: SignOffInput): Promise<void> {
  return context.queue.run(input.statementId, async () => {
    const access = await requireStatementAccess(context.store, input.statementId, input.userId);
    authorize(access, 'signFor', input.orgId);
    const text = await context.currentText(input.statementId);
    if (text.contentHash !== input.contentHash) throw new ApiError('STALE_CONTENT', undefined, { currentHash: text.contentHash });
    if (!bodyHasText(text.json)) throw new ApiError('EMPTY_STATEMENT', 'There is nothing to sign yet: the statement has a title but no text.');
    await context.store.workflow.recordSignoff({
      statementId: input.statementId,
      orgId: input.orgId,
      userId: input.userId,
      version: text.version,
      signerTitle: input.signerTitle?.trim() || null,
    });
    context.onOutboxWrite();
    await context.announce(input.statementId);
  });
}

/** A signatory withdraws their organization's sign-off. */
export function withdrawSignOff(context: WorkflowContext, input: { statementId: string; orgId: string; userId: string }): Promise<void> {
  return context.queue.run(input.statementId, async () => {
    const access = await requireStatementAccess(context.store, input.statementId, input.userId);
    authorize(access, 'signFor', input.orgId);
    if (!(await context.store.workflow.withdrawSignoff(input))) throw new ApiError('NOT_FOUND', 'This organization has not signed.');
    await context.announce(input.statementId);
  });
}
