import { Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { Participant } from '../../shared/api/statements.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { signoffState } from '../signoffs/signoff-state.ts';

interface Props {
  participant: Participant;
  isLead: boolean;
  canManage: boolean;
  onSetRequired: (required: boolean) => Promise<void>;
  onRemove: () => Promise<void>;
  /** The organization's sign-off: its state and, for its signatories, the actions. */
  children?: ReactNode;
}

/**
 * One participating organization. Everyone sees its name and "lead" / "required" /
 * "optional", then its sign-off (`children`). Managers get, for organizations other than
 * the lead (always required, never removable), a checkbox named "Required for <org>" and
 * a "Remove <org>" button.
 *
 * Contract for tests: `li[data-org-id]` with `data-signoff-state` (current | stale | none).
 */
export function ParticipantRow({ participant, isLead, canManage, onSetRequired, onRemove, children }: Props) {
  // The box shows the person's choice at once; the server's answer (or a refusal) then decides.
  const [pending, setPending] = useState<boolean | null>(null);
  const editable = canManage && !isLead;

  async function toggle(required: boolean) {
    setPending(required);
    try {
      await onSetRequired(required);
    } finally {
      setPending(null);
    }
  }

  return (
    <Stack component="li" gap={4} py="sm" className="participant" data-org-id={participant.orgId} data-signoff-state={signoffState(participant)}>
      <Group gap="xs">
        <Text fw={600}>{participant.name}</Text>
        {isLead && (
          <Badge size="sm" variant="light" color="indigo">
            lead
          </Badge>
        )}
        {!editable && (
          <Badge size="sm" variant="outline" color="gray" c="gray.8">
            {participant.required ? 'required' : 'optional'}
          </Badge>
        )}
      </Group>
      {children}
      {editable && (
        <Group gap="sm" mt={4}>
          <Checkbox
            size="xs"
            checked={pending ?? participant.required}
            disabled={pending !== null}
            onChange={(event) => void toggle(event.currentTarget.checked)}
            label={
              <>
                Required<span className="visually-hidden"> for {participant.name}</span>
              </>
            }
          />
          <ConfirmAction
            label="Remove"
            accessibleLabel={`Remove ${participant.name}`}
            question={`Remove ${participant.name}? Its members lose access.`}
            confirmLabel="Remove"
            onConfirm={onRemove}
          />
        </Group>
      )}
    </Stack>
  );
}
