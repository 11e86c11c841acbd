import { Button, CopyButton, Group, TextInput } from '@mantine/core';

/**
 * A link to hand on: read-only, selected on focus, with "Copy link".
 * Contract for tests: the field carries `data-invite-url` (the links are invitations today).
 */
export function CopyableLink({ url, label, description }: { url: string; label: string; description: string }) {
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput
        label={label}
        description={description}
        readOnly
        value={url}
        data-invite-url={url}
        onFocus={(event) => event.currentTarget.select()}
        flex={1}
        miw={0}
      />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy}>
            {copied ? 'Copied' : 'Copy link'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
