import { Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { unlockStatement } from '../api/workflow.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { cancelLockAvailability } from './availability.ts';
import { useNow } from '../lib/use-now.ts';
import { formatClockTime, secondsUntil } from './lock-time.ts';
import { recordIsBehind, workflowErrorMessage } from './workflow-errors.ts';
import './live-notices.css';
import { notifyDone } from './notify.ts';

/** After the lock was due, wait this long for the server's `workflow` message before asking again. */
const LOCK_OVERDUE_REFETCH_MS = 2_000;

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
}

/**
 * Above the text while a scheduled lock counts down (`pendingLock`): "Alice Example will
 * lock the text at 14:05:30 (in 27 s)", ticking every second, and what it means for the
 * reader's typing. The sentence is announced once (role="status"); the seconds tick in a
 * `timer`, which screen readers do not read out on every change. The lead's editors get
 * "Cancel lock" (POST /unlock); the banner goes when the record no longer has a pending
 * lock (cancelled, or locked: every open page refetches on the server's `workflow` message,
 * and asks again itself shortly after the lock was due).
 *
 * Contract for tests: `data-testid="lock-countdown"` with `data-lock-at`; the requester's
 * name in `lock-countdown-who`, the time in `<time datetime="<lockAt>">`, the seconds in
 * `lock-countdown-seconds`; button "Cancel lock" (`data-testid="cancel-lock-button"`).
 */
export function LockCountdownBanner({ statement, onChanged, onStale }: Props) {
  const { user } = useSignedIn();
  const pending = statement.status === 'drafting' ? statement.pendingLock : null;
  const now = useNow(1_000, pending !== null);
  const cancel = useMutation({
    mutationFn: () => unlockStatement(statement.id),
    onSuccess: (updated) => {
      onChanged(updated);
      notifyDone('Lock cancelled. The text stays open for editing.');
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });

  const lockAt = pending?.lockAt ?? null;
  useEffect(() => {
    if (lockAt === null) return;
    const timer = setTimeout(onStale, Math.max(0, Date.parse(lockAt) - Date.now()) + LOCK_OVERDUE_REFETCH_MS);
    return () => clearTimeout(timer);
  }, [lockAt, onStale]);

  if (!pending) return null;
  const seconds = secondsUntil(pending.lockAt, now);
  const mine = pending.requestedBy.id === user.id;
  const canCancel = cancelLockAvailability(statement).enabled;

  return (
    <div className="lock-countdown" data-testid="lock-countdown" data-lock-at={pending.lockAt}>
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <div>
          <Text size="sm" fw={600} role="status">
            <span data-testid="lock-countdown-who">{mine ? 'You' : pending.requestedBy.name}</span> will lock the text at{' '}
            <time dateTime={pending.lockAt}>{formatClockTime(pending.lockAt)}</time>{' '}
            <span role="timer" aria-live="off" data-testid="lock-countdown-seconds">
              {seconds > 0 ? `(in ${seconds} s)` : '(locking now…)'}
            </span>
          </Text>
          <Text size="xs">
            {mine
              ? 'Everyone editing sees this countdown. After it, nobody can edit while the organizations sign off.'
              : 'Finish what you are typing: after that the text is final, and edits still on their way are not saved.'}
          </Text>
        </div>
        {canCancel && (
          <Button size="xs" variant="default" data-testid="cancel-lock-button" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            Cancel lock
          </Button>
        )}
      </Group>
      <ErrorAlert mt="xs">{cancel.isError && workflowErrorMessage(cancel.error)}</ErrorAlert>
    </div>
  );
}
