import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { signOff } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { useSignoffDiff } from '../queries/statements.ts';
import { recordIsBehind, workflowErrorMessage } from '../workflow/workflow-errors.ts';
import { RedlineLegend, RedlineView } from './redline-view.tsx';
import { ErrorAlert, LoadErrorAlert } from '../lib/error-alert.tsx';

interface Props {
  statement: StatementDetail;
  participant: Participant;
  /** The reader is a signatory of `participant`: offer to sign the text just reviewed. */
  canSign: boolean;
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
  onClose: () => void;
}

/**
 * "What changed since <org> signed": a modal (focus trapped, Escape closes it, focus
 * returns to the button that opened it) with the redline from the signed version to the
 * current text and a legend. The redline is a query under the statement's key, so it is
 * fetched again whenever the statement changes while open. Signatories of the organization
 * can sign from here: they sign exactly the text the redline ends at (its `currentHash`),
 * so a text that moved on meanwhile is refused (STALE_CONTENT) rather than signed unseen.
 *
 * Contract for tests: `data-testid="signoff-diff"` on the dialog, title "What changed
 * since <org> signed", `[data-testid="redline"]` inside, button "Close".
 */
export function RedlineDialog({ statement, participant, canSign, signBlockedReason, onChanged, onStale, onClose }: Props) {
  const diffQuery = useSignoffDiff(statement.id, participant.orgId);
  const sign = useMutation({
    mutationFn: (contentHash: string) => signOff(statement.id, { orgId: participant.orgId, contentHash }),
    onSuccess: (updated) => {
      onChanged(updated);
      onClose();
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });

  const diff = diffQuery.data ?? null;
  const noWordChanges = diff !== null && diff.blocks.every((block) => block.change === 'same');

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={
        <Text fw={650} size="lg">
          What changed since {participant.name} signed
        </Text>
      }
      data-testid="signoff-diff"
      closeButtonProps={{ 'aria-label': 'Close the comparison' }}
    >
      {diffQuery.isPending && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text c="dimmed">Comparing the texts…</Text>
        </Group>
      )}
      {diffQuery.isError && !diff && <LoadErrorAlert error={diffQuery.error} onRetry={() => void diffQuery.refetch()} />}
      {diff && (
        <Stack gap="sm">
          <Text size="sm">
            From the text {participant.name} signed, <HashText hash={diff.signedHash} />
            {participant.signoff && participant.signoff.contentHash === diff.signedHash && (
              <>
                {' '}
                (by {participant.signoff.signedBy.name}, {formatAbsolute(participant.signoff.signedAt)})
              </>
            )}
            , to the current text, <HashText hash={diff.currentHash} />.
          </Text>
          {diff.current ? (
            <Alert color="teal" role="status">
              Nothing changed: {participant.name} signed the current text.
            </Alert>
          ) : noWordChanges ? (
            <Alert color="indigo" role="note">
              The words are the same; only formatting (emphasis, links, lists) changed.
            </Alert>
          ) : null}
          <RedlineLegend />
          <RedlineView blocks={diff.blocks} />
          {canSign && !diff.current && (
            <Stack gap={4}>
              <Button
                data-testid="sign-off-reviewed-button"
                loading={sign.isPending}
                disabled={signBlockedReason !== null}
                onClick={() => sign.mutate(diff.currentHash)}
              >
                Sign off on this text for {participant.name}
              </Button>
              <Text size="xs" c="dimmed">
                {signBlockedReason ?? (
                  <>
                    You are signing text <HashText hash={diff.currentHash} />, the text shown above.
                  </>
                )}
              </Text>
              <ErrorAlert>{sign.isError && workflowErrorMessage(sign.error)}</ErrorAlert>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
