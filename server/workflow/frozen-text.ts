import { statementDocumentName } from '../../shared/document-name.ts';
import type { StatementText } from '../collab/statement-text.ts';
import type { WorkflowContext } from './context.ts';

/**
 * Freezes the live document synchronously (no edit is applied after this point), reads the
 * text it froze, and runs `change` on it; thaws it again unless `keepFrozen` says the change
 * happened. Call it inside the statement's queue: the status read at the end is final.
 */
export async function withFrozenText<T>(
  context: WorkflowContext,
  statementId: string,
  change: (text: StatementText) => Promise<T>,
  keepFrozen: (result: T) => boolean,
): Promise<T> {
  const name = statementDocumentName(statementId);
  context.collaboration.freezer.freeze(name);
  let result: T | undefined;
  try {
    result = await change(await context.currentText(statementId));
    return result;
  } finally {
    const committed = result !== undefined && keepFrozen(result);
    if (!committed && (await context.store.statements.get(statementId))?.status === 'drafting') context.collaboration.freezer.thaw(name);
  }
}
