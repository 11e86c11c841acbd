import { Anchor, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { removeParticipant, setParticipant } from '../api/statements.ts';
import { progressText, signoffProgress } from '../signoffs/progress.ts';
import { RedlineDialog } from '../signoffs/redline-dialog.tsx';
import { SignoffActions } from '../signoffs/signoff-actions.tsx';
import { signoffState } from '../signoffs/signoff-state.ts';
import { SignoffStatus } from '../signoffs/signoff-status.tsx';
import { AddParticipantForm } from './add-participant-form.tsx';
import { InvitePartner } from './invite-partner.tsx';
import { ParticipantRow } from './participant-row.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';

interface Props {
  statement: StatementDetail;
  /** Called with the statement as the server now has it (after a change made here). */
  onChanged: (statement: StatementDetail) => void;
  /** Called after a change the server answered without the statement (removal, withdrawal): refetch it. */
  onStale: () => void;
  /** Why signing must wait right now (this page's edits are not saved yet…); null when it can go ahead. */
  signBlockedReason: string | null;
}

/** Lead first, then by name. */
function ordered(statement: StatementDetail): Participant[] {
  return [...statement.participants].sort(
    (a, b) => Number(b.orgId === statement.leadOrgId) - Number(a.orgId === statement.leadOrgId) || a.name.localeCompare(b.name),
  );
}

/**
 * "Organizations taking part": every participating organization, the lead first and marked
 * "lead", each required or optional, with its sign-off — not signed, signed the current
 * text (who, when) or signed an earlier version (stale; "What changed since … signed"
 * opens the redline). Signatories of an organization sign and withdraw for it here. When
 * `canManageParticipants` (lead editors): toggle "Required for <org>", "Remove <org>" (not
 * the lead), "Invite an organization" by link with the pending invitations, and the add form
 * for organizations the lead already works with.
 *
 * Contract for tests: `data-testid="signoff-summary"`; stale rows have a button
 * `data-testid="signoff-diff-button"` ("What changed since you signed" for the reader's
 * own organizations, "What changed since <org> signed" otherwise).
 */
export function ParticipantsPanel({ statement, onChanged, onStale, signBlockedReason }: Props) {
  const [diffOrgId, setDiffOrgId] = useState<string | null>(null);
  const canManage = statement.canManageParticipants;
  const canSignFor = new Set(statement.canSignFor);
  const diffParticipant = statement.participants.find((p) => p.orgId === diffOrgId) ?? null;

  const setRequired = useMutation({
    mutationFn: ({ orgId, required }: { orgId: string; required: boolean }) => setParticipant(statement.id, orgId, required),
    onSuccess: onChanged,
  });
  const remove = useMutation({
    mutationFn: (orgId: string) => removeParticipant(statement.id, orgId),
    onSuccess: (_, orgId) => onChanged({ ...statement, participants: statement.participants.filter((p) => p.orgId !== orgId) }),
    onSettled: onStale,
  });
  const error = setRequired.error ?? remove.error;

  return (
    <section aria-labelledby="participants-heading">
      <Title order={2} size="h4" id="participants-heading" mb="xs">
        Organizations taking part
      </Title>
      <SignoffSummary statement={statement} />
      <Stack component="ul" gap={0} className="plain-list" mt="xs">
        {ordered(statement).map((participant) => {
          const mine = canSignFor.has(participant.orgId);
          return (
            <ParticipantRow
              key={participant.orgId}
              participant={participant}
              isLead={participant.orgId === statement.leadOrgId}
              canManage={canManage}
              onSetRequired={(required) =>
                setRequired.mutateAsync({ orgId: participant.orgId, required }).then(
                  () => undefined,
                  () => undefined,
                )
              }
              onRemove={() => remove.mutateAsync(participant.orgId).catch(() => undefined)}
            >
              <SignoffStatus participant={participant} status={statement.status} />
              {signoffState(participant) === 'stale' && (
                <Anchor component="button" type="button" size="sm" ta="left" data-testid="signoff-diff-button" onClick={() => setDiffOrgId(participant.orgId)}>
                  {mine ? (
                    <>
                      What changed since you signed<span className="visually-hidden"> for {participant.name}</span>
                    </>
                  ) : (
                    `What changed since ${participant.name} signed`
                  )}
                </Anchor>
              )}
              {mine && statement.status !== 'published' && (
                <SignoffActions statement={statement} participant={participant} signBlockedReason={signBlockedReason} onChanged={onChanged} onStale={onStale} />
              )}
            </ParticipantRow>
          );
        })}
      </Stack>
      <ErrorAlert mt="xs">{error && errorMessage(error)}</ErrorAlert>
      {statement.status === 'published' ? null : canManage ? (
        <>
          <InvitePartner statement={statement} />
          <AddParticipantForm statement={statement} onAdded={onChanged} />
        </>
      ) : (
        <Text size="xs" c="dimmed" mt="sm">
          Editors of the lead organization add and remove organizations.
        </Text>
      )}
      {diffParticipant && (
        <RedlineDialog
          statement={statement}
          participant={diffParticipant}
          canSign={canSignFor.has(diffParticipant.orgId)}
          signBlockedReason={signBlockedReason}
          onChanged={onChanged}
          onStale={onStale}
          onClose={() => setDiffOrgId(null)}
        />
      )}
    </section>
  );
}

/** "1 of 3 signed the current text" with a bar of the same numbers. */
function SignoffSummary({ statement }: { statement: StatementDetail }) {
  const progress = signoffProgress(statement);
  const text = statement.status === 'published' ? 'the published text' : 'the current text';
  const percent = progress.total === 0 ? 0 : (progress.signed / progress.total) * 100;
  return (
    <Stack gap={4}>
      <Progress value={percent} color="teal.8" size="sm" radius="xl" aria-hidden="true" />
      <Text size="sm" data-testid="signoff-summary">
        {progressText(progress)} {text}
        {progress.stale > 0 && `; ${progress.stale} signed an earlier version`}.
      </Text>
    </Stack>
  );
}
