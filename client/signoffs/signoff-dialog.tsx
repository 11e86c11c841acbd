import { Alert, Button, Checkbox, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { MAX_SIGNER_TITLE_LENGTH } from '../../shared/api/workflow.ts';
import { fetchSignoffDiff, signOff } from '../api/workflow.ts';
import { useSignedIn } from '../auth/session.tsx';
import { HashText } from '../lib/content-hash.tsx';
import { ErrorAlert, LoadErrorAlert } from '../lib/error-alert.tsx';
import { keys } from '../queries/keys.ts';
import { DialogFrame } from '../workflow/dialog-frame.tsx';
import { recordIsBehind, workflowErrorMessage } from '../workflow/workflow-errors.ts';
import { useCurrentTextHtml } from './current-text.ts';
import { RedlineLegend, RedlineView } from './redline-view.tsx';
import './signoff-dialog.css';
import { notifyDone } from '../workflow/notify.ts';

export type SignoffStep = 'review' | 'confirm';

interface Props {
  statement: StatementDetail;
  participant: Participant;
  /** Why signing must wait right now (this page's edits are not saved yet…); null when it can go ahead. */
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  /** A refusal shows the record is behind: refetch it. */
  onStale: () => void;
  onClose: () => void;
  /** Where the dialog opens: `confirm` when the person has just read the redline elsewhere. */
  startAt?: SignoffStep;
}

/**
 * Signing on behalf of an organization, in two deliberate steps, in a modal (labelled by its
 * title, focus trapped, Escape closes it, focus returns to the button that opened it):
 *
 * 1. **Review** the exact text being signed, with its short hash: the whole current text,
 *    or, when the organization signed an earlier version, the word-level redline from that
 *    version to the current text.
 * 2. **Confirm**: "Sign on behalf of <org> as <person>", an optional title (printed in the
 *    certificate and beside the organization), and the box "I have read this text and my
 *    organization approves it", without which the final button stays disabled.
 *
 * It posts the record's `contentHash`, the text shown. When that hash changes while the dialog
 * is open (someone edited), it says so, unticks the box and goes back to the review, which
 * refetches. STALE_CONTENT (the text moved on between review and click) is shown in the
 * dialog, which stays open on the new text.
 *
 * Contract for tests: `data-testid="signoff-dialog"`; inside, `signoff-step` with `data-step` (review | confirm);
 * `signoff-review` (the text or `[data-testid="redline"]`), `signoff-review-hash`,
 * `signoff-on-behalf`, `signoff-text-changed`, `signoff-dialog-error`; buttons "Continue",
 * "Back", "Sign for <org>"; field "Your title (optional)"; checkbox "I have read this text
 * and my organization approves it".
 */
export function SignoffDialog({ statement, participant, signBlockedReason, onChanged, onStale, onClose, startAt = 'review' }: Props) {
  const { user } = useSignedIn();
  const phone = useMediaQuery('(max-width: 48em)');
  const [step, setStep] = useState<SignoffStep>(startAt);
  const [title, setTitle] = useState('');
  const [approved, setApproved] = useState(false);
  const [seenHash, setSeenHash] = useState(statement.contentHash);
  const [textChanged, setTextChanged] = useState(false);
  const titleField = useRef<HTMLInputElement>(null);
  const reviewRegion = useRef<HTMLDivElement>(null);
  const approvalHintId = useId();

  const signedBefore = participant.signoff !== null && !participant.signoff.current;
  const diff = useQuery({
    queryKey: keys.signoffDiff(statement.id, participant.orgId),
    queryFn: ({ signal }) => fetchSignoffDiff(statement.id, participant.orgId, signal),
    enabled: signedBefore,
  });
  const text = useCurrentTextHtml(statement.id, statement.contentHash, !signedBefore);

  // Someone changed the text while this dialog was open: what was reviewed is not what would be signed.
  useEffect(() => {
    if (statement.contentHash === seenHash) return;
    setSeenHash(statement.contentHash);
    setTextChanged(true);
    setApproved(false);
    setStep('review');
  }, [statement.contentHash, seenHash]);

  const sign = useMutation({
    mutationFn: () =>
      signOff(statement.id, {
        orgId: participant.orgId,
        contentHash: statement.contentHash,
        ...(title.trim() === '' ? {} : { signerTitle: title.trim() }),
      }),
    onSuccess: (updated) => {
      onChanged(updated);
      notifyDone(`Signed for ${participant.name}.`);
      onClose();
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });

  // The comparison may lag the record by a refetch: only a review of the record's own hash counts.
  const reviewReady = signedBefore ? diff.data !== undefined && diff.data.currentHash === statement.contentHash : text.data !== undefined;

  function goTo(next: SignoffStep) {
    setStep(next);
    // After React shows the step: its first field, or the text to read.
    requestAnimationFrame(() => (next === 'confirm' ? titleField.current : reviewRegion.current)?.focus());
  }

  const blocked = signBlockedReason ?? (reviewReady ? null : 'Loading the text to sign…');

  return (
    <DialogFrame
      title={`Sign off for ${participant.name}`}
      onClose={onClose}
      closeLabel="Close without signing"
      size="xl"
      fullScreen={phone === true}
      testId="signoff-dialog"
    >
      <Stack gap="sm" data-testid="signoff-step" data-step={step}>
        {textChanged && (
          <Alert color="orange" role="alert" data-testid="signoff-text-changed" withCloseButton={false}>
            The text changed while this dialog was open. The review below shows the new text: read it again before you sign.
          </Alert>
        )}
        <ErrorAlert testId="signoff-dialog-error">{sign.isError && workflowErrorMessage(sign.error)}</ErrorAlert>
        {step === 'review' ? (
          <>
            <Text size="sm" c="dimmed">
              Step 1 of 2: review the text
            </Text>
            <Text size="sm" data-testid="signoff-review-hash">
              {signedBefore ? (
                <>
                  What changed since {participant.name} last signed, up to the text you are signing, <HashText hash={statement.contentHash} />:
                </>
              ) : (
                <>
                  The text you are signing, <HashText hash={statement.contentHash} />, exactly as it stands now:
                </>
              )}
            </Text>
            <div ref={reviewRegion} className="signoff-review" role="region" aria-label="Text you are signing" tabIndex={0} data-testid="signoff-review">
              {signedBefore ? (
                diff.isError && !diff.data ? (
                  <LoadErrorAlert error={diff.error} onRetry={() => void diff.refetch()} />
                ) : reviewReady && diff.data ? (
                  <>
                    <RedlineLegend />
                    <RedlineView blocks={diff.data.blocks} />
                  </>
                ) : (
                  <Loading />
                )
              ) : text.isError && !text.data ? (
                <LoadErrorAlert error={text.error} onRetry={() => void text.refetch()} />
              ) : text.data !== undefined ? (
                // The server's sanitized export of the text (see ./current-text.ts).
                <div className="signoff-review__text" dangerouslySetInnerHTML={{ __html: text.data }} />
              ) : (
                <Loading />
              )}
            </div>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button data-autofocus onClick={() => goTo('confirm')} disabled={!reviewReady}>
                Continue
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Step 2 of 2: confirm
            </Text>
            <Text data-testid="signoff-on-behalf">
              Sign on behalf of <strong>{participant.name}</strong> as <strong>{user.name}</strong>
            </Text>
            <Text size="sm">
              You are signing the text <HashText hash={statement.contentHash} />. Any later edit makes this sign-off stale, and {participant.name} would have to
              sign again.
            </Text>
            <TextInput
              ref={titleField}
              data-autofocus
              label="Your title (optional)"
              description="Printed with your name in the certificate, e.g. Executive Director."
              value={title}
              maxLength={MAX_SIGNER_TITLE_LENGTH}
              onChange={(event) => setTitle(event.currentTarget.value)}
              autoComplete="organization-title"
            />
            <Checkbox
              checked={approved}
              onChange={(event) => setApproved(event.currentTarget.checked)}
              label="I have read this text and my organization approves it"
              aria-describedby={approvalHintId}
            />
            <Text id={approvalHintId} size="xs" c="dimmed">
              {blocked ?? (approved ? `Signing records ${user.name} as the signer for ${participant.name}.` : 'Tick the box to sign.')}
            </Text>
            <Group justify="space-between" gap="sm">
              <Button variant="default" onClick={() => goTo('review')} disabled={sign.isPending}>
                Back
              </Button>
              <Button
                data-testid="signoff-confirm-button"
                loading={sign.isPending}
                disabled={!approved || blocked !== null}
                onClick={() => {
                  sign.reset();
                  sign.mutate();
                }}
              >
                Sign for {participant.name}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </DialogFrame>
  );
}

function Loading() {
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" />
      <Text c="dimmed">Loading the text…</Text>
    </Group>
  );
}
