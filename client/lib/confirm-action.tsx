import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';

interface Props {
  /** Visible text of the first button, e.g. "Remove". */
  label: string;
  /** Its accessible name when the visible text alone is ambiguous in a list, e.g. "Remove Ana Lopez". */
  accessibleLabel?: string;
  /** The question asked before acting, e.g. "Remove Ana Lopez from Housing Now?". */
  question: string;
  /** Text of the button that acts, e.g. "Yes, remove". */
  confirmLabel: string;
  /** Runs the action; the buttons are disabled until it settles. Errors are the caller's to show. */
  onConfirm: () => Promise<void>;
  /** `data-testid` of the first button, for tests. */
  testId?: string;
}

/**
 * A destructive action behind an inline second step (no browser dialog): the first click
 * asks `question` with a confirm and a cancel button; focus moves to the confirm button.
 */
export function ConfirmAction({ label, accessibleLabel, question, confirmLabel, onConfirm, testId }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return (
      <Button variant="subtle" color="red" size="compact-sm" w="fit-content" aria-label={accessibleLabel} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <Group gap="xs" role="group" aria-label={question} className="confirm-action">
      <Text size="sm" fw={500}>
        {question}
      </Text>
      <Button color="red" size="compact-sm" autoFocus loading={busy} onClick={() => void confirm()}>
        {confirmLabel}
      </Button>
      <Button variant="default" size="compact-sm" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </Group>
  );
}
