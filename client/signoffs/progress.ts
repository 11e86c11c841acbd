import type { StatementDetail } from '../../shared/api/statements.ts';
import { signoffState } from './signoff-state.ts';

export interface SignoffProgress {
  /** Organizations holding a sign-off of the current (once published: the published) text. */
  signed: number;
  /** Organizations whose sign-off is of an earlier text. */
  stale: number;
  /** Organizations taking part. */
  total: number;
}

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
