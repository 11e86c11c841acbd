import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { lockStatement } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { DialogFrame } from './dialog-frame.tsx';
import { formatClockTime, formatDelay } from './lock-time.ts';
import { recordIsBehind, workflowErrorMessage } from './workflow-errors.ts';
import { notifyDone } from './notify.ts';

/** The countdowns offered, in seconds; 0 locks at once. The first is the default. */
export const LOCK_DELAYS_SECONDS = [30, 60, 120, 0] as const;
export const DEFAULT_LOCK_DELAY_SECONDS = LOCK_DELAYS_SECONDS[0];

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
  onClose: () => void;
}

function choiceLabel(seconds: number): string {
  return seconds === 0 ? 'Now, without a countdown' : `In ${formatDelay(seconds)}${seconds === DEFAULT_LOCK_DELAY_SECONDS ? ' (recommended)' : ''}`;
}

/**
 * "Lock the text?": the lead chooses when — after a countdown (30 s by default) announced to
 * everyone editing, so nobody is frozen mid-word, or now — then `POST /lock {delaySeconds}`.
 * A modal (labelled by its title, focus trapped, Escape closes). A refusal (EMPTY_STATEMENT,
 * LOCK_PENDING, …) is shown inside it, with the server's message, and the dialog stays open.
 *
 * Contract for tests: `data-testid="lock-dialog"`, radio group "When to lock" with options
 * "In 30 seconds (recommended)", "In 1 minute", "In 2 minutes", "Now, without a countdown";
 * confirm button `data-testid="lock-confirm-button"` ("Lock in 30 seconds" / "Lock now");
 * refusals in `data-testid="lock-dialog-error"`.
 */
export function LockDialog({ statement, onChanged, onStale, onClose }: Props) {
  const [delay, setDelay] = useState<number>(DEFAULT_LOCK_DELAY_SECONDS);
  const lock = useMutation({
    mutationFn: () => lockStatement(statement.id, { delaySeconds: delay }),
    onSuccess: (updated) => {
      onChanged(updated);
      notifyDone(
        updated.pendingLock
          ? `The text locks at ${formatClockTime(updated.pendingLock.lockAt)}. Everyone editing has been told; you can still cancel.`
          : 'Locked. Nobody can edit the text now; organizations can sign off on it.',
      );
      onClose();
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });

  return (
    <DialogFrame title="Lock the text?" onClose={onClose} closeLabel="Close without locking" centered testId="lock-dialog">
      <Stack gap="sm">
        <Text size="sm">
          Locking makes the text <HashText hash={statement.contentHash} /> final: nobody can edit it while the organizations sign off. You can unlock it later;
          any edit after that makes sign-offs stale.
        </Text>
        <Radio.Group
          label="When to lock"
          description="With a countdown, everyone editing sees who locks and when, and can finish their sentence."
          value={String(delay)}
          onChange={(value) => setDelay(Number(value))}
        >
          <Stack gap="xs" mt="xs">
            {LOCK_DELAYS_SECONDS.map((seconds) => (
              <Radio key={seconds} value={String(seconds)} label={choiceLabel(seconds)} />
            ))}
          </Stack>
        </Radio.Group>
        <ErrorAlert testId="lock-dialog-error">{lock.isError && workflowErrorMessage(lock.error)}</ErrorAlert>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={lock.isPending}>
            Cancel
          </Button>
          <Button
            data-autofocus
            data-testid="lock-confirm-button"
            loading={lock.isPending}
            onClick={() => {
              lock.reset();
              lock.mutate();
            }}
          >
            {delay === 0 ? 'Lock now' : `Lock in ${formatDelay(delay)}`}
          </Button>
        </Group>
      </Stack>
    </DialogFrame>
  );
}
