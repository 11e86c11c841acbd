import { Button, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { publishStatement, unlockStatement } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { cancelLockAvailability, lockAvailability, publishAvailability, unlockAvailability } from './availability.ts';
import { DialogFrame } from './dialog-frame.tsx';
import { LockDialog } from './lock-dialog.tsx';
import { formatClockTime } from './lock-time.ts';
import { StatusBadge } from './status-badge.tsx';
import { WorkflowButton } from './workflow-button.tsx';
import { recordIsBehind, workflowErrorMessage } from './workflow-errors.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { notifyDone } from './notify.ts';

interface Props {
  statement: StatementDetail;
  /** Called with the statement as the server now has it (after an action taken here). */
  onChanged: (statement: StatementDetail) => void;
  /** Called when a refusal shows this page's record is behind: refetch it. */
  onStale: () => void;
}

type Action = 'cancel-lock' | 'unlock' | 'publish';

const REQUESTS: Record<Action, (id: string) => Promise<StatementDetail>> = {
  'cancel-lock': unlockStatement,
  unlock: unlockStatement,
  publish: publishStatement,
};

const DONE: Record<Action, string> = {
  'cancel-lock': 'Lock cancelled. The text stays open for editing.',
  unlock: 'Unlocked. The text can be edited again; any edit makes existing sign-offs stale.',
  publish: 'Published. The text is frozen and its public page is live.',
};

/**
 * "Status": the status badge, what it means, who is still missing, and the Lock (or
 * Unlock, or while a lock counts down, Cancel lock) and Publish buttons. The buttons are
 * shown to everyone; when one cannot be used it says why (see WorkflowButton). Locking
 * opens the lock dialog (./lock-dialog.tsx: a countdown, 30 s by default, or now);
 * publishing asks once more, in a dialog, because it cannot be undone. Refusals (such as
 * EMPTY_STATEMENT) show the server's message under the buttons, or in the lock dialog.
 *
 * Contract for tests: buttons "Lock text…" / "Unlock text" / "Cancel lock" / "Publish"
 * (then "Yes, publish" in the dialog), `data-testid` lock-button / unlock-button /
 * cancel-lock-button / publish-button. What was done is confirmed in a notification; the
 * badge and explanation change with the record.
 */
export function StatusPanel({ statement, onChanged, onStale }: Props) {
  const [confirmingPublish, setConfirmingPublish] = useState(false);
  const [confirmingLock, setConfirmingLock] = useState(false);
  const run = useMutation({
    mutationFn: (action: Action) => REQUESTS[action](statement.id),
    onSuccess: (updated, action) => {
      onChanged(updated);
      notifyDone(DONE[action]);
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
    onSettled: () => setConfirmingPublish(false),
  });

  const locked = statement.status === 'locked';
  const lockPending = statement.status === 'drafting' && statement.pendingLock !== null;
  const pending = run.isPending ? run.variables : null;

  return (
    <section aria-labelledby="status-heading" data-testid="status-panel">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="status-heading">
          Status
        </Title>
        <StatusBadge status={statement.status} publishedAt={statement.publishedAt} testId={null} />
      </Group>
      <StatusExplanation statement={statement} />

      <SimpleGrid cols={2} spacing="sm" mt="sm">
        {locked ? (
          <WorkflowButton
            action="unlock"
            label="Unlock text"
            availability={unlockAvailability(statement)}
            loading={pending === 'unlock'}
            busy={run.isPending}
            onClick={() => run.mutate('unlock')}
          />
        ) : lockPending ? (
          <WorkflowButton
            action="cancel-lock"
            label="Cancel lock"
            availability={cancelLockAvailability(statement)}
            loading={pending === 'cancel-lock'}
            busy={run.isPending}
            onClick={() => run.mutate('cancel-lock')}
          />
        ) : (
          <WorkflowButton
            action="lock"
            label="Lock text…"
            availability={lockAvailability(statement)}
            loading={false}
            busy={run.isPending}
            onClick={() => setConfirmingLock(true)}
          />
        )}
        <WorkflowButton
          action="publish"
          label="Publish"
          variant="filled"
          availability={publishAvailability(statement)}
          loading={pending === 'publish'}
          busy={run.isPending}
          onClick={() => setConfirmingPublish(true)}
        />
      </SimpleGrid>

      <ErrorAlert mt="sm" testId="status-error">
        {run.isError && workflowErrorMessage(run.error)}
      </ErrorAlert>

      {confirmingLock && <LockDialog statement={statement} onChanged={onChanged} onStale={onStale} onClose={() => setConfirmingLock(false)} />}

      {confirmingPublish && (
        <DialogFrame title="Publish this statement?" closeLabel="Close without publishing" onClose={() => setConfirmingPublish(false)} centered>
          <Text mb="md">
            The text <HashText hash={statement.contentHash} /> is frozen for good and its public page goes live. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingPublish(false)} disabled={run.isPending}>
              Cancel
            </Button>
            <Button data-autofocus loading={pending === 'publish'} onClick={() => run.mutate('publish')}>
              Yes, publish
            </Button>
          </Group>
        </DialogFrame>
      )}
    </section>
  );
}

function StatusExplanation({ statement }: { statement: StatementDetail }) {
  if (statement.status === 'published') {
    return (
      <Text size="sm">
        Published {statement.publishedAt && <time dateTime={statement.publishedAt}>{formatAbsolute(statement.publishedAt)}</time>} with the text{' '}
        <HashText hash={statement.publishedHash ?? statement.contentHash} />. It is frozen for good.
      </Text>
    );
  }
  if (statement.status === 'locked') {
    return <Text size="sm">The text is final: nobody can edit it while the organizations sign off.</Text>;
  }
  if (statement.pendingLock) {
    return (
      <Text size="sm">
        {statement.pendingLock.requestedBy.name} locks the text at{' '}
        <time dateTime={statement.pendingLock.lockAt}>{formatClockTime(statement.pendingLock.lockAt)}</time>. Until then it can still be edited.
      </Text>
    );
  }
  return <Text size="sm">Organizations edit and sign off. Any edit makes earlier sign-offs stale.</Text>;
}
