import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { Editor } from '@tiptap/core';
import { useState, type FormEvent } from 'react';
import { applyLink, currentLinkTarget, removeLink } from './link-command.ts';

export const LINK_TARGET_PROBLEM = 'Links must be web addresses (http or https) or e-mail addresses.';

/**
 * The toolbar's link dialog: one address field (prefilled with the link at the cursor),
 * "Apply", "Remove link" when there is a link to remove, and "Cancel" (or Escape). Only http,
 * https and mailto addresses are accepted ("example.org" becomes https://example.org, an
 * e-mail address becomes mailto:); anything else is named under the field and changes
 * nothing. The editor's selection is kept while the dialog is open; applying or removing
 * returns the focus to the text.
 */
export function LinkDialog({ editor, opened, onClose }: { editor: Editor; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Link" size="sm" centered returnFocus={false} closeButtonProps={{ 'aria-label': 'Close the link dialog' }}>
      {opened && <LinkForm editor={editor} onClose={onClose} />}
    </Modal>
  );
}

function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const [existing] = useState(() => currentLinkTarget(editor));
  const [address, setAddress] = useState(existing);
  const [problem, setProblem] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (address.trim() === '') {
      setProblem('Give a web address or an e-mail address.');
      return;
    }
    if (!applyLink(editor, address)) {
      setProblem(LINK_TARGET_PROBLEM);
      return;
    }
    onClose();
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Link address"
          description="A web address (https://…) or an e-mail address."
          name="href"
          type="text"
          inputMode="url"
          autoComplete="url"
          data-autofocus
          value={address}
          error={problem ?? undefined}
          onChange={(event) => {
            setAddress(event.currentTarget.value);
            setProblem(null);
          }}
        />
        <Group justify="space-between" gap="xs">
          {existing ? (
            <Button
              variant="subtle"
              color="red"
              onClick={() => {
                removeLink(editor);
                onClose();
              }}
            >
              Remove link
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Apply</Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
