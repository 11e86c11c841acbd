import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { useSignoffDiff } from '../queries/statements.ts';
import { RedlineLegend, RedlineView } from './redline-view.tsx';
import { LoadErrorAlert } from '../lib/error-alert.tsx';
import { SignoffDialog } from './signoff-dialog.tsx';

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
 * can go on to sign from here: the redline is their review, so the sign-off dialog
 * (./signoff-dialog.tsx) opens at its confirmation step, in place of this one.
 *
 * Contract for tests: `data-testid="signoff-diff"` on the dialog, title "What changed
 * since <org> signed", `[data-testid="redline"]` inside, button "Close".
 */
export function RedlineDialog({ statement, participant, canSign, signBlockedReason, onChanged, onStale, onClose }: Props) {
  const diffQuery = useSignoffDiff(statement.id, participant.orgId);
  const [signing, setSigning] = useState(false);
  // What opened this dialog: the sign-off dialog that replaces it would return focus to a button gone with it.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);

  if (signing) {
    return (
      <SignoffDialog
        statement={statement}
        participant={participant}
        signBlockedReason={signBlockedReason}
        onChanged={onChanged}
        onStale={onStale}
        onClose={() => {
          onClose();
          requestAnimationFrame(() => {
            if (opener.current?.isConnected) opener.current.focus();
          });
        }}
        startAt="confirm"
      />
    );
  }

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
                aria-haspopup="dialog"
                disabled={signBlockedReason !== null || diff.currentHash !== statement.contentHash}
                onClick={() => setSigning(true)}
              >
                Sign off on this text for {participant.name}
              </Button>
              <Text size="xs" c="dimmed">
                {signBlockedReason ?? (
                  <>
                    Next you confirm signing text <HashText hash={diff.currentHash} />, the text shown above, for {participant.name}.
                  </>
                )}
              </Text>
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
