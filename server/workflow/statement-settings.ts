import { ApiError } from '../../shared/errors.ts';
import type { UpdateStatementRequest } from '../../shared/api/statements.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import type { WorkflowContext } from './context.ts';

/**
 * PATCH /api/statements/:id: the lead editors set or clear the sign-off deadline (until
 * published) and archive or restore the statement (in any status). Each change is audited.
 */
export async function updateStatementSettings(
  context: WorkflowContext,
  input: { statementId: string; userId: string; changes: UpdateStatementRequest; now?: Date },
): Promise<void> {
  const { store } = context;
  const access = await requireStatementAccess(store, input.statementId, input.userId);
  const { signoffDeadline, archived } = input.changes;
  if (signoffDeadline !== undefined) authorize(access, 'setDeadline');
  if (archived !== undefined) authorize(access, 'archive');
  let changed = false;
  const audit = (action: string, details?: unknown) =>
    store.workflow.audit({ statementId: input.statementId, userId: input.userId, orgId: access.statement.leadOrgId, action, contentHash: null, details });
  if (signoffDeadline !== undefined) {
    const deadline = signoffDeadline === null ? null : new Date(signoffDeadline);
    if (deadline && deadline.getTime() <= (input.now ?? new Date()).getTime()) {
      throw new ApiError('VALIDATION_FAILED', 'signoffDeadline must be in the future.');
    }
    const value = deadline?.toISOString() ?? null;
    if (value !== access.statement.signoffDeadline) {
      await store.statements.setSignoffDeadline(input.statementId, value);
      changed = true;
      await audit(value ? 'deadline set' : 'deadline cleared', value ? { signoffDeadline: value } : undefined);
    }
  }
  if (archived !== undefined && archived !== (access.statement.archivedAt !== null)) {
    await store.statements.setArchived(input.statementId, archived);
    changed = true;
    await audit(archived ? 'archived' : 'restored from archive');
  }
  if (changed) await context.announce(input.statementId);
}
