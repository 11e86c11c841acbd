import { Alert, Button, Text } from '@mantine/core';
import { useState } from 'react';
import type { ReadOnlyReason } from './read-only.ts';

const WHY: Record<ReadOnlyReason, string> = {
  locked: 'the text was locked while they were on their way',
  published: 'the statement was published while they were on their way',
  role: 'this page can no longer change the text',
};

/**
 * Shown when the server refused edits made here (see CollabSnapshot.refusedEdits): the
 * text on this page then differs from the server's, so the person is told, and offered to
 * discard this device's copy and reload to see the server's text. If the lead unlocks the
 * statement instead, the edits are sent after all and this notice goes away by itself.
 *
 * Contract for tests: `data-testid="refused-edits"`, button "Discard my unsaved edits".
 */
export function RefusedEditsNotice({ reason, onDiscard }: { reason: ReadOnlyReason | null; onDiscard: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  async function discard() {
    setBusy(true);
    try {
      await onDiscard();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Alert color="orange" role="alert" mb="sm" data-testid="refused-edits">
      <Text size="sm" mb="xs">
        Your latest edits were not saved: {WHY[reason ?? 'role']}. They are only on this device, so the text below is not the text the others see.
      </Text>
      <Button size="xs" variant="default" loading={busy} onClick={() => void discard()}>
        Discard my unsaved edits
      </Button>
    </Alert>
  );
}
