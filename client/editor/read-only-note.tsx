import { Alert } from '@mantine/core';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { formatAbsolute } from '../lib/format-time.ts';
import type { ReadOnlyReason } from './read-only.ts';

/**
 * The note above a read-only text saying why it cannot be edited.
 * Contract for tests: `data-testid="read-only-note"` with `data-reason` (published |
 * locked | role).
 */
export function ReadOnlyNote({ reason, statement }: { reason: ReadOnlyReason; statement: StatementDetail | null }) {
  return (
    <Alert color={reason === 'published' ? 'teal' : 'indigo'} variant="light" mb="sm" role="status" data-testid="read-only-note" data-reason={reason}>
      <span>
        {reason === 'published' ? (
          <>
            Published
            {statement?.publishedAt && (
              <>
                {' '}
                on <time dateTime={statement.publishedAt}>{formatAbsolute(statement.publishedAt)}</time>
              </>
            )}
            . The text is frozen for good; nobody can edit it.
          </>
        ) : reason === 'locked' ? (
          <>
            The text is locked: nobody can edit it while the organizations sign off.{' '}
            {statement?.canUnlock ? 'Unlock it under “Status” to edit again.' : 'Editors of the lead organization can unlock it.'}
          </>
        ) : (
          'You can read this statement; editing needs the editor role.'
        )}
      </span>
    </Alert>
  );
}
