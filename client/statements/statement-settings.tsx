import { Card } from '@mantine/core';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { ArchiveControl } from './archive-control.tsx';
import { DeadlineControl } from './deadline-control.tsx';

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
}

/**
 * The statement page's card for its deadline and archiving (see DeadlineControl and
 * ArchiveControl). Absent when it would be empty: a published statement that is not archived,
 * seen by someone who may not change it.
 */
export function StatementSettings({ statement, onChanged, onStale }: Props) {
  const showsDeadline = statement.status !== 'published';
  const showsArchive = statement.canArchive || statement.archivedAt !== null;
  if (!showsDeadline && !showsArchive) return null;
  return (
    <Card withBorder radius="md" padding="md" data-testid="statement-settings">
      <DeadlineControl statement={statement} onChanged={onChanged} onStale={onStale} />
      <ArchiveControl statement={statement} onChanged={onChanged} onStale={onStale} />
    </Card>
  );
}
