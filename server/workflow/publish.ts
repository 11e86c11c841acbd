import { ApiError } from '../../shared/errors.ts';
import { bodyHasText, missingSignoffs } from '../../shared/workflow.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import type { WorkflowContext } from './context.ts';
import { withFrozenText } from './frozen-text.ts';

/**
 * A lead signatory publishes: the text is frozen for good, once every required organization
 * holds a sign-off of exactly it (checked again in the store's transaction) and it has a body.
 */
export function publish(context: WorkflowContext, input: { statementId: string; userId: string }): Promise<void> {
  const { store } = context;
  return context.queue.run(input.statementId, async () => {
    const access = await requireStatementAccess(store, input.statementId, input.userId);
    authorize(access, 'publish');
    const outcome = await withFrozenText(
      context,
      input.statementId,
      async (text) => {
        if (!bodyHasText(text.json)) return { published: false as const, empty: true, missing: [] };
        const [participants, signoffs] = await Promise.all([store.statements.participants(input.statementId), store.workflow.signoffs(input.statementId)]);
        const signedHash = new Map(signoffs.map((s) => [s.orgId, s.contentHash]));
        const missing = missingSignoffs(
          participants.map((p) => ({ ...p, signedHash: signedHash.get(p.orgId) ?? null })),
          text.contentHash,
        );
        if (missing.length > 0) return { published: false as const, empty: false, missing };
        const published = await store.workflow.changeStatus({
          statementId: input.statementId,
          expected: ['drafting', 'locked'],
          status: 'published',
          userId: input.userId,
          orgId: access.statement.leadOrgId,
          version: text.version,
          action: 'published',
          requireAllSigned: true,
        });
        return { published, empty: false, missing };
      },
      (result) => result.published,
    );
    if (!outcome.published) {
      if (outcome.empty) throw new ApiError('EMPTY_STATEMENT');
      if (outcome.missing.length === 0) throw new ApiError('STATEMENT_PUBLISHED');
      const names = outcome.missing.map((m) => m.name).join(', ');
      throw new ApiError('NOT_ALL_SIGNED', `Still waiting for a sign-off of the current text from: ${names}.`, {
        missing: outcome.missing.map(({ orgId, name }) => ({ orgId, name })),
      });
    }
    context.onOutboxWrite();
    await context.collaboration.revalidateAccess({ statementId: input.statementId });
    await context.announce(input.statementId);
  });
}
