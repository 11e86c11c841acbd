import type { SignoffCounts, StatementDetail } from '../../shared/api/statements.ts';
import { signoffState } from './signoff-state.ts';

/** The same counts the statement list carries (shared/api/statements.ts). */
export type SignoffProgress = SignoffCounts;

/** How far a statement's sign-off has come: "3 of 5 signed". */
export function signoffProgress(statement: StatementDetail): SignoffProgress {
  const states = statement.participants.map(signoffState);
  return {
    signed: states.filter((s) => s === 'current').length,
    stale: states.filter((s) => s === 'stale').length,
    total: states.length,
  };
}

export function progressText({ signed, total }: SignoffProgress): string {
  return `${signed} of ${total} signed`;
}
