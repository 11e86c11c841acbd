import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import type { RefusedChange } from '../collab/refused-change.ts';
import { refusedChangeWording } from './refused-change-text.ts';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Tells the person that the server refused their last change (see CollabSnapshot.refusedChange),
 * why, and that the editor shows the saved text again; offers the text that was not saved in
 * a read-only box with a "Copy text" button. A modal: focus is trapped inside and starts on the
 * box, Escape, the close button and "Close" dismiss it.
 *
 * Contract for tests: `data-testid="refused-change"` with `data-reason` (too-large |
 * not-accepted | unreadable), textarea labelled "Text that was not saved", buttons
 * "Copy text" and "Close".
 */
export function RefusedChangeDialog({ change, onClose }: { change: RefusedChange; onClose: () => void }) {
  const wording = refusedChangeWording(change);
  const box = useRef<HTMLTextAreaElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  async function copyText() {
    setCopy((await copyToClipboard(change.text, box.current)) ? 'copied' : 'failed');
  }

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text fw={650} size="lg">
          {wording.title}
        </Text>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
      data-testid="refused-change"
      data-reason={change.reason}
    >
      <Stack gap="sm">
        <Text size="sm">{wording.explanation}</Text>
        <Text size="sm">{wording.advice}</Text>
        {change.text !== '' && (
          <>
            <Textarea
              ref={box}
              label="Text that was not saved"
              value={change.text}
              readOnly
              autosize
              minRows={4}
              maxRows={12}
              data-autofocus
              onFocus={(event) => event.currentTarget.select()}
            />
            <Text size="sm" role="status" aria-live="polite" c={copy === 'failed' ? 'red.8' : undefined}>
              {copy === 'copied'
                ? 'Copied to the clipboard.'
                : copy === 'failed'
                  ? 'Could not copy automatically: the text is selected above; copy it with Ctrl+C (⌘C on a Mac).'
                  : ''}
            </Text>
          </>
        )}
        <Group justify="flex-end" gap="sm">
          {change.text !== '' && <Button onClick={() => void copyText()}>Copy text</Button>}
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Writes `text` to the clipboard; where the browser refuses, selects it in `box` and tries the older copy command. */
export async function copyToClipboard(text: string, box: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!box) return false;
    box.focus();
    box.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
