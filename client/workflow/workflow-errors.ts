import { ApiRequestError, errorMessage } from '../api/http.ts';

/**
 * Messages for refused workflow actions. The shared ErrorCodes default (or the server's
 * more specific message) is used as is, except where the error's details say more:
 * NOT_ALL_SIGNED names the organizations still missing.
 */
export function workflowErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError && error.code === 'NOT_ALL_SIGNED') {
    const names = missingNames(error.details);
    if (names.length > 0) return `Not published: the current text still needs a sign-off from ${names.join(', ')}.`;
  }
  return errorMessage(error);
}

/**
 * True for refusals that mean this page's record is behind the server (the statement was
 * signed, locked, unlocked or published meanwhile): refetch it.
 */
export function recordIsBehind(error: unknown): boolean {
  return (
    error instanceof ApiRequestError &&
    [
      'STALE_CONTENT',
      'NOT_ALL_SIGNED',
      'STATEMENT_LOCKED',
      'STATEMENT_NOT_LOCKED',
      'STATEMENT_PUBLISHED',
      'LOCK_PENDING',
      'NOT_A_PARTICIPANT',
      'FORBIDDEN',
      'NOT_FOUND',
    ].includes(error.code)
  );
}

function missingNames(details: unknown): string[] {
  const missing = (details as { missing?: unknown } | null | undefined)?.missing;
  if (!Array.isArray(missing)) return [];
  return missing.map((org: unknown) => (org as { name?: unknown } | null)?.name).filter((name): name is string => typeof name === 'string' && name !== '');
}
