import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { setArchived } from '../api/statement-settings.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { recordIsBehind } from '../workflow/workflow-errors.ts';

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
}

/**
 * Archive / Restore: an archived statement leaves the dashboard's main sections for its
 * "Archived" section; nothing else about it changes (its text, sign-offs and public page stay).
 * Lead editors (`canArchive`) archive and restore; everyone sees that it is archived.
 * Reversible, so one click, confirmed in a notification.
 *
 * Contract for tests: `data-testid="archive-control"`, buttons "Archive statement" /
 * "Restore statement", and `data-testid="archived-note"` while archived.
 */
export function ArchiveControl({ statement, onChanged, onStale }: Props) {
  const archived = statement.archivedAt !== null;
  const run = useMutation({
    mutationFn: (archive: boolean) => setArchived(statement.id, archive),
    onSuccess: (updated, archive) => {
      onChanged(updated);
      notifications.show({
        color: 'teal',
        message: archive ? 'Archived: the dashboard lists it under “Archived”.' : 'Restored: the dashboard lists it with the others again.',
      });
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });
  if (!archived && !statement.canArchive) return null;
  return (
    <Stack gap="xs" data-testid="archive-control" mt={statement.status === 'published' ? 0 : 'md'}>
      {archived && (
        <Text size="sm" data-testid="archived-note">
          Archived <time dateTime={statement.archivedAt ?? undefined}>{formatAbsolute(statement.archivedAt ?? '')}</time>: listed under “Archived” on the
          dashboard.
        </Text>
      )}
      {statement.canArchive && (
        <Button variant="default" size="compact-sm" w="fit-content" loading={run.isPending} onClick={() => run.mutate(!archived)}>
          {archived ? 'Restore statement' : 'Archive statement'}
        </Button>
      )}
      <ErrorAlert>{run.isError && errorMessage(run.error)}</ErrorAlert>
    </Stack>
  );
}
