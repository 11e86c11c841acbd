import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { withdrawSignoff } from '../api/workflow.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { HashText } from '../lib/content-hash.tsx';
import { workflowErrorMessage } from '../workflow/workflow-errors.ts';
import { SignoffDialog } from './signoff-dialog.tsx';
import { signoffState } from './signoff-state.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';

interface Props {
  statement: StatementDetail;
  participant: Participant;
  /** Why signing must wait right now (e.g. this page's own edits are not saved yet); null when it can go ahead. */
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  /** Called after a change the server answered without the statement, or a refusal that shows the record is behind. */
  onStale: () => void;
}

/**
 * What a signatory of `participant` can do: "Sign off on this text", which opens the
 * sign-off dialog (./signoff-dialog.tsx: review the exact text, then confirm on behalf of
 * the organization) unless that exact text is already signed, and "Withdraw" (asks once
 * more) while a sign-off exists.
 *
 * Contract for tests: buttons named "Sign off on this text for <org>" and "Withdraw the
 * sign-off of <org>" (visible text "Sign off on this text" / "Withdraw"), with
 * `data-testid` sign-off-button and (first step) withdraw-button; `data-testid="signing-hash"`
 * is the hint; refusals show as role="alert" (`data-testid="signoff-error"`).
 */
export function SignoffActions({ statement, participant, signBlockedReason, onChanged, onStale }: Props) {
  const state = signoffState(participant);
  const [signing, setSigning] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => withdrawSignoff(statement.id, participant.orgId),
    onSettled: onStale,
  });
  const error = withdraw.error;

  return (
    <Stack gap={6} mt="xs">
      <Group gap="xs">
        {state !== 'current' && (
          <Button
            size="compact-sm"
            data-testid="sign-off-button"
            disabled={signBlockedReason !== null}
            aria-describedby={`signing-hash-${participant.orgId}`}
            aria-label={`Sign off on this text for ${participant.name}`}
            aria-haspopup="dialog"
            onClick={() => setSigning(true)}
          >
            Sign off on this text
          </Button>
        )}
        {state !== 'none' && (
          <ConfirmAction
            label="Withdraw"
            accessibleLabel={`Withdraw the sign-off of ${participant.name}`}
            question={`Withdraw the sign-off of ${participant.name}?`}
            confirmLabel="Yes, withdraw"
            onConfirm={async () => {
              await withdraw.mutateAsync().catch(() => undefined);
            }}
            testId="withdraw-button"
          />
        )}
      </Group>
      {state !== 'current' && (
        <Text id={`signing-hash-${participant.orgId}`} size="xs" c="dimmed" data-testid="signing-hash">
          {signBlockedReason ?? (
            <>
              The text as it is now, <HashText hash={statement.contentHash} />: you review it before signing.
            </>
          )}
        </Text>
      )}
      <ErrorAlert testId="signoff-error">{error && workflowErrorMessage(error)}</ErrorAlert>
      {signing && (
        <SignoffDialog
          statement={statement}
          participant={participant}
          signBlockedReason={signBlockedReason}
          onChanged={onChanged}
          onStale={onStale}
          onClose={() => setSigning(false)}
        />
      )}
    </Stack>
  );
}
