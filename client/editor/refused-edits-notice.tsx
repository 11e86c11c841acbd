import { Alert, Button, CloseButton, Group, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { JSONContent } from '@tiptap/core';
import { useRef, useState } from 'react';
import { fetchCurrentTextHtml } from '../api/workflow.ts';
import { refusedEditsText } from '../collab/refused-change.ts';
import { keys } from '../queries/keys.ts';
import { copyToClipboard } from './refused-change-dialog.tsx';
import type { ReadOnlyReason } from './read-only.ts';

const WHY: Record<ReadOnlyReason, string> = {
  locked: 'the text was locked while they were on their way',
  published: 'the statement was published while they were on their way',
  role: 'this page can no longer change the text',
};

type CopyState = 'idle' | 'copied' | 'failed';

interface Props {
  statementId: string;
  reason: ReadOnlyReason | null;
  /** This page's document as it stands (with the edits the server did not take). */
  localDocument: () => JSONContent;
  onDiscard: () => Promise<void>;
}

/**
 * Shown when the server refused edits made here (see CollabSnapshot.refusedEdits), typically
 * words typed as the lead's lock fired: the text on this page then differs from the
 * server's. It says so, offers the words that were not saved (this page's text compared with
 * the server's current text) in a read-only box with "Copy text", to paste into a comment or
 * a message to the lead, and offers to discard this device's copy and reload. If the lead
 * unlocks instead, the edits are sent after all and this notice goes away by itself.
 *
 * It never takes focus (the person's focus stays in the text; role="alert" announces it) and
 * is meant for the sticky notices region above the text, so it does not scroll away.
 * "Dismiss" hides it; the sync indicator still says the edits are not saved.
 *
 * Contract for tests: `data-testid="refused-edits"`, textarea labelled "Text that was not
 * saved" (`data-testid="refused-edits-text"`), buttons "Copy text", "Discard my unsaved
 * edits" and "Dismiss this notice".
 */
export function RefusedEditsNotice({ statementId, reason, localDocument, onDiscard }: Props) {
  const [busy, setBusy] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [copy, setCopy] = useState<CopyState>('idle');
  const box = useRef<HTMLTextAreaElement>(null);
  // Once per notice: the server's text does not change any more (locked or published).
  const unsaved = useQuery({
    queryKey: [...keys.statement(statementId), 'refused-edits'],
    queryFn: async ({ signal }) => refusedEditsText(await fetchCurrentTextHtml(statementId, signal), localDocument()),
    staleTime: Infinity,
    gcTime: 0,
    retry: 2,
  });

  async function discard() {
    setBusy(true);
    try {
      await onDiscard();
    } finally {
      setBusy(false);
    }
  }

  async function copyText(text: string) {
    setCopy((await copyToClipboard(text, box.current)) ? 'copied' : 'failed');
  }

  if (dismissed) return null;
  const text = unsaved.data ?? '';

  return (
    <Alert color="orange" role="alert" data-testid="refused-edits" p="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Text size="sm" mb="xs">
          Your latest edits were not saved: {WHY[reason ?? 'role']}. They are only on this device, so the text below is not the text the others see.
          {text !== '' && ' Copy the words that were not saved to paste them into a comment or a message to the lead.'}
        </Text>
        <CloseButton size="sm" aria-label="Dismiss this notice" onClick={() => setDismissed(true)} />
      </Group>
      {text !== '' && (
        <Textarea
          ref={box}
          label="Text that was not saved"
          value={text}
          readOnly
          autosize
          minRows={1}
          maxRows={4}
          size="xs"
          mb="xs"
          data-testid="refused-edits-text"
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
      {unsaved.isPending && (
        <Text size="xs" mb="xs">
          Finding the words that were not saved…
        </Text>
      )}
      <Group gap="xs">
        {text !== '' && (
          <Button size="xs" onClick={() => void copyText(text)}>
            Copy text
          </Button>
        )}
        <Button size="xs" variant="default" loading={busy} onClick={() => void discard()}>
          Discard my unsaved edits
        </Button>
        <Text size="xs" role="status" aria-live="polite" c={copy === 'failed' ? 'red.9' : undefined}>
          {copy === 'copied'
            ? 'Copied to the clipboard.'
            : copy === 'failed'
              ? 'Could not copy automatically: the text is selected above; copy it with Ctrl+C (⌘C on a Mac).'
              : ''}
        </Text>
      </Group>
    </Alert>
  );
}
